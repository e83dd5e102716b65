using Search.Querying;

namespace Search.Responses;

/// <summary>The matching measures of every district, side by side (<c>GET /api/compare</c>).</summary>
public sealed record CompareResponse(string Query, int Total, IReadOnlyList<DistrictMeasures> Districts)
{
    /// <summary>Measures shown per district: its best, by score.</summary>
    public const int MeasuresPerDistrict = 10;

    /// <summary>Groups a whole result set by district (ordinal order of province, city, district).</summary>
    public static CompareResponse From(string query, SearchResult result) => new(query, result.Total, result.Hits
        .GroupBy(h => (h.Province, h.City, h.District))
        .OrderBy(g => g.Key.Province, StringComparer.Ordinal).ThenBy(g => g.Key.City, StringComparer.Ordinal).ThenBy(g => g.Key.District, StringComparer.Ordinal)
        .Select(g => new DistrictMeasures(g.Key.Province, g.Key.City, g.Key.District, g.Count(), g
            .SelectMany(h => h.Measures.Select(m => ComparedMeasure.From(h, m)))
            .OrderByDescending(m => m.Score).ThenBy(m => m.Id, StringComparer.Ordinal).Take(MeasuresPerDistrict).ToList()))
        .ToList());
}

/// <summary>One district's matching documents and best measures.</summary>
public sealed record DistrictMeasures(string Province, string City, string District, int Documents, IReadOnlyList<ComparedMeasure> Measures);

/// <summary>A matching measure of a district, with its document's title and first year.</summary>
public sealed record ComparedMeasure(string Id, string DocId, string Title, int? Year, string Path, string Snippet, float Score, string SnippetText, IReadOnlyList<MarkRange> Marks)
{
    public static ComparedMeasure From(DocumentHit h, MeasureHit m) =>
        new(m.Id, h.DocId, h.Title, h.Years.Count > 0 ? int.Parse(h.Years[0], System.Globalization.CultureInfo.InvariantCulture) : null,
            m.Path, m.Snippet.ToHtml(), m.Score, m.Snippet.Text, m.Snippet.Marks);
}
