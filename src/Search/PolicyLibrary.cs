using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;
using Search.Responses;
using Search.Schema;
using Search.Semantic.Similar;

namespace Search;

/// <summary>The opened product as a shell serves it, one typed response per resource: search pages, whole result sets (compare,
/// trend, export), documents, measures, similar measures and the index's size.</summary>
/// <remarks>Errors a user can cause are thrown typed: <see cref="QuerySyntaxException"/> and <see cref="UserError"/> (bad
/// input), <see cref="UnknownIdError"/> (nothing under that id). Every method runs on one searcher (one commit), so a walk over
/// many pages never mixes an old and a new index while a reindex is committing.</remarks>
public sealed class PolicyLibrary : IDisposable
{
    public SearchEngine Engine { get; }

    /// <summary>Finds similar measures: the hybrid of the semantic folder and BM25, or MoreLikeThis without a semantic folder.</summary>
    public ISimilarMeasureFinder Similarity { get; }

    PolicyLibrary(SearchEngine engine, ISimilarMeasureFinder? similarity)
    {
        Engine = engine;
        Similarity = similarity ?? new ProductMeasureFinder(engine);
    }

    /// <summary>Opens the index, first building it from the corpus when it cannot serve as it is (<see cref="IndexFreshness"/>),
    /// and warms the semantic index off the request path.</summary>
    /// <param name="report">Told what the start-up builds and why.</param>
    /// <param name="warn">Told when warming the semantic index failed (similar then warms on first use).</param>
    public static PolicyLibrary Open(string index, string corpus, SmartCnOptions? smartCn = null, Action<string>? report = null,
        Action<string>? warn = null, ISimilarMeasureFinder? similarity = null)
    {
        IndexFreshness.EnsureCurrent(corpus, index, smartCn, report);
        var engine = SearchEngine.Open(index, smartCn);
        // The quantized copy of a large vector store and the sentence spans are built on first use: build them now, so the first
        // `similar` does not wait for them.
        _ = Task.Run(() =>
        {
            try { engine.Semantic()?.Warm(); }
            catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or InvalidOperationException)
            {
                warn?.Invoke($"warming the semantic index failed: {e.Message}");
            }
        });
        return new PolicyLibrary(engine, similarity);
    }

    /// <summary>One page of results.</summary>
    public SearchResponse Search(SearchQuery query) => SearchResponse.From(Engine.Search(query).GetResultOrThrow(query.Text));

    /// <summary>Every matching document up to <paramref name="limit"/> (all from one commit), each with up to
    /// <paramref name="measuresPerDocument"/> measures.</summary>
    public SearchResult SearchAll(string text, int limit, int measuresPerDocument, SearchOrder order = SearchOrder.Relevance) =>
        Engine.Index.With(searcher =>
        {
            var onCommit = Engine.SearcherFor(searcher);
            const int pageSize = 100;
            var hits = new List<DocumentHit>();
            SearchResult? first = null;
            for (int page = 1; hits.Count < limit; page++)
            {
                var result = onCommit.Search(new SearchQuery(text, page, pageSize, order, measuresPerDocument)).GetResultOrThrow(text);
                first ??= result;
                hits.AddRange(result.Hits);
                if (result.Hits.Count < pageSize || (long)page * pageSize >= Math.Min(result.Total, SearchQuery.MaxDepth)) break;
            }
            if (hits.Count > limit) hits.RemoveRange(limit, hits.Count - limit);
            return first! with { Hits = hits, Page = 1, PageSize = hits.Count };
        });

    /// <summary>The matching measures of every district, side by side, over up to <paramref name="limit"/> documents.</summary>
    public CompareResponse Compare(string text, int limit) =>
        CompareResponse.From(text, SearchAll(text, limit, CompareResponse.MeasuresPerDistrict));

    /// <summary>Matching documents per year and province, over up to <paramref name="limit"/> documents.</summary>
    public TrendResponse Trend(string text, int limit) => TrendResponse.From(text, SearchAll(text, limit, 0));

    /// <summary>The indexed document; with a query, the measures where it matches come back marked.</summary>
    public DocumentResponse Document(string id, string? query = null)
    {
        var document = IngestJson.Deserialize(Engine.Index.DocumentJson(id));
        var marked = new Dictionary<string, MarkedText>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var parsed = SearchQueryParser.Parse(query);
            if (parsed.Error is { } error) throw new QuerySyntaxException(error, query);
            var terms = Engine.Index.With(searcher => Engine.Builder.Build(parsed.Query!, searcher.IndexReader, IndexFields.KindMeasure).HighlightTerms);
            foreach (var m in document.Measures)
            {
                var spans = MatchLocator.Find(m.Text, terms, TextFolder.FoldToString);
                if (spans.Count > 0) marked[m.Id] = new SnippetHighlighter(Math.Max(1, m.Text.Length), 0).Highlight(m.Text, spans);
            }
        }
        return DocumentResponse.From(document, marked);
    }

    /// <summary>The stored measure with this id.</summary>
    public MeasureResponse Measure(string id)
    {
        SearchIndex.ValidateId(id);
        var doc = Engine.Index.Find(id, IndexFields.KindMeasure) ?? throw new UnknownIdError($"unknown measure id '{id}'");
        return new MeasureResponse(
            doc.Get(IndexFields.Id) ?? id, doc.Get(IndexFields.DocId) ?? "", doc.Get(IndexFields.Source) ?? "", doc.Get(IndexFields.Title) ?? "",
            doc.Get(IndexFields.Province) ?? "", doc.Get(IndexFields.City) ?? "", doc.Get(IndexFields.District) ?? "",
            doc.GetValues(IndexFields.Year).Select(int.Parse).Order().ToList(), doc.Get(IndexFields.Type) ?? "",
            doc.Get(IndexFields.Path) ?? "", doc.Get(IndexFields.Text) ?? "",
            doc.GetField(IndexFields.MeasureStart)?.GetInt32Value() ?? 0, doc.GetField(IndexFields.MeasureEnd)?.GetInt32Value() ?? 0,
            doc.GetField(IndexFields.MeasureOrdinal)?.GetInt32Value() ?? 0);
    }

    /// <summary>Measures like this one in other districts.</summary>
    public SimilarResponse Similar(string measureId, int top)
    {
        var measure = Measure(measureId);
        return new SimilarResponse(measure.Id, measure.District, Similarity.Find(measure.Id, top));
    }

    /// <summary>How many documents and measures the current commit holds.</summary>
    public HealthResponse Health()
    {
        var (documents, measures) = Engine.Index.With(IndexCounts.Of);
        return new HealthResponse("ok", documents, measures);
    }

    public void Dispose() => Engine.Dispose();

    /// <summary>The product's finder: the engine's hybrid when the commit names a semantic folder, else MoreLikeThis; it follows
    /// re-indexing through the shared engine.</summary>
    sealed class ProductMeasureFinder(SearchEngine engine) : ISimilarMeasureFinder
    {
        readonly MoreLikeThisMeasureFinder _fallback = new(engine.Index, engine.Analyzers.Words);

        public IReadOnlyList<SimilarMeasure> Find(string measureId, int top)
        {
            if (engine.Semantic() is not { } index) return _fallback.Find(measureId, top);
            if (!index.Store.TryGetRow(measureId, out _)) return [];
            // Null: the semantic folder went away between the two calls.
            return engine.FindSimilar(SimilarTarget.ForMeasure(measureId), new SimilarOptions { Top = top }) ?? _fallback.Find(measureId, top);
        }
    }
}
