using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.Querying;

/// <summary>How hits are ordered.</summary>
public enum SearchOrder { Relevance, Date }

/// <summary>What the user asked for: the query text, the page, the order, and how many measures to show per document.</summary>
public sealed record SearchQuery(string Text, int Page = 1, int PageSize = 10, SearchOrder Order = SearchOrder.Relevance, int MeasuresPerDocument = 3)
{
    /// <summary>Deepest result reachable by paging; beyond it a narrower query is the better tool.</summary>
    public const int MaxDepth = 10_000;
}

/// <summary>A measure shown under its document: where it is, its text, and a highlighted snippet.</summary>
public sealed record MeasureHit(string Id, string Path, string Text, string Snippet, float Score);

/// <summary>One policy document in the results, with its metadata and best measures.</summary>
public sealed record DocumentHit(
    string DocId, string Source, string Title, string Province, string City, string District,
    IReadOnlyList<string> Years, string Type, string Issuer, int Date, float Score, IReadOnlyList<MeasureHit> Measures);

/// <summary>One page of results for a query, with facet counts for the whole result set.</summary>
public sealed record SearchResult(string Query, int Total, int Page, int PageSize, IReadOnlyList<DocumentHit> Hits, IReadOnlyList<Facet> Facets);

/// <summary>Either a result or the syntax error that prevented one.</summary>
public sealed record SearchOutcome(SearchResult? Result, QuerySyntaxError? Error)
{
    /// <summary>The result, or a <see cref="UserError"/> with the one-line message (CLI exit code 2).</summary>
    public SearchResult GetResultOrThrow(string query) => Result ?? throw new UserError(Error!.ToOneLine(query));
}

/// <summary>Runs a query end to end: parse, match policy documents, pick and highlight their best measures, count facets.</summary>
/// <remarks>Give it a searcher whose <c>Similarity</c> is <c>BM25Similarity</c>, as the index was written with.
/// Documents are matched on document docs (terms anywhere in the document unless /sentence or /measure narrows
/// them), so paging and totals are per document. Ties are broken by id, so equal scores or dates always come back in the
/// same order.</remarks>
public sealed class PolicySearcher
{
    private readonly IndexSearcher _searcher;
    private readonly LuceneQueryBuilder _builder;
    private readonly Func<string, string> _fold;
    private readonly SnippetHighlighter _highlighter;
    private readonly FacetCounter _facets;

    public PolicySearcher(IndexSearcher searcher, LuceneQueryBuilder builder, Func<string, string> fold,
        SnippetHighlighter? highlighter = null, FacetCounter? facets = null)
    {
        _searcher = searcher;
        _builder = builder;
        _fold = fold;
        _highlighter = highlighter ?? new SnippetHighlighter();
        _facets = facets ?? new FacetCounter();
    }

    /// <summary>Searches; a malformed query or an out-of-range page comes back as an error, never as an exception.</summary>
    public SearchOutcome Search(SearchQuery request)
    {
        var parsed = SearchQueryParser.Parse(request.Text);
        if (parsed.Error is { } error) return new SearchOutcome(null, error);
        if (request.Page < 1 || request.PageSize < 1 || request.PageSize > 100)
            return new SearchOutcome(null, new QuerySyntaxError("Page must be 1 or more and page size between 1 and 100 (分页参数错误).", 0, 1));
        var depth = (long)request.Page * request.PageSize;
        if (depth > SearchQuery.MaxDepth)
            return new SearchOutcome(null, new QuerySyntaxError($"Results deeper than {SearchQuery.MaxDepth} cannot be paged to; narrow the query (结果过深).", 0, 1));

        var reader = _searcher.IndexReader;
        SearchPlan plan;
        TopDocs top;
        try
        {
            plan = _builder.Build(parsed.Query!, reader, IndexFields.KindDocument);
            top = _searcher.Search(plan.Query, null, (int)depth, Order(request.Order), doDocScores: true, doMaxScore: false);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return new SearchOutcome(null, new QuerySyntaxError("The query expands to too many terms; make it more specific (查询过于宽泛).", 0, Math.Max(1, request.Text.Length)));
        }

        var hits = new List<DocumentHit>();
        foreach (var scoreDoc in top.ScoreDocs.Skip((request.Page - 1) * request.PageSize))
        {
            var stored = _searcher.Doc(scoreDoc.Doc);
            var docId = stored.Get(IndexFields.DocId) ?? stored.Get(IndexFields.Id) ?? "";
            hits.Add(new DocumentHit(
                docId,
                stored.Get(IndexFields.Source) ?? "",
                stored.Get(IndexFields.Title) ?? "",
                stored.Get(IndexFields.Province) ?? "",
                stored.Get(IndexFields.City) ?? "",
                stored.Get(IndexFields.District) ?? "",
                stored.GetValues(IndexFields.Year).Order(StringComparer.Ordinal).ToList(),
                stored.Get(IndexFields.Type) ?? "",
                stored.Get(IndexFields.Issuer) ?? "",
                stored.GetField(IndexFields.Date)?.GetInt32Value() ?? 0,
                float.IsNaN(scoreDoc.Score) ? 0f : scoreDoc.Score,
                BestMeasures(parsed.Query!, reader, docId, plan.HighlightTerms, request.MeasuresPerDocument)));
        }
        var facets = _facets.Count(_searcher, plan);
        return new SearchOutcome(new SearchResult(request.Text, top.TotalHits, request.Page, request.PageSize, hits, facets), null);
    }

    private static Sort Order(SearchOrder order) => order == SearchOrder.Date
        ? new Sort(new SortField(IndexFields.Date, SortFieldType.INT64, true), SortField.FIELD_SCORE, new SortField(IndexFields.Id, SortFieldType.STRING))
        : new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.Id, SortFieldType.STRING));

    private List<MeasureHit> BestMeasures(QueryNode query, IndexReader reader, string docId, IReadOnlyList<string> highlights, int count)
    {
        if (count <= 0) return [];
        var ranking = _builder.BuildMeasureRanking(query, reader, docId);
        var sort = new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.Id, SortFieldType.STRING));
        var top = _searcher.Search(ranking, null, count, sort, doDocScores: true, doMaxScore: false);
        if (top.ScoreDocs.Length == 0)
        {
            // Filter-only queries (province:广西) match no measure text: show the document's first measures.
            var all = new BooleanQuery
            {
                { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure)), Occur.MUST },
                { new TermQuery(new Term(IndexFields.DocId, docId)), Occur.MUST },
            };
            top = _searcher.Search(all, null, count, new Sort(new SortField(IndexFields.Id, SortFieldType.STRING)), doDocScores: false, doMaxScore: false);
        }
        return top.ScoreDocs.Select(h =>
        {
            var stored = _searcher.Doc(h.Doc);
            var text = stored.Get(IndexFields.Text) ?? "";
            var spans = MatchLocator.Find(text, highlights, _fold);
            return new MeasureHit(stored.Get(IndexFields.Id) ?? "", stored.Get(IndexFields.Path) ?? "", text,
                _highlighter.Highlight(text, spans), float.IsNaN(h.Score) ? 0f : h.Score);
        }).ToList();
    }
}
