namespace Search.Indexing;

/// <summary>One indexer per folder, across processes: an exclusive OS lock (flock) on <c>indexer.lock</c>, released by the
/// kernel when the process ends, so a killed indexer never leaves a stale lock behind.</summary>
/// <remarks>Lucene.Net's own write.lock did not stop a second process; this lock does.</remarks>
public static class IndexLock
{
    /// <summary>Takes the lock; <see cref="IndexLockedError"/> when another indexer holds it.</summary>
    public static IDisposable Acquire(string indexDir)
    {
        string path = Path.Combine(indexDir, "indexer.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult == 11 || (e.HResult & 0xFFFF) is 32 or 33) // EWOULDBLOCK (Linux flock) or sharing/lock violation (Windows)
        {
            throw new IndexLockedError($"index is locked: another indexer is writing to '{indexDir}' (wait for it to finish)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot write to index folder '{indexDir}': {e.Message}; the previous index is intact");
        }
    }
}
