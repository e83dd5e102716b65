using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Ingest;
using Search.Schema;
using Search.Semantic;
using Search.Semantic.Vectors;

namespace Search.Indexing;

/// <summary>What the embed step left for the commit: the semantic folder to name, or why there is none.</summary>
public sealed record EmbedResult(string? FolderName, string? Warning)
{
    public static readonly EmbedResult Off = new(null, null);
}

/// <summary>The measure rows of the documents a run ingested, collected as they are made (thread-safe).</summary>
public sealed class MeasureRows
{
    readonly ConcurrentQueue<MeasureVectorRow> _rows = new();

    public void Add(PolicyDocument document)
    {
        foreach (var row in SemanticIndexBuilder.RowsOf(document)) _rows.Enqueue(row);
    }

    public IEnumerable<MeasureVectorRow> All => _rows;
}

/// <summary>Build step 4, embed: fits the embedding on the measures of every document the commit will hold and writes their
/// vectors into a semantic folder named by the measures' fingerprint (an unchanged corpus keeps the folder it has).</summary>
/// <remarks>The rows are the ingest step's, for the documents this run wrote; a document the run kept as it was contributes
/// the rows the previous semantic folder holds for it (they were made from its ingestion then). Only when there is no readable
/// previous folder (an index built without vectors, or one whose vectors have another format) are the kept documents' rows
/// read from their stored ingestion result (<see cref="IndexFields.DocumentJson"/>), which is far cheaper than ingesting
/// them again.</remarks>
public sealed class EmbedStep(Lucene.Net.Store.Directory directory)
{
    /// <summary>True when the latest commit names a semantic folder this build can read.</summary>
    public static bool HasReadableFolder(string indexDir) => Readable(CommitMetadata.Latest(indexDir)?.SemanticFolder(indexDir));

    static bool Readable(string? folder)
    {
        if (folder is null) return false;
        try { MeasureVectorStore.ReadHeader(folder); return true; }
        catch (Exception e) when (e is UserError or IOException or InvalidDataException or System.Text.Json.JsonException) { return false; }
    }

    /// <param name="previousFolder">The semantic folder of the commit this run replaces (read before it commits), or null.</param>
    /// <param name="written">Sources this run wrote, with their document ids.</param>
    /// <param name="ingested">The measure rows of the documents this run wrote.</param>
    public EmbedResult Run(string indexDir, string? previousFolder, CorpusDiff diff, IReadOnlyDictionary<string, string> written, MeasureRows ingested,
        IProgress<IndexProgress>? progress = null, CancellationToken cancel = default)
    {
        try
        {
            // When no document came, changed or went (the files to ingest all failed again), the folder the last commit names
            // still describes the index.
            bool documentsUnchanged = !diff.FormatChanged && diff.Deleted.Count == 0 && written.Count == 0;
            if (documentsUnchanged && Readable(previousFolder)) return new EmbedResult(Path.GetFileName(previousFolder), null);

            var rows = SemanticIndexBuilder.InIdOrder(ingested.All.Concat(KeptRows(previousFolder, diff, written, cancel)));
            if (rows.Count < 2) return EmbedResult.Off;
            string name = "semantic-" + SemanticIndexBuilder.Fingerprint(rows)[..16];
            string folder = Path.Combine(indexDir, name);
            if (!SemanticIndexBuilder.IsCurrent(rows, folder))
                SemanticIndexBuilder.Build(rows, folder, progress: progress is null ? null
                    : new SemanticProgress(p => progress.Report(new IndexProgress(p.Done, p.Total, "", p.Stage))));
            return new EmbedResult(name, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The full-text index must not be lost to a model that cannot be fitted; search works without vectors.
            return new EmbedResult(null, $"semantic index not built: {e.Message}");
        }
    }

    /// <summary>The rows of the documents the commit keeps as they were: neither written by this run nor deleted.</summary>
    IEnumerable<MeasureVectorRow> KeptRows(string? previousFolder, CorpusDiff diff, IReadOnlyDictionary<string, string> written, CancellationToken cancel)
    {
        var deleted = diff.Deleted.ToHashSet(StringComparer.Ordinal);
        var kept = diff.Previous.Where(p => !written.ContainsKey(p.Key) && !deleted.Contains(p.Key))
            .ToDictionary(p => p.Value.DocId, p => p.Key, StringComparer.Ordinal);
        if (kept.Count == 0) return [];
        if (Readable(previousFolder)) return MeasureVectorStore.ReadRows(previousFolder!).Where(r => kept.ContainsKey(r.DocId)).ToList();
        return StoredRows(kept, cancel);
    }

    /// <summary>The measure rows of the kept documents' stored ingestion results, read from the committed index on every core
    /// (a reader is thread-safe) one document at a time: only the rows are kept, not the documents.</summary>
    List<MeasureVectorRow> StoredRows(IReadOnlyDictionary<string, string> kept, CancellationToken cancel)
    {
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var hits = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Math.Max(1, reader.MaxDoc)).ScoreDocs;
        var fields = new HashSet<string> { IndexFields.DocId, IndexFields.DocumentJson };
        var rows = new ConcurrentQueue<MeasureVectorRow>();
        ParallelWork.OnEveryCore(hits.Length, i =>
        {
            var doc = reader.Document(hits[i].Doc, fields);
            if (!kept.ContainsKey(doc.Get(IndexFields.DocId))) return;
            foreach (var row in SemanticIndexBuilder.RowsOf(IngestJson.ToDocument(IngestJson.Deserialize(doc.Get(IndexFields.DocumentJson)))))
                rows.Enqueue(row);
        }, cancel);
        return [.. rows];
    }

    /// <summary>Forwards on the reporting thread: <see cref="Progress{T}"/> would post to the thread pool and could report a
    /// stage after the run has returned.</summary>
    sealed class SemanticProgress(Action<SemanticBuildProgress> report) : IProgress<SemanticBuildProgress>
    {
        public void Report(SemanticBuildProgress value) => report(value);
    }
}
