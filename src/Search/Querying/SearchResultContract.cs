using System.Globalization;

namespace Search.Querying;

/// <summary>The JSON shape of search results shared by the CLI (<c>search --json</c>) and the HTTP API (DESIGN.md contract).</summary>
public static class SearchResultContract
{
    /// <summary>The JSON shape of the CLI contract (DESIGN.md); also what the HTTP API returns.</summary>
    public static object From(SearchResult r) => new
    {
        total = r.Total,
        page = r.Page,
        pageSize = r.PageSize,
        hits = r.Hits.Select(h => new
        {
            docId = h.DocId, source = h.Source, title = h.Title, province = h.Province, city = h.City, district = h.District,
            year = h.Years.FirstOrDefault() is { } y ? int.Parse(y, CultureInfo.InvariantCulture) : (int?)null,
            years = h.Years.Select(x => int.Parse(x, CultureInfo.InvariantCulture)),
            type = h.Type, issuer = h.Issuer, date = h.Date == 0 ? null : $"{h.Date / 10000:D4}-{h.Date / 100 % 100:D2}-{h.Date % 100:D2}",
            score = h.Score,
            measures = h.Measures.Select(m => new { id = m.Id, path = m.Path, text = m.Text, snippet = m.Snippet, score = m.Score }),
        }),
        facets = r.Facets.ToDictionary(f => f.Field, f => f.Values.Select(v => new { value = v.Value, count = v.Count })),
    };
}
