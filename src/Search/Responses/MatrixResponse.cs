using Search.Querying;

namespace Search.Responses;

/// <summary>District × year (<c>GET /api/matrix</c>): for each district, the number of matching measures (and documents) per year,
/// counted over every match in the index, and the first year the district's documents match, so the spread of a policy can be
/// read at a glance.</summary>
/// <remarks>Rows are grouped by province and city (ordinal order of the names), the city's own documents (no district) first;
/// columns are the years that occur, plus <see cref="HasUndated"/> for documents without a year. A document covering several
/// years counts in each of them (as the year facet and the trend do).</remarks>
/// <param name="Documents">Matching documents.</param>
/// <param name="Measures">Matching measures.</param>
/// <param name="RowCount">Rows in all; <see cref="Rows"/> holds the first <c>limit</c> of them.</param>
/// <param name="Omitted">Rows left out by the limit.</param>
public sealed record MatrixResponse(string Query, int Documents, int Measures, IReadOnlyList<int> Years, bool HasUndated,
    IReadOnlyList<MatrixRow> Rows, int RowCount, int Omitted)
{
    public static MatrixResponse From(string query, QueryMatches matches, int limit)
    {
        var rows = new Dictionary<(string Province, string City, string District), Row>();
        var years = new SortedSet<int>();
        int documents = 0;
        bool undated = false;
        foreach (var d in matches.Documents())
        {
            documents++;
            var key = (d.Province, d.City, d.District);
            if (!rows.TryGetValue(key, out var row)) rows[key] = row = new Row();
            row.Documents++;
            row.Measures += d.MatchedMeasures;
            if (d.Years.Count == 0)
            {
                undated = true;
                row.Add(NoYear, d.MatchedMeasures);
            }
            foreach (var year in d.Years)
            {
                years.Add(year);
                row.Add(year, d.MatchedMeasures);
            }
        }
        var ordered = rows.OrderBy(r => r.Key.Province, StringComparer.Ordinal).ThenBy(r => r.Key.City, StringComparer.Ordinal)
            .ThenBy(r => r.Key.District, StringComparer.Ordinal).ToList();
        var shown = ordered.Take(Math.Max(0, limit)).Select(r =>
        {
            var cells = r.Value.Cells.OrderBy(c => c.Key).Select(c => new MatrixCell(c.Key == NoYear ? null : c.Key, c.Value.Measures, c.Value.Documents)).ToList();
            int? first = cells.Where(c => c.Year is not null && c.Measures > 0).Select(c => c.Year).FirstOrDefault();
            return new MatrixRow(r.Key.Province, r.Key.City, r.Key.District, r.Value.Documents, r.Value.Measures, first, cells);
        }).ToList();
        return new MatrixResponse(query, documents, matches.MeasureCount, years.ToList(), undated, shown, ordered.Count, Math.Max(0, ordered.Count - shown.Count));
    }

    const int NoYear = int.MinValue;

    /// <summary>One district's counts while they are gathered.</summary>
    sealed class Row
    {
        public int Documents, Measures;
        public readonly Dictionary<int, (int Measures, int Documents)> Cells = [];

        public void Add(int year, int measures)
        {
            var (m, n) = Cells.GetValueOrDefault(year);
            Cells[year] = (m + measures, n + 1);
        }
    }
}

/// <summary>The matrix as CSV: one row per district (province, city, district, first year, total measures), one column per year.</summary>
public static class MatrixCsv
{
    public static async Task WriteAsync(MatrixResponse matrix, Stream output, CancellationToken cancel)
    {
        var options = new CsvHelper.CsvWriterOptions { WriteByteOrderMark = true, Quoting = CsvHelper.CsvQuoting.Always, NewLine = "\r\n", Injection = CsvHelper.CsvInjection.Escape, InjectionEscape = '\'' };
        await using var csv = CsvHelper.CsvWriter.Create(output, options, leaveOpen: true);
        var years = matrix.Years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await csv.WriteRecordAsync([.. new[] { "省份", "城市", "区县", "首次出现年份", "措施数", "文件数" }, .. years, .. matrix.HasUndated ? new[] { "无年份" } : []], cancel);
        foreach (var row in matrix.Rows)
        {
            string Cell(int? year) => (row.Cells.FirstOrDefault(c => c.Year == year)?.Measures ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await csv.WriteRecordAsync([row.Province, row.City, row.District, row.FirstYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                row.Measures.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. matrix.Years.Select(y => Cell(y)), .. matrix.HasUndated ? new[] { Cell(null) } : []], cancel);
        }
        await csv.FlushAsync(cancel);
    }
}

/// <summary>One district (or a city's or province's own documents, with the lower names empty).</summary>
/// <param name="Documents">Matching documents (each once).</param>
/// <param name="Measures">Matching measures (each once; a multi-year document's measures count in each year's cell).</param>
/// <param name="FirstYear">The earliest year with a matching measure, or null.</param>
public sealed record MatrixRow(string Province, string City, string District, int Documents, int Measures, int? FirstYear, IReadOnlyList<MatrixCell> Cells);

/// <summary>Matching measures and documents of a district in a year (null: documents without a year).</summary>
public sealed record MatrixCell(int? Year, int Measures, int Documents);
