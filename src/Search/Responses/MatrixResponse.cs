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
        // Dense counts: one index per district row, one column per year (in order of first sight; sorted at the end), and per
        // row a small array of (measures, documents) pairs. A term in every document walks every document, so the pass keeps
        // its allocation to the rows themselves.
        var rows = new RegionRows();
        var cells = new List<int[]>();
        var columnOf = new Dictionary<int, int>();
        var columns = new List<int>();
        int documents = 0;
        bool undated = false;
        foreach (var d in matches.Documents())
        {
            documents++;
            int row = rows.Add(d);
            if (row == cells.Count) cells.Add(new int[2 * Math.Max(4, columns.Count)]);
            if (d.Years.Count == 0)
            {
                undated = true;
                Add(row, NoYear, d.MatchedMeasures);
            }
            foreach (var year in d.Years) Add(row, year, d.MatchedMeasures);
        }

        void Add(int row, int year, int measures)
        {
            if (!columnOf.TryGetValue(year, out int column))
            {
                columnOf[year] = column = columns.Count;
                columns.Add(year);
            }
            var pairs = cells[row];
            if (2 * column + 1 >= pairs.Length)
            {
                Array.Resize(ref pairs, 2 * Math.Max(columns.Count, pairs.Length));
                cells[row] = pairs;
            }
            pairs[2 * column] += measures;
            pairs[2 * column + 1]++;
        }

        var keys = rows.Keys;
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = string.CompareOrdinal(keys[a].Province, keys[b].Province);
            if (c == 0) c = string.CompareOrdinal(keys[a].City, keys[b].City);
            return c != 0 ? c : string.CompareOrdinal(keys[a].District, keys[b].District);
        });
        // Columns in year order (NoYear, the smallest int, first).
        var byYear = Enumerable.Range(0, columns.Count).OrderBy(c => columns[c]).ToArray();
        var shown = order.Take(Math.Max(0, limit)).Select(row =>
        {
            var pairs = cells[row];
            var rowCells = new List<MatrixCell>();
            foreach (int c in byYear)
                if (2 * c + 1 < pairs.Length && pairs[2 * c + 1] > 0)
                    rowCells.Add(new MatrixCell(columns[c] == NoYear ? null : columns[c], pairs[2 * c], pairs[2 * c + 1]));
            int? first = rowCells.FirstOrDefault(c => c.Year is not null && c.Measures > 0)?.Year;
            return new MatrixRow(keys[row].Province, keys[row].City, keys[row].District, rows.Totals[row].Documents, rows.Totals[row].Measures, first, rowCells);
        }).ToList();
        var years = columns.Where(y => y != NoYear).Order().ToList();
        return new MatrixResponse(query, documents, matches.MeasureCount, years, undated, shown, keys.Count, Math.Max(0, keys.Count - shown.Count));
    }

    const int NoYear = int.MinValue;
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
