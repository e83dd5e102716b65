using Lucene.Net.Store;
using Search.Ingest;
using Search.Schema;

namespace Search.Indexing;

/// <summary>Builds or updates the index of a corpus folder: unchanged files skipped, changed replaced, removed deleted, the
/// measures embedded, all in one atomic commit.</summary>
/// <remarks>The build is five steps, each a class of its own: <see cref="DiffStep"/> (hash and diff) → <see cref="IngestStep"/>
/// → <see cref="WriteStep"/> → <see cref="EmbedStep"/> → <see cref="CommitStep"/>.</remarks>
/// <param name="semantic">Fit the embedding and write the measure vectors (off: full-text search only).</param>
public sealed class CorpusIndexer(SearchAnalyzers analyzers, DocumentIngestor? ingestor = null, bool semantic = true)
{
    readonly IngestStep _ingest = new(ingestor ?? new DocumentIngestor());

    public IndexSummary Run(string corpusRoot, string indexDir, IProgress<IndexProgress>? progress = null, CancellationToken cancel = default)
    {
        using var directory = OpenFolders(corpusRoot, indexDir);
        var diff = DiffStep.Run(corpusRoot, directory, cancel);
        if (diff.IsEmpty && (!semantic || EmbedStep.HasReadableFolder(indexDir)))
            return IndexSummary.Of(directory, 0, 0, 0, diff.Unchanged, []); // nothing to do: no writer, no lock, no new commit

        using var indexLock = IndexLock.Acquire(indexDir);
        string? previousFolder = CommitMetadata.Latest(directory)?.SemanticFolder(indexDir);
        IReadOnlyList<IngestError> failed;
        EmbedResult embedded;
        int added, updated;
        try
        {
            using var write = WriteStep.Open(directory, indexDir, analyzers, diff);
            var rows = new MeasureRows();
            failed = _ingest.Run(diff.ToIngest, corpusRoot, (file, document) =>
            {
                write.Write(file, document);
                if (semantic) rows.Add(document);
            }, progress, cancel);
            embedded = semantic ? new EmbedStep(directory).Run(indexDir, previousFolder, diff, write.Written, rows, progress, cancel) : EmbedResult.Off;
            CommitStep.Run(write, indexDir, embedded, diff.Current.Count, failed);
            (added, updated) = (write.Added, write.Updated);
        }
        catch (Exception e) when (RolledBack(e) is { } cause)
        {
            if (cause is IOException or UnauthorizedAccessException)
                throw new UserError($"indexing failed and was rolled back; the previous index is intact: {cause.Message}", cause);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }
        return IndexSummary.Of(directory, added, updated, diff.Deleted.Count, diff.Unchanged, failed) with { SemanticWarning = embedded.Warning };
    }

    /// <summary>The cause of a failed run, unwrapped from the parallel loop that met it (the writer has rolled back by then).</summary>
    static Exception? RolledBack(Exception e) => e is AggregateException a ? a.Flatten().InnerExceptions[0] : e is UserError ? null : e;

    static FSDirectory OpenFolders(string corpusRoot, string indexDir)
    {
        if (!System.IO.Directory.Exists(corpusRoot)) throw new UserError($"corpus folder not found: {corpusRoot}");
        try
        {
            System.IO.Directory.CreateDirectory(indexDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot create index folder '{indexDir}': {e.Message}");
        }
        return FSDirectory.Open(indexDir);
    }
}
