using System.Globalization;
using Search.Querying;

namespace Search.Responses;

/// <summary>Matching documents per year and province (<c>GET /api/trend</c>); a multi-year plan counts in each of its years, since
/// it is in force in all of them.</summary>
public sealed record TrendResponse(string Query, int Total, IReadOnlyList<int> Years, IReadOnlyList<string> Provinces,
    IReadOnlyList<YearCount> PerYear, IReadOnlyList<TrendCell> Cells)
{
    public static TrendResponse From(string query, SearchResult result)
    {
        var cells = result.Hits
            .SelectMany(h => h.Years.Select(y => (Year: int.Parse(y, CultureInfo.InvariantCulture), h.Province)))
            .GroupBy(c => c).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Province, StringComparer.Ordinal)
            .Select(g => new TrendCell(g.Key.Year, g.Key.Province, g.Count())).ToList();
        var years = cells.Select(c => c.Year).Distinct().Order().ToList();
        var perYear = years.Select(y => new YearCount(y, cells.Where(c => c.Year == y).Sum(c => c.Count))).ToList();
        var provinces = cells.Select(c => c.Province).Distinct().Order(StringComparer.Ordinal).ToList();
        return new TrendResponse(query, result.Total, years, provinces, perYear, cells);
    }
}

/// <summary>Matching documents in force in a year.</summary>
public sealed record YearCount(int Year, int Count);

/// <summary>Matching documents of a province in force in a year.</summary>
public sealed record TrendCell(int Year, string Province, int Count);
