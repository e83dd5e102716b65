using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Search.Schema;

namespace Search.Querying;

/// <summary>An opened index folder for reading: refreshable searcher, stored documents by id.</summary>
/// <remarks>Readers see one commit at a time (Lucene's point-in-time view), so a search never mixes an old and a new index.</remarks>
public sealed class SearchIndex : IDisposable
{
    readonly Lucene.Net.Store.Directory _directory;
    public SearcherManager Searchers { get; }
    public string Folder { get; }

    SearchIndex(string folder, Lucene.Net.Store.Directory directory)
    {
        Folder = folder;
        _directory = directory;
        Searchers = new SearcherManager(directory, new IndexSearcherFactory());
    }

    /// <summary>Opens an existing index; a missing or empty folder is a user error that says how to build one.</summary>
    public static SearchIndex Open(string folder)
    {
        if (!System.IO.Directory.Exists(folder)) throw new UserError($"no index at '{folder}': run 'index' first");
        var directory = OpenDirectory(folder);
        if (!DirectoryReader.IndexExists(directory))
        {
            directory.Dispose();
            throw new UserError($"no index at '{folder}': run 'index' first");
        }
        // Another format means other fields and other terms (metadata names, grams): queries would run, and find the wrong
        // things. `index` rebuilds such an index; reading it is refused.
        if (CommitMetadata.Latest(directory) is { HasOtherFormat: true, Format: var format })
        {
            directory.Dispose();
            throw new UserError($"the index at '{folder}' has format {format} and this build reads format {IndexFormat.Version}: run 'index' to rebuild it");
        }
        return new SearchIndex(folder, directory);
    }

    /// <summary>Stored-field files read with positional reads, every other index file memory-mapped (read through a pointer: <see cref="PointerMapDirectory"/>).</summary>
    /// <remarks>A result page reads a few compressed chunks of stored fields (measure texts) at random; through the map every
    /// chunk ever read would stay in the server's resident set. Postings, term dictionaries and doc values stay mapped because
    /// reading them through buffers costs the query mix its tail latency.</remarks>
    static Lucene.Net.Store.Directory OpenDirectory(string folder) =>
        new FileSwitchDirectory(new HashSet<string> { "fdt" }, new StoredFieldsDirectory(new DirectoryInfo(folder)), new PointerMapDirectory(new DirectoryInfo(folder)), doClose: true);

    /// <summary>Reads stored fields through buffers one compressed chunk wide.</summary>
    /// <remarks>Lucene's default 1 KB buffer takes a dozen reads (system calls) for each chunk of a stored measure, once per
    /// measure shown.</remarks>
    sealed class StoredFieldsDirectory(DirectoryInfo folder) : NIOFSDirectory(folder)
    {
        const int ChunkBuffer = 16 * 1024;

        public override IndexInput OpenInput(string name, IOContext context)
        {
            var input = base.OpenInput(name, context);
            if (input is BufferedIndexInput buffered) buffered.SetBufferSize(ChunkBuffer);
            return input;
        }
    }

    /// <summary>Picks up the latest commit, if any; returns true when the view changed.</summary>
    public bool Refresh() => Searchers.MaybeRefresh();

    /// <summary>Runs <paramref name="use"/> on a searcher pinned to one commit.</summary>
    public T With<T>(Func<IndexSearcher, T> use)
    {
        var searcher = Searchers.Acquire();
        try { return use(searcher); }
        finally { Searchers.Release(searcher); }
    }

    /// <summary>Runs an asynchronous <paramref name="use"/> on a searcher pinned to one commit until it completes (an export
    /// written to a slow client holds its commit that long).</summary>
    public async Task<T> WithAsync<T>(Func<IndexSearcher, Task<T>> use)
    {
        var searcher = Searchers.Acquire();
        try { return await use(searcher); }
        finally { Searchers.Release(searcher); }
    }

    /// <summary>The stored fields of the doc with this id and kind, or null.</summary>
    public Lucene.Net.Documents.Document? Find(string id, string kind) => With(searcher =>
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Id, id)), Occur.MUST },
            { new TermQuery(new Term(IndexFields.Kind, kind)), Occur.MUST },
        };
        var hits = searcher.Search(query, 1);
        return hits.ScoreDocs.Length == 0 ? null : searcher.Doc(hits.ScoreDocs[0].Doc);
    });

    /// <summary>The PolicyDocument JSON stored for <c>show</c>; unknown ids are a user error.</summary>
    public string DocumentJson(string docId)
    {
        ValidateId(docId);
        return Find(docId, IndexFields.KindDocument)?.Get(IndexFields.DocumentJson)
            ?? throw new UnknownIdError($"没有编号为“{docId}”的文件（unknown document id '{docId}'）");
    }

    /// <summary>Ids are generated as [A-Za-z0-9_-]; anything else is rejected before it reaches a query (no injection, no traversal).</summary>
    public static void ValidateId(string id)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new UserError($"编号“{(id.Length > 64 ? id[..64] + "…" : id)}”无效：编号最多 64 个字母、数字、“-”或“_”（invalid id: ids are up to 64 letters, digits, '-' or '_'）");
    }

    public void Dispose()
    {
        Searchers.Dispose();
        _directory.Dispose();
    }

    sealed class IndexSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            new(reader) { Similarity = new Lucene.Net.Search.Similarities.BM25Similarity() };
    }
}
