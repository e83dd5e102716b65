using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Ingest;
using Search.Querying;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexing;

/// <summary>What one <c>index</c> run did.</summary>
public sealed record IndexSummary(int Added, int Updated, int Deleted, int Unchanged, int Documents, int Measures, IReadOnlyList<IngestError> Failed)
{
    /// <summary>Why no semantic index was written with this commit (similar measures and hybrid ranking are then off), or null.</summary>
    public string? SemanticWarning { get; init; }
}

/// <summary>Progress of an index run: files ingested so far out of those that needed it (<see cref="Stage"/> is
/// <see cref="Files"/>), then the stages of the semantic build, counted in measures.</summary>
public readonly record struct IndexProgress(int Done, int Total, string Source, string Stage = IndexProgress.Files)
{
    public const string Files = "indexing";
}

/// <summary>Builds or updates the Lucene index of a corpus folder: unchanged files skipped, changed replaced, removed deleted, one atomic commit.</summary>
/// <remarks>The manifest of file hashes lives in the index itself (a stored field on each policy-document doc), so it can
/// never disagree with what was committed; a crash before the commit leaves the previous commit and its manifest intact.</remarks>
public sealed class CorpusIndexer(SearchAnalyzers analyzers, DocumentIngestor? ingestor = null, bool semantic = true)
{
    /// <summary>Commit user-data key naming the semantic folder (vectors + model) that belongs to the commit.</summary>
    public const string SemanticKey = "search.semantic";
    /// <summary>Bumped whenever ingestion or the index schema changes meaning; an index with another format is rebuilt.</summary>
    public const string FormatVersion = "10"; // 10: the common four-character phrases re-counted by their rule (157, was 127); 9: grams fields also hold two adjacent common phrases as one eight-character term; 8: grams fields hold the common four-character phrases as terms; 7: grams fields keep unigrams only where a CJK run ends; 2: document docs analyse their text into doc_text / doc_text_grams; 3: measure docs their title into measure_title*; 4: measure docs index metadata as measure_<field>; 5: grams fields hold trigrams around common bigrams; 6: document docs carry source, title and measure_count as doc values
    public const string FormatKey = "search.format";

    readonly DocumentIngestor _ingestor = ingestor ?? new DocumentIngestor();

    public IndexSummary Run(string corpusRoot, string indexDir, IProgress<IndexProgress>? progress = null, CancellationToken cancel = default)
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

        using var directory = FSDirectory.Open(indexDir);
        var previous = ReadManifest(directory, out bool formatChanged);
        var files = DocumentIngestor.CorpusFiles(corpusRoot);
        string overridesHash = HashOfOptional(Path.Combine(corpusRoot, "metadata.csv"));
        // Hashing reads every file of the corpus (1.6 GB at 100,000 documents): on every core, then kept in file order.
        var hashes = new string[files.Count];
        OnEveryCore(files.Count, i => hashes[i] = FileHash(files[i].Path, overridesHash), cancel);
        var current = new Dictionary<string, (string Path, string Hash)>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
            current[files[i].Source] = (files[i].Path, hashes[i]);

        var toIngest = current.Where(f => !previous.TryGetValue(f.Key, out var old) || old.Hash != f.Value.Hash)
            .OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var deleted = previous.Keys.Where(s => !current.ContainsKey(s)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        int unchanged = current.Count - toIngest.Count;

        if (toIngest.Count == 0 && deleted.Count == 0 && !formatChanged && previous.Count > 0 && (!semantic || SemanticFolderReadable(indexDir)))
            return Summarize(directory, 0, 0, 0, unchanged, []); // nothing to do: no writer, no lock, no new commit

        using var processLock = AcquireIndexerLock(indexDir);
        var writer = OpenWriter(directory, indexDir);
        var failures = new ConcurrentBag<IngestError>();
        int added = 0, updated = 0;
        string? semanticWarning = null;
        try
        {
            if (formatChanged) writer.DeleteAll();
            foreach (var source in deleted)
                writer.DeleteDocuments(new Term(IndexFields.DocId, previous[source].DocId));

            int done = 0;
            Parallel.ForEach(toIngest, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, file =>
            {
                string source = file.Key;
                PolicyDocument? document = null;
                try
                {
                    document = _ingestor.Ingest(file.Value.Path, corpusRoot);
                }
                catch (Exception e) when (e is UserError or IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    failures.Add(new IngestError(source, e.Message));
                }
                if (document is not null)
                {
                    // Writer errors (a full disk) are not a bad file: they abort the run and roll it back.
                    var docs = IndexedDocuments.For(document, file.Value.Hash, analyzers);
                    if (previous.TryGetValue(source, out var old))
                    {
                        // Replace atomically within the commit; a changed file whose new version fails keeps its old version.
                        writer.DeleteDocuments(new Term(IndexFields.DocId, old.DocId));
                        writer.UpdateDocuments(new Term(IndexFields.DocId, document.Id), docs);
                        Interlocked.Increment(ref updated);
                    }
                    else
                    {
                        // A source the committed index does not hold has no docs to replace: a delete term per new document
                        // would be looked up in every segment each time deletes are applied, for nothing.
                        writer.AddDocuments(docs);
                        Interlocked.Increment(ref added);
                    }
                }
                progress?.Report(new IndexProgress(Interlocked.Increment(ref done), toIngest.Count, source));
            });

            var commitData = new Dictionary<string, string>
            {
                [FormatKey] = FormatVersion,
                ["search.files"] = current.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            // The semantic folder is written completely before the commit that names it: a crash before the commit leaves the
            // previous commit pointing at its own, untouched folder; the orphan is removed by the next successful run.
            string? semanticFolder = null;
            if (semantic)
            {
                try
                {
                    // When no document came, changed or went (the files to ingest all failed again), the folder the last commit
                    // names still describes the index: reading every document back for its fingerprint would only find it again.
                    bool documentsUnchanged = !formatChanged && deleted.Count == 0 && added == 0 && updated == 0;
                    semanticFolder = documentsUnchanged && SemanticFolderReadable(indexDir)
                        ? Path.GetFileName(SemanticFolder(indexDir))
                        : BuildSemantic(writer, indexDir, progress);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The full-text index must not be lost to a model that cannot be fitted; search works without vectors.
                    semanticWarning = $"semantic index not built: {e.Message}";
                }
            }
            if (semanticFolder != null) commitData[SemanticKey] = semanticFolder;
            writer.SetCommitData(commitData);
            writer.Commit();
            RemoveUnreferencedSemanticFolders(indexDir, semanticFolder);
            writer.Dispose();
        }
        catch (Exception e)
        {
            // Lucene's Dispose would commit what was added so far; a failed run must leave the previous commit as it was.
            try { writer.Rollback(); } catch (Exception) { /* already failing; the rollback's own error adds nothing */ }
            var cause = e is AggregateException a ? a.Flatten().InnerExceptions[0] : e;
            if (cause is IOException or UnauthorizedAccessException)
                throw new UserError($"indexing failed and was rolled back; the previous index is intact: {cause.Message}", cause);
            if (cause != e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }

        return Summarize(directory, added, updated, deleted.Count, unchanged, failures.OrderBy(f => f.Source, StringComparer.Ordinal).ToList())
            with { SemanticWarning = semanticWarning };
    }

    static IndexSummary Summarize(LuceneDirectory directory, int added, int updated, int deleted, int unchanged, IReadOnlyList<IngestError> failed)
    {
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        return new IndexSummary(added, updated, deleted, unchanged,
            CountKind(searcher, IndexFields.KindDocument), CountKind(searcher, IndexFields.KindMeasure), failed);
    }

    /// <summary>Fits and writes the semantic folder for the documents the writer is about to commit; its name is the measures'
    /// fingerprint, so an unchanged corpus reuses the folder it already has. Null when there are too few measures to fit.</summary>
    static string? BuildSemantic(IndexWriter writer, string indexDir, IProgress<IndexProgress>? progress)
    {
        List<Semantic.MeasureVectorRow> rows;
        using (var reader = DirectoryReader.Open(writer, applyAllDeletes: true))
        {
            var searcher = new IndexSearcher(reader);
            var fields = new HashSet<string> { IndexedDocuments.DocumentJson };
            var hits = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Math.Max(1, reader.MaxDoc)).ScoreDocs;
            // Documents are deserialised one at a time and only their measure rows kept: at 100,000 documents their clean
            // texts alone are gigabytes. Reading and deserialising is split over the cores (a reader is thread-safe); the
            // rows are put in id order afterwards, so the split does not show in the result.
            int parts = Math.Max(1, Math.Min(Environment.ProcessorCount, hits.Length / 256));
            var partRows = new List<Semantic.MeasureVectorRow>[parts];
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                int from = (int)((long)hits.Length * part / parts), to = (int)((long)hits.Length * (part + 1) / parts);
                var found = new List<Semantic.MeasureVectorRow>();
                for (int i = from; i < to; i++)
                    found.AddRange(Semantic.SemanticIndexBuilder.RowsOf(IngestJson.ToDocument(IngestJson.Deserialize(
                        reader.Document(hits[i].Doc, fields).Get(IndexedDocuments.DocumentJson)))));
                partRows[part] = found;
            });
            rows = Semantic.SemanticIndexBuilder.InIdOrder(partRows.SelectMany(p => p));
        }
        if (rows.Count < 2) return null;
        string name = "semantic-" + Semantic.SemanticIndexBuilder.Fingerprint(rows)[..16];
        string folder = Path.Combine(indexDir, name);
        if (!Semantic.SemanticIndexBuilder.IsCurrent(rows, folder))
            Semantic.SemanticIndexBuilder.Build(rows, folder, progress: progress is null ? null
                : new SemanticProgress(p => progress.Report(new IndexProgress(p.Done, p.Total, "", p.Stage))));
        return name;
    }

    /// <summary>Forwards on the reporting thread: <see cref="Progress{T}"/> would post to the thread pool and could report a
    /// stage after the run has returned.</summary>
    sealed class SemanticProgress(Action<Semantic.SemanticBuildProgress> report) : IProgress<Semantic.SemanticBuildProgress>
    {
        public void Report(Semantic.SemanticBuildProgress value) => report(value);
    }

    static void RemoveUnreferencedSemanticFolders(string indexDir, string? keep)
    {
        foreach (var dir in System.IO.Directory.GetDirectories(indexDir, "*semantic*"))
        {
            if (keep != null && Path.GetFileName(dir) == keep) continue;
            try { System.IO.Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>True when the latest commit names a semantic folder this build cannot read (missing, or written in another
    /// format): <see cref="Run"/> re-fits it, without re-indexing unchanged documents.</summary>
    public static bool HasUnreadableSemanticFolder(string indexDir)
    {
        if (!System.IO.Directory.Exists(indexDir)) return false;
        using var directory = FSDirectory.Open(indexDir);
        if (!DirectoryReader.IndexExists(directory)) return false;
        var commits = DirectoryReader.ListCommits(directory);
        return commits.Count > 0 && commits[^1].UserData.ContainsKey(SemanticKey) && !SemanticFolderReadable(indexDir);
    }

    /// <summary>True when the commit's semantic folder exists and this build can read its format (else the next run rebuilds it).</summary>
    static bool SemanticFolderReadable(string indexDir)
    {
        if (SemanticFolder(indexDir) is not { } folder) return false;
        try { Semantic.MeasureVectorStore.ReadHeader(folder); return true; }
        catch (Exception e) when (e is UserError or IOException or InvalidDataException or System.Text.Json.JsonException) { return false; }
    }

    /// <summary>The index format the latest commit declares (null without an index or without the key).</summary>
    public static string? CommittedFormat(string indexDir)
    {
        if (!System.IO.Directory.Exists(indexDir)) return null;
        using var directory = FSDirectory.Open(indexDir);
        return CommittedFormat(directory);
    }

    /// <inheritdoc cref="CommittedFormat(string)"/>
    public static string? CommittedFormat(LuceneDirectory directory)
    {
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commits = DirectoryReader.ListCommits(directory);
        return commits.Count > 0 && commits[^1].UserData.TryGetValue(FormatKey, out var format) ? format : null;
    }

    /// <summary>True when the folder holds an index this build cannot read (another format): <see cref="Run"/> rebuilds it.</summary>
    public static bool HasOtherFormat(string indexDir) => CommittedFormat(indexDir) is { } format && format != FormatVersion;

    /// <summary>The semantic folder the latest commit names, if it exists on disk.</summary>
    public static string? SemanticFolder(string indexDir)
    {
        if (!System.IO.Directory.Exists(indexDir)) return null;
        using var directory = FSDirectory.Open(indexDir);
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commits = DirectoryReader.ListCommits(directory);
        if (commits.Count == 0 || !commits[^1].UserData.TryGetValue(SemanticKey, out var name)) return null;
        string folder = Path.Combine(indexDir, name);
        return System.IO.Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Live docs of one kind (deleted docs excluded, unlike DocFreq).</summary>
    public static int CountKind(IndexSearcher searcher, string kind)
    {
        var collector = new TotalHitCountCollector();
        searcher.Search(new TermQuery(new Term(IndexFields.Kind, kind)), collector);
        return collector.TotalHits;
    }

    /// <summary>One indexer per folder, across processes: an exclusive OS lock (flock) on <c>indexer.lock</c>, released by the
    /// kernel when the process ends, so a killed indexer never leaves a stale lock behind.</summary>
    /// <remarks>Lucene.Net's own write.lock did not stop a second process here; this lock does.</remarks>
    static FileStream AcquireIndexerLock(string indexDir)
    {
        string path = Path.Combine(indexDir, "indexer.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult == 11 || (e.HResult & 0xFFFF) is 32 or 33) // EWOULDBLOCK (Linux flock) or sharing/lock violation (Windows)
        {
            throw new UserError($"index is locked: another indexer is writing to '{indexDir}' (wait for it to finish)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot write to index folder '{indexDir}': {e.Message}; the previous index is intact");
        }
    }

    IndexWriter OpenWriter(LuceneDirectory directory, string indexDir)
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.PerField)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
            // Compound files copy every segment once more into one file (1.2 GB extra writes at 10,000 documents); the few
            // segments of this index never strain file handles.
            UseCompoundFile = false,
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0 },
        };
        try
        {
            return new IndexWriter(directory, config);
        }
        catch (LockObtainFailedException)
        {
            throw new UserError($"index is locked: another indexer is writing to '{indexDir}' (wait for it to finish; remove {Path.Combine(indexDir, "write.lock")} only if no indexer is running)");
        }
    }

    /// <summary>The committed manifest: source → (file hash, document id); empty when there is no index yet.</summary>
    public static Dictionary<string, (string Hash, string DocId)> ReadManifest(LuceneDirectory directory, out bool formatChanged)
    {
        var manifest = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        formatChanged = false;
        if (!DirectoryReader.IndexExists(directory)) return manifest;
        using var reader = DirectoryReader.Open(directory);
        if (reader.IndexCommit.UserData.TryGetValue(FormatKey, out var format) && format != FormatVersion)
        {
            formatChanged = true;
            return manifest;
        }
        var fields = new HashSet<string> { IndexFields.Source, IndexedDocuments.FileHash, IndexFields.DocId };
        var searcher = new IndexSearcher(reader);
        var hits = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Math.Max(1, reader.MaxDoc)).ScoreDocs;
        // Each document's few fields sit in compressed blocks beside its large document JSON, so reading them decompresses
        // most of the stored fields: on every core (a reader is thread-safe), then entered in hit order as before.
        var entries = new (string Source, string Hash, string DocId)[hits.Length];
        OnEveryCore(hits.Length, i =>
        {
            var doc = reader.Document(hits[i].Doc, fields);
            entries[i] = (doc.Get(IndexFields.Source), doc.Get(IndexedDocuments.FileHash), doc.Get(IndexFields.DocId));
        });
        foreach (var (source, hash, docId) in entries) manifest[source] = (hash, docId);
        return manifest;
    }

    /// <summary>Runs <paramref name="body"/> for 0 … count − 1 on every core; a failure surfaces as the exception itself (one of
    /// them, if several), as the sequential loop it replaces threw it, not wrapped in an <see cref="AggregateException"/>.</summary>
    static void OnEveryCore(int count, Action<int> body, CancellationToken cancel = default)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Hash of what determines a document: the file, its sidecar overrides, metadata.csv, and the index format.</summary>
    static string FileHash(string path, string overridesHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var f = File.OpenRead(path)) AppendStream(sha, f);
        string sidecars = string.Join(",", SidecarPaths(path).Select(HashOfOptional));
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes("|" + sidecars + "|" + overridesHash + "|" + FormatVersion));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    static void AppendStream(IncrementalHash sha, Stream s)
    {
        var buffer = new byte[81920];
        for (int n; (n = s.Read(buffer, 0, buffer.Length)) > 0;) sha.AppendData(buffer, 0, n);
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
