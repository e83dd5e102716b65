using System.Collections.Concurrent;
using Search.Ingest;

namespace Search.Indexing;

/// <summary>Build step 2, ingest: runs the Ingest stages on each file to ingest, on every core, and hands every document to
/// the steps after it as soon as it is made; a file that cannot be ingested is reported, never fatal.</summary>
public sealed class IngestStep(DocumentIngestor ingestor)
{
    /// <summary>Ingests <paramref name="files"/>; <paramref name="ingested"/> is called once per document, from any thread.</summary>
    /// <returns>The files that could not be ingested, in source order.</returns>
    public IReadOnlyList<IngestError> Run(IReadOnlyList<CorpusFile> files, string corpusRoot, Action<CorpusFile, PolicyDocument> ingested,
        IProgress<IndexProgress>? progress = null, CancellationToken cancel = default)
    {
        var failures = new ConcurrentBag<IngestError>();
        int done = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, file =>
        {
            PolicyDocument? document = null;
            try
            {
                document = ingestor.Ingest(file.Path, corpusRoot);
            }
            catch (Exception e) when (e is UserError or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                failures.Add(new IngestError(file.Source, e.Message));
            }
            // What the next steps fail with (a full disk) is not a bad file: it aborts the run.
            if (document is not null) ingested(file, document);
            progress?.Report(new IndexProgress(Interlocked.Increment(ref done), files.Count, file.Source));
        });
        return failures.OrderBy(f => f.Source, StringComparer.Ordinal).ToList();
    }
}
