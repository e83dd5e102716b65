using Xunit;
using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>The repository's real corpus, located from the test binaries, ingested once per test run.</summary>
public static class TestCorpus
{
    public static string Root { get; } = Locate();

    static readonly Lazy<IReadOnlyDictionary<string, PolicyDocument>> Documents = new(() =>
        Directory.GetFiles(Root, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new DocumentIngestor().Ingest(f, Root))
            .ToDictionary(d => d.Source[..3]));

    /// <summary>The document whose file name starts with <paramref name="prefix"/> ("000" … "004").</summary>
    public static PolicyDocument Document(string prefix) => Documents.Value[prefix];

    public static string File(string prefix) => Directory.GetFiles(Root, prefix + "_*.txt").Single();

    static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "corpus")) && System.IO.File.Exists(Path.Combine(dir.FullName, "Search.sln")))
                return Path.Combine(dir.FullName, "corpus");
        throw new DirectoryNotFoundException("corpus/ not found above the test binaries");
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("search-ingest-").FullName;

    public string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
