using Search.Querying;

namespace Search.Responses;

/// <summary>The matching measures of every district, side by side (<c>GET /api/compare</c>): complete document and measure counts per
/// district from the index, the districts with the most matching documents first, each with its best measures.</summary>
/// <param name="Total">Matching documents.</param>
/// <param name="Measures">Matching measures.</param>
/// <param name="DistrictCount">Districts (or cities and provinces with documents of their own) with a matching document;
/// <see cref="Districts"/> holds the first <c>limit</c> of them.</param>
/// <param name="Omitted">Districts left out by the limit.</param>
public sealed record CompareResponse(string Query, int Total, int Measures, int DistrictCount, int Omitted, IReadOnlyList<DistrictMeasures> Districts)
{
    /// <summary>Measures shown per district unless asked otherwise: its best, by score.</summary>
    public const int DefaultMeasuresPerDistrict = 3;

    /// <summary>The most measures per district a comparison shows; the search view filtered to the district lists them all.</summary>
    public const int MaxMeasuresPerDistrict = 10;

    public static CompareResponse From(string query, QueryMatches matches, int limit, int measuresPerDistrict = DefaultMeasuresPerDistrict)
    {
        // Counts per district row, and each matching document's row and first year (a list, not a map: a term in every
        // document walks every document).
        var rows = new RegionRows();
        var documentRows = new List<(DocHandle Document, int Row, int? Year)>();
        foreach (var d in matches.Documents())
            documentRows.Add((d.Handle, rows.Add(d), d.Years.Count > 0 ? d.Years[0] : null));
        var (keys, totals) = (rows.Keys, rows.Totals);
        var shown = Enumerable.Range(0, keys.Count)
            .OrderByDescending(r => totals[r].Documents).ThenByDescending(r => totals[r].Measures)
            .ThenBy(r => keys[r].Province, StringComparer.Ordinal).ThenBy(r => keys[r].City, StringComparer.Ordinal).ThenBy(r => keys[r].District, StringComparer.Ordinal)
            .Take(Math.Max(0, limit)).ToList();
        // Only the shown districts' measures are scored, and only each district's best are kept and read.
        var column = new int[keys.Count];
        Array.Fill(column, -1);
        for (int i = 0; i < shown.Count; i++) column[shown[i]] = i;
        var groupOf = new Dictionary<DocHandle, int>();
        var yearOf = new Dictionary<DocHandle, int?>();
        foreach (var (document, row, year) in documentRows)
            if (column[row] >= 0)
            {
                groupOf[document] = column[row];
                yearOf[document] = year;
            }
        var best = matches.BestMeasures(groupOf, shown.Count, Math.Clamp(measuresPerDistrict, 0, MaxMeasuresPerDistrict));
        var highlighter = new SnippetHighlighter();
        var districts = shown.Select((row, i) =>
        {
            var measures = best[i].Select(m =>
            {
                var stored = matches.StoredMeasure(m.Handle);
                var snippet = highlighter.Highlight(stored.Text, matches.Matches(stored.Text));
                return new ComparedMeasure(stored.Id, stored.DocId, stored.Title, yearOf[m.Document], stored.Path, MeasureLabel.Of(stored.Path),
                    snippet.ToHtml(), m.Score, snippet.Text, snippet.Marks);
            }).ToList();
            return new DistrictMeasures(keys[row].Province, keys[row].City, keys[row].District, totals[row].Documents, totals[row].Measures, measures);
        }).ToList();
        return new CompareResponse(query, matches.DocumentCount, matches.MeasureCount, keys.Count, Math.Max(0, keys.Count - shown.Count), districts);
    }
}

/// <summary>One district's matching documents and measures (complete counts) and its best measures.</summary>
/// <param name="MeasureCount">Matching measures of the district; <see cref="Measures"/> shows the best of them.</param>
public sealed record DistrictMeasures(string Province, string City, string District, int Documents, int MeasureCount, IReadOnlyList<ComparedMeasure> Measures);

/// <summary>A matching measure of a district, with its document's title and first year.</summary>
/// <param name="PathLabel">The path as a reader writes it (<see cref="MeasureLabel"/>).</param>
public sealed record ComparedMeasure(string Id, string DocId, string Title, int? Year, string Path, string PathLabel, string Snippet, float Score, string SnippetText, IReadOnlyList<MarkRange> Marks);
