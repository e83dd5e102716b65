using System.Globalization;
using Search.Querying;

namespace Search.Responses;

/// <summary>One page of search results: the <c>search --json</c> shape of the command-line contract, and <c>GET /api/search</c>.</summary>
/// <param name="Facets">Counts per facet field (province, city, district, year, type, issuer) over the whole result set; a field
/// the query filters is counted without its own filter, so each count is what choosing that value instead would return.</param>
public sealed record SearchResponse(int Total, int Page, int PageSize, IReadOnlyList<DocumentHitResponse> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCountResponse>> Facets)
{
    /// <summary>The metadata filters typed in the query text itself (not those given as parameters), with where they sit in it,
    /// so a page can show them as chips and remove or replace them.</summary>
    public IReadOnlyList<QueryFilter> Filters { get; init; } = [];

    /// <param name="filters">Every top-level filter of the query run (typed and given): they mark facet values as selected.</param>
    public static SearchResponse From(SearchResult r, IReadOnlyList<QueryFilter>? filters = null) => new(r.Total, r.Page, r.PageSize,
        r.Hits.Select(DocumentHitResponse.From).ToList(),
        r.Facets.ToDictionary(f => f.Field, f => (IReadOnlyList<FacetCountResponse>)f.Values.Select(v =>
            new FacetCountResponse(v.Value, v.Count) { Selected = filters is not null && QueryFilters.Selects(filters, f.Field, v.Value, Search.Analysis.TextFolder.FoldToString) }).ToList()));
}

/// <summary>A policy document in the results, with its metadata and best measures.</summary>
/// <param name="Year">The first of <paramref name="Years"/>, or null.</param>
/// <param name="Date">The document's date as yyyy-MM-dd, or null when unknown.</param>
public sealed record DocumentHitResponse(string DocId, string Source, string Title, string Province, string City, string District,
    int? Year, IReadOnlyList<int> Years, string Type, string Issuer, string? Date, float Score, IReadOnlyList<MeasureHitResponse> Measures)
{
    public static DocumentHitResponse From(DocumentHit h)
    {
        var years = h.Years.Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToList();
        return new DocumentHitResponse(h.DocId, h.Source, h.Title, h.Province, h.City, h.District, years.Count > 0 ? years[0] : null, years,
            h.Type, h.Issuer, h.Date == 0 ? null : $"{h.Date / 10000:D4}-{h.Date / 100 % 100:D2}-{h.Date % 100:D2}", h.Score,
            h.Measures.Select(MeasureHitResponse.From).ToList()) { MatchedMeasures = h.MatchedMeasures };
    }

    /// <summary>How many of the document's measures match; <see cref="Measures"/> shows the best of them.</summary>
    public int MatchedMeasures { get; init; }
}

/// <summary>A measure shown under its document.</summary>
/// <param name="Snippet">The snippet as HTML (escaped, matches in &lt;mark&gt;), rendered from <paramref name="SnippetText"/> and
/// <paramref name="Marks"/> for clients that show HTML.</param>
/// <param name="SnippetText">The snippet as plain text (… where the text was cut).</param>
/// <param name="Marks">Where the query's matches are in <paramref name="SnippetText"/>.</param>
public sealed record MeasureHitResponse(string Id, string Path, string Text, string Snippet, float Score, string SnippetText, IReadOnlyList<MarkRange> Marks)
{
    public static MeasureHitResponse From(MeasureHit m) => new(m.Id, m.Path, m.Text, m.Snippet.ToHtml(), m.Score, m.Snippet.Text, m.Snippet.Marks)
        { PathLabel = MeasureLabel.Of(m.Path) };

    /// <summary>The path as a reader writes it (<see cref="MeasureLabel"/>).</summary>
    public string PathLabel { get; init; } = "";
}

/// <summary>How many matching documents carry a facet value, and whether the query's filters select it.</summary>
public sealed record FacetCountResponse(string Value, int Count)
{
    public bool Selected { get; init; }
}
