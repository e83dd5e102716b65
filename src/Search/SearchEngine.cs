using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Querying;
using Search.Schema;
using Search.Semantic;
using Search.Semantic.Vectors;
using Search.Semantic.Similar;

namespace Search;

/// <summary>The opened product: an index, the analyzers it was built with, and the query pipeline over them; shared by CLI and web.</summary>
public sealed class SearchEngine : IDisposable
{
    readonly LuceneQueryBuilder _builder;
    // The hybrid's BM25 side queries plain uni- and bigrams (see MeasureTermRanker).
    readonly GramsAnalyzer _plainGrams = new(common: null);
    public SearchIndex Index { get; }
    public SearchAnalyzers Analyzers { get; }

    SearchEngine(SearchIndex index, SearchAnalyzers analyzers)
    {
        Index = index;
        Analyzers = analyzers;
        _builder = new LuceneQueryBuilder(analyzers.Words, analyzers.Grams, TextFolder.FoldToString);
    }

    /// <summary>Opens the index folder; a missing index is a user error that says to run <c>index</c>.</summary>
    public static SearchEngine Open(string indexFolder, SmartCnOptions? options = null)
    {
        var analyzers = new SearchAnalyzers(options);
        try
        {
            return new SearchEngine(SearchIndex.Open(indexFolder), analyzers);
        }
        catch
        {
            analyzers.Dispose();
            throw;
        }
    }

    /// <summary>Runs a query on the current commit; syntax errors come back in the outcome, not as exceptions.</summary>
    /// <remarks>Free-text queries (no quoted phrase, relevance order) are hybrid: the best BM25 documents are re-ordered by
    /// reciprocal rank fusion with the embedding ranking of the same words; fusion never adds a document.</remarks>
    public SearchOutcome Search(SearchQuery query) => Index.With(searcher => SearcherFor(searcher).Search(query));

    /// <summary>The query pipeline on one pinned commit (for callers that run several queries on the same commit, e.g. export).</summary>
    /// <remarks>Without a semantic index there is nothing to fuse with: no re-ranker, so a query collects only its page
    /// instead of the fusion depth (at 100,000 documents without vectors: 100 ranked slots and 100 id reads per query for nothing).
    /// <para>Whether there is a semantic index is read from the commit, not by opening it: a cold query's BM25 pass runs while
    /// <see cref="OpenSemanticInBackground"/> opens it (ML.NET model, columns) on the other core. A cold free-text <c>search</c>
    /// used to open it first and run its Lucene work after.</para></remarks>
    public PolicySearcher SearcherFor(Lucene.Net.Search.IndexSearcher searcher) =>
        new(searcher, _builder, TextFolder.FoldToString, rerank: Hybrid && NamesSemanticFolder(searcher.IndexReader) ? FuseWithVectors : null,
            splitSegments: SplitSegments, prepareRerank: OpenSemanticInBackground);

    static bool NamesSemanticFolder(Lucene.Net.Index.IndexReader reader) => CommitMetadata.Of(reader)?.SemanticFolderName is not null;

    /// <summary>Whether <paramref name="query"/> would be fused with the vector ranking (free text in relevance order, and the commit
    /// names a semantic index): a caller that knows its query before searching can then call <see cref="OpenSemanticInBackground"/>
    /// at once, so the model opens beside the Lucene start-up too, not only beside the query's pass.</summary>
    public bool WillFuse(SearchQuery query) =>
        Hybrid && query.Order == SearchOrder.Relevance
        && SearchQueryParser.Parse(query.Text) is { Query: { } parsed } && PolicySearcher.FreeText(parsed) is not null
        && Index.With(searcher => NamesSemanticFolder(searcher.IndexReader));

    int _semanticRequested;

    /// <summary>Starts opening the semantic index (and running one embedding, so its code is compiled, and building the lookup of
    /// each document's measures that fusion reads) on the thread pool, once;
    /// a caller that needs it meanwhile waits for that open instead of starting its own.</summary>
    public void OpenSemanticInBackground()
    {
        if (Interlocked.Exchange(ref _semanticRequested, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                lock (_semanticGate)
                {
                    if (_disposed || Semantic() is not { } semantic) return;
                    semantic.Embedder.Embed("教育");
                    semantic.Store.PrepareDocumentRuns();
                }
            }
            catch (Exception)
            {
                // A failure here would end the process (thread-pool item); the query that needs the index opens it again and
                // reports the failure itself.
            }
        }, null);
    }

    /// <summary>The query builder over this engine's analyzers.</summary>
    public LuceneQueryBuilder Builder => _builder;

    /// <summary>Whether a query running alone may scan its segments on two threads (on by default; see <see cref="PolicySearcher"/>).</summary>
    public bool SplitSegments { get; set; } = true;

    /// <summary>Whether free-text queries are fused with the vector ranking (on when the index has a semantic folder).</summary>
    public bool Hybrid { get; set; } = true;

    IReadOnlyList<string> FuseWithVectors(string freeText, IReadOnlyList<string> bm25DocumentIds)
    {
        if (Semantic() is not { } semantic) return bm25DocumentIds;
        // The vector side ranks the BM25 candidates themselves, each by its best measure: fusion can only reorder them anyway.
        return ReciprocalRankFusion.Fuse(bm25DocumentIds, semantic.RankDocuments(freeText, bm25DocumentIds));
    }

    /// <summary>Measures similar to a measure or a text in other districts: the hybrid that <c>eval</c> measures (vector candidates
    /// re-ranked by reciprocal rank fusion with BM25 MoreLikeThis over this commit's measure docs); null without a semantic index.</summary>
    public IReadOnlyList<SimilarMeasure>? FindSimilar(SimilarTarget target, SimilarOptions options)
    {
        if (Semantic() is not { } semantic) return null;
        return Index.With(searcher =>
        {
            // One ranker per commit: it caches the document frequencies of the terms it has looked up.
            var terms = _terms;
            if (terms is null || !ReferenceEquals(terms.Reader, searcher.IndexReader))
                _terms = terms = new MeasureTermRanker(searcher.IndexReader, Analyzers.Words, IndexFields.Text, _plainGrams, IndexFields.TextGrams, IndexFields.Id);
            return semantic.FindSimilar(target, options, terms);
        });
    }

    volatile MeasureTermRanker? _terms;

    /// <summary>Why the semantic index could not be opened (similar measures and hybrid ranking are then off), or null.</summary>
    public string? SemanticProblem { get; private set; }

    /// <summary>Measure count from which the vector scan runs over 4-bit codes.</summary>
    public const int QuantizedThreshold = MeasureVectorStore.QuantizedFrom;

    readonly object _semanticGate = new();
    SemanticIndex? _semantic;
    string? _semanticFolder;
    DateTime _semanticChecked = DateTime.MinValue;

    /// <summary>The embedding index the current commit names, re-opened when a new commit names another (checked at most once a second); null without one.</summary>
    public SemanticIndex? Semantic()
    {
        lock (_semanticGate)
        {
            if (_disposed) return null;
            if (DateTime.UtcNow - _semanticChecked < TimeSpan.FromSeconds(1)) return _semantic;
            _semanticChecked = DateTime.UtcNow;
            string? folder = CommitMetadata.Latest(Index.Folder)?.SemanticFolder(Index.Folder);
            if (folder == _semanticFolder) return _semantic;
            // An index being replaced may still serve calls in flight; its memory maps are released when it is collected.
            _semanticFolder = folder;
            try
            {
                // Large stores scan a 4-bit copy (an eighth of the memory traffic) and re-score candidates in float32.
                _semantic = folder is null ? null : SemanticIndex.Open(folder, quantized: MeasureVectorStore.ReadHeader(folder).Count >= QuantizedThreshold);
            }
            catch (Exception e) when (e is UserError or IOException or InvalidDataException or System.Text.Json.JsonException
                                           or InvalidOperationException or FormatException)
            {
                // An unreadable or outdated semantic folder turns hybrid ranking and similar off; full-text search keeps working
                // and the next `index` run rebuilds the folder. (ML.NET reports a model it cannot load as InvalidOperationException
                // wrapping a FormatException: the model fitted on two identical measures is one.)
                _semantic = null;
                SemanticProblem = e.Message;
            }
            return _semantic;
        }
    }

    bool _disposed;

    public void Dispose()
    {
        lock (_semanticGate)
        {
            _disposed = true;
            _semantic?.Dispose();
        }
        Index.Dispose();
        Analyzers.Dispose();
        _plainGrams.Dispose();
    }
}
