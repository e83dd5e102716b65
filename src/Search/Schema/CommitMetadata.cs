using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Schema;

/// <summary>What a commit says about itself in its user data: the index format, the semantic folder written with it, and how
/// many corpus files it was built from. The one place commit metadata is read and written.</summary>
/// <param name="Format">The <see cref="IndexFormat.Version"/> the commit was written with (null for a commit without one).</param>
/// <param name="SemanticFolderName">The semantic folder (vectors and model) that belongs to the commit, a name inside the index folder.</param>
/// <param name="Files">Corpus files seen by the run that wrote the commit.</param>
public sealed record CommitMetadata(string? Format, string? SemanticFolderName, int? Files)
{
    /// <summary>The corpus files the run that wrote the commit could not ingest, with why (the quality report lists them).</summary>
    public IReadOnlyList<Search.Ingest.IngestError> Failed { get; init; } = [];

    const string FailedKey = "search.failed";
    const string FormatKey = "search.format";
    const string SemanticKey = "search.semantic";
    const string FilesKey = "search.files";

    /// <summary>True when the commit declares a format this build does not read.</summary>
    public bool HasOtherFormat => Format is not null && Format != IndexFormat.Version;

    /// <summary>What this build writes: the current format, the given semantic folder and file count.</summary>
    public static CommitMetadata Current(string? semanticFolderName, int files, IReadOnlyList<Search.Ingest.IngestError>? failed = null) =>
        new(IndexFormat.Version, semanticFolderName, files) { Failed = failed ?? [] };

    /// <summary>Reads commit user data.</summary>
    public static CommitMetadata From(IDictionary<string, string> userData) => new(
        userData.TryGetValue(FormatKey, out var format) ? format : null,
        userData.TryGetValue(SemanticKey, out var semantic) ? semantic : null,
        userData.TryGetValue(FilesKey, out var files) && int.TryParse(files, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null)
    {
        Failed = userData.TryGetValue(FailedKey, out var failed) ? ReadFailed(failed) : [],
    };

    static IReadOnlyList<Search.Ingest.IngestError> ReadFailed(string json)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<List<Search.Ingest.IngestError>>(json) ?? []; }
        catch (System.Text.Json.JsonException) { return []; }
    }

    /// <summary>The metadata of the commit a reader sees; null for a reader not opened on a directory commit.</summary>
    public static CommitMetadata? Of(IndexReader reader) => reader is DirectoryReader directory ? From(directory.IndexCommit.UserData) : null;

    /// <summary>The metadata of the latest commit in a directory; null when it holds no index.</summary>
    public static CommitMetadata? Latest(LuceneDirectory directory)
    {
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commits = DirectoryReader.ListCommits(directory);
        return commits.Count == 0 ? null : From(commits[^1].UserData);
    }

    /// <summary>The metadata of the latest commit in an index folder; null when the folder is missing or holds no index.</summary>
    public static CommitMetadata? Latest(string indexFolder)
    {
        if (!System.IO.Directory.Exists(indexFolder)) return null;
        using var directory = FSDirectory.Open(indexFolder);
        return Latest(directory);
    }

    /// <summary>The commit user data to write.</summary>
    public IDictionary<string, string> ToUserData()
    {
        var data = new Dictionary<string, string>();
        if (Format is not null) data[FormatKey] = Format;
        if (SemanticFolderName is not null) data[SemanticKey] = SemanticFolderName;
        if (Files is { } files) data[FilesKey] = files.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Failed.Count > 0) data[FailedKey] = System.Text.Json.JsonSerializer.Serialize(Failed);
        return data;
    }

    /// <summary>The full path of the semantic folder the commit names, if it exists on disk.</summary>
    public string? SemanticFolder(string indexFolder)
    {
        if (SemanticFolderName is null) return null;
        string folder = Path.Combine(indexFolder, SemanticFolderName);
        return System.IO.Directory.Exists(folder) ? folder : null;
    }
}
