using Search.Schema;

namespace Search.Indexing;

/// <summary>Build step 5, commit: one atomic Lucene commit that names the semantic folder written for it; folders no commit
/// names any more are removed afterwards.</summary>
/// <remarks>The semantic folder is complete before the commit that names it: a crash before the commit leaves the previous
/// commit pointing at its own, untouched folder; the orphan is removed by the next successful run.</remarks>
public static class CommitStep
{
    /// <param name="failed">Files the run could not ingest; the commit records them (they are tried again by every run, not being
    /// in the index, so each commit's list is complete).</param>
    public static void Run(WriteStep write, string indexDir, EmbedResult embedded, int corpusFiles, IReadOnlyList<Search.Ingest.IngestError>? failed = null)
    {
        write.Commit(CommitMetadata.Current(embedded.FolderName, corpusFiles, failed));
        foreach (var dir in System.IO.Directory.GetDirectories(indexDir, "*semantic*"))
        {
            if (embedded.FolderName != null && Path.GetFileName(dir) == embedded.FolderName) continue;
            try { System.IO.Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
