using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Ingest;
using Search.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexing;

/// <summary>Build step 3, write: the run's one <see cref="IndexWriter"/>. Removed sources are deleted when it opens, each
/// ingested document replaces its previous version or is added, and nothing is visible until <see cref="Commit"/>; disposed
/// without a commit, it rolls everything back, so a failed run leaves the previous commit as it was.</summary>
public sealed class WriteStep : IDisposable
{
    readonly IndexWriter _writer;
    readonly SearchAnalyzers _analyzers;
    readonly IReadOnlyDictionary<string, ManifestEntry> _previous;
    readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    int _added, _updated;
    bool _done;

    WriteStep(IndexWriter writer, SearchAnalyzers analyzers, IReadOnlyDictionary<string, ManifestEntry> previous)
    {
        _writer = writer; _analyzers = analyzers; _previous = previous;
    }

    /// <summary>Documents that were not in the committed index.</summary>
    public int Added => _added;

    /// <summary>Documents that replaced their previous version.</summary>
    public int Updated => _updated;

    /// <summary>The sources written in this run, with their document ids.</summary>
    public IReadOnlyDictionary<string, string> Written => _written;

    /// <summary>Opens the writer and deletes what the diff says is gone (everything, when the format changed).</summary>
    public static WriteStep Open(LuceneDirectory directory, string indexDir, SearchAnalyzers analyzers, CorpusDiff diff)
    {
        var writer = OpenWriter(directory, indexDir, analyzers);
        var step = new WriteStep(writer, analyzers, diff.Previous);
        try
        {
            if (diff.FormatChanged) writer.DeleteAll();
            foreach (var source in diff.Deleted)
                writer.DeleteDocuments(new Term(IndexFields.DocId, diff.Previous[source].DocId));
            return step;
        }
        catch
        {
            step.Dispose();
            throw;
        }
    }

    /// <summary>Writes one document's block (thread-safe): it replaces the committed version of its source atomically within the
    /// commit, or is added.</summary>
    public void Write(CorpusFile file, PolicyDocument document)
    {
        var docs = IndexedDocuments.For(document, file.Hash, _analyzers);
        if (_previous.TryGetValue(file.Source, out var old))
        {
            _writer.DeleteDocuments(new Term(IndexFields.DocId, old.DocId));
            _writer.UpdateDocuments(new Term(IndexFields.DocId, document.Id), docs);
            Interlocked.Increment(ref _updated);
        }
        else
        {
            // A source the committed index does not hold has no docs to replace: a delete term per new document would be
            // looked up in every segment each time deletes are applied, for nothing.
            _writer.AddDocuments(docs);
            Interlocked.Increment(ref _added);
        }
        _written[file.Source] = document.Id;
    }

    /// <summary>Makes everything written visible at once, with the commit's metadata.</summary>
    public void Commit(CommitMetadata metadata)
    {
        _writer.SetCommitData(metadata.ToUserData());
        _writer.Commit();
        _done = true;
        _writer.Dispose();
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        // Lucene's Dispose would commit what was added so far; an unfinished run must leave the previous commit as it was.
        try { _writer.Rollback(); } catch (Exception) { /* already failing; the rollback's own error adds nothing */ }
    }

    static IndexWriter OpenWriter(LuceneDirectory directory, string indexDir, SearchAnalyzers analyzers)
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.PerField)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
            // Compound files copy every segment once more into one file; the few segments of this index never strain file handles.
            UseCompoundFile = false,
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0 },
        };
        try
        {
            return new IndexWriter(directory, config);
        }
        catch (LockObtainFailedException e)
        {
            throw new IndexLockedError($"index is locked: another indexer is writing to '{indexDir}' (wait for it to finish; remove {Path.Combine(indexDir, "write.lock")} only if no indexer is running)", e);
        }
    }
}
