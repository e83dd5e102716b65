using System.Security.Cryptography;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Ingest;
using Search.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexing;

/// <summary>A corpus file with the hash of what determines its document.</summary>
public sealed record CorpusFile(string Source, string Path, string Hash);

/// <summary>What the committed index holds of one source: the hash its document was built from, and the document's id.</summary>
public readonly record struct ManifestEntry(string Hash, string DocId);

/// <summary>The corpus compared with the committed index: which files to ingest, which sources to delete, how many are unchanged.</summary>
/// <param name="Current">Every corpus file, by source.</param>
/// <param name="Previous">The committed manifest (empty when there is no index yet, or one of another format).</param>
/// <param name="ToIngest">New and changed files, in ordinal source order.</param>
/// <param name="Deleted">Sources the index holds whose files are gone, in ordinal order.</param>
/// <param name="FormatChanged">The committed index has another format: everything is written again.</param>
public sealed record CorpusDiff(
    IReadOnlyDictionary<string, CorpusFile> Current, IReadOnlyDictionary<string, ManifestEntry> Previous,
    IReadOnlyList<CorpusFile> ToIngest, IReadOnlyList<string> Deleted, bool FormatChanged)
{
    public int Unchanged => Current.Count - ToIngest.Count;

    /// <summary>True when the committed index already holds exactly this corpus.</summary>
    public bool IsEmpty => ToIngest.Count == 0 && Deleted.Count == 0 && !FormatChanged && Previous.Count > 0;
}

/// <summary>Build step 1, hash and diff: hashes every corpus file and compares the hashes with the manifest of the committed index.</summary>
/// <remarks>The manifest of file hashes lives in the index itself (a stored field on each policy-document doc), so it can
/// never disagree with what was committed; a crash before the commit leaves the previous commit and its manifest intact.</remarks>
public static class DiffStep
{
    public static CorpusDiff Run(string corpusRoot, LuceneDirectory directory, CancellationToken cancel = default)
    {
        var previous = ReadManifest(directory, out bool formatChanged);
        var files = DocumentIngestor.CorpusFiles(corpusRoot);
        string overridesHash = HashOfOptional(Path.Combine(corpusRoot, "metadata.csv"));
        // Hashing reads every file of the corpus: on every core, then kept in file order.
        var hashes = new string[files.Count];
        ParallelWork.OnEveryCore(files.Count, i => hashes[i] = FileHash(files[i].Path, overridesHash), cancel);
        var current = new Dictionary<string, CorpusFile>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
            current[files[i].Source] = new CorpusFile(files[i].Source, files[i].Path, hashes[i]);

        var toIngest = current.Values.Where(f => !previous.TryGetValue(f.Source, out var old) || old.Hash != f.Hash)
            .OrderBy(f => f.Source, StringComparer.Ordinal).ToList();
        var deleted = previous.Keys.Where(s => !current.ContainsKey(s)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        return new CorpusDiff(current, previous, toIngest, deleted, formatChanged);
    }

    /// <summary>The committed manifest: source → (file hash, document id); empty when there is no index yet.</summary>
    public static Dictionary<string, ManifestEntry> ReadManifest(LuceneDirectory directory, out bool formatChanged)
    {
        var manifest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        formatChanged = false;
        if (!DirectoryReader.IndexExists(directory)) return manifest;
        using var reader = DirectoryReader.Open(directory);
        if (CommitMetadata.Of(reader) is { HasOtherFormat: true })
        {
            formatChanged = true;
            return manifest;
        }
        var fields = new HashSet<string> { IndexFields.Source, IndexFields.FileHash, IndexFields.DocId };
        var searcher = new IndexSearcher(reader);
        var hits = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Math.Max(1, reader.MaxDoc)).ScoreDocs;
        // Each document's few fields sit in compressed blocks beside its large document JSON, so reading them decompresses
        // most of the stored fields: on every core (a reader is thread-safe), then entered in hit order.
        var entries = new (string Source, string Hash, string DocId)[hits.Length];
        ParallelWork.OnEveryCore(hits.Length, i =>
        {
            var doc = reader.Document(hits[i].Doc, fields);
            entries[i] = (doc.Get(IndexFields.Source), doc.Get(IndexFields.FileHash), doc.Get(IndexFields.DocId));
        });
        foreach (var (source, hash, docId) in entries) manifest[source] = new ManifestEntry(hash, docId);
        return manifest;
    }

    /// <summary>Hash of what determines a document: the file, its sidecar overrides, metadata.csv, and the index format.</summary>
    static string FileHash(string path, string overridesHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var f = File.OpenRead(path))
        {
            var buffer = new byte[81920];
            for (int n; (n = f.Read(buffer, 0, buffer.Length)) > 0;) sha.AppendData(buffer, 0, n);
        }
        string sidecars = string.Join(",", SidecarPaths(path).Select(HashOfOptional));
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes("|" + sidecars + "|" + overridesHash + "|" + IndexFormat.Version));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    /// <summary>Where ingestion looks for a sidecar (NAME.meta.json, NAME.ext.meta.json): editing one re-indexes the document.</summary>
    static IEnumerable<string> SidecarPaths(string path)
    {
        string full = Path.GetFullPath(path);
        yield return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".meta.json");
        yield return full + ".meta.json";
    }

    static string HashOfOptional(string path)
    {
        if (!File.Exists(path)) return "-";
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16];
    }
}
