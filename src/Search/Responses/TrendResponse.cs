using Search.Querying;

namespace Search.Responses;

/// <summary>Matching documents per year and province (<c>GET /api/trend</c>), counted over every matching document in the index.</summary>
/// <remarks>A document covering several years (a 2022–2023 plan) counts once in each of its years — the year filter and facet
/// count it the same way, since it is in force in each — so the years add up to more than <see cref="Total"/> by the extra
/// years of <see cref="MultiYear"/> documents; <see cref="Undated"/> documents have no year and count in none.</remarks>
/// <param name="Total">Matching documents.</param>
/// <param name="MultiYear">Matching documents covering more than one year.</param>
/// <param name="Undated">Matching documents with no year.</param>
public sealed record TrendResponse(string Query, int Total, IReadOnlyList<int> Years, IReadOnlyList<string> Provinces,
    IReadOnlyList<YearCount> PerYear, IReadOnlyList<TrendCell> Cells, int MultiYear, int Undated)
{
    public static TrendResponse From(string query, QueryMatches matches)
    {
        var cells = new Dictionary<(int Year, string Province), int>();
        int multiYear = 0, undated = 0, total = 0;
        foreach (var d in matches.Documents())
        {
            total++;
            if (d.Years.Count == 0) undated++;
            if (d.Years.Count > 1) multiYear++;
            foreach (var year in d.Years) cells[(year, d.Province)] = cells.GetValueOrDefault((year, d.Province)) + 1;
        }
        var list = cells.OrderBy(c => c.Key.Year).ThenBy(c => c.Key.Province, StringComparer.Ordinal)
            .Select(c => new TrendCell(c.Key.Year, c.Key.Province, c.Value)).ToList();
        var years = list.Select(c => c.Year).Distinct().Order().ToList();
        var perYear = years.Select(y => new YearCount(y, list.Where(c => c.Year == y).Sum(c => c.Count))).ToList();
        var provinces = list.Select(c => c.Province).Distinct().Order(StringComparer.Ordinal).ToList();
        return new TrendResponse(query, total, years, provinces, perYear, list, multiYear, undated);
    }
}

/// <summary>Matching documents in force in a year.</summary>
public sealed record YearCount(int Year, int Count);

/// <summary>Matching documents of a province in force in a year ("" for documents whose province is not known).</summary>
public sealed record TrendCell(int Year, string Province, int Count);
