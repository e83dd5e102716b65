using System.Text;
using System.Text.Json;
using Search.Querying;
using Search.Responses;

namespace Search.Tests.Responses;

/// <summary>Trend, comparison, matrix and export count every matching document and measure from the index: on a corpus of more
/// than 2,000 documents (where they used to stop at 2,000 without saying so) their totals equal the search's, and the year counts
/// equal the year facet's and the year filter's (a document covering two years counts in both, everywhere).</summary>
public sealed class CompleteCountsTests(LargeCorpusFixture fixture) : IClassFixture<LargeCorpusFixture>
{
    const string Everywhere = "教育";

    SearchResponse Search(string text) => fixture.Library.Search(new SearchQuery(text));

    [Fact]
    public void A_term_in_every_document_is_counted_in_every_document()
    {
        var total = Search(Everywhere).Total;
        Assert.Equal(fixture.Library.Health().Documents, total);
        Assert.True(total > 2_000, $"the corpus must be larger than the old cap; it has {total} matching documents");

        var trend = fixture.Library.Trend(Everywhere);
        Assert.Equal(total, trend.Total);
        var compare = fixture.Library.Compare(Everywhere, limit: 5);
        Assert.Equal(total, compare.Total);
        Assert.Equal(5, compare.Districts.Count);
        Assert.Equal(compare.DistrictCount - 5, compare.Omitted);
        var all = fixture.Library.Compare(Everywhere, limit: 100_000);
        Assert.Equal(total, all.Districts.Sum(d => d.Documents));
        Assert.Equal(all.Measures, all.Districts.Sum(d => d.MeasureCount));
        Assert.All(all.Districts, d => Assert.Equal(Math.Min(CompareResponse.DefaultMeasuresPerDistrict, d.MeasureCount), d.Measures.Count));

        var matrix = fixture.Library.Matrix(Everywhere, limit: 100_000);
        Assert.Equal(total, matrix.Documents);
        Assert.Equal(total, matrix.Rows.Sum(r => r.Documents));
        Assert.Equal(matrix.Measures, matrix.Rows.Sum(r => r.Measures));
        Assert.Equal(all.Measures, matrix.Measures);
        Assert.Equal(0, matrix.Omitted);
        Assert.True(matrix.HasUndated);
    }

    [Fact]
    public void A_comparison_shows_each_districts_best_measures_and_more_on_request()
    {
        var three = fixture.Library.Compare(Everywhere, limit: 30);
        var ten = fixture.Library.Compare(Everywhere, limit: 30, measures: CompareResponse.MaxMeasuresPerDistrict);
        Assert.Equal(three.Districts.Select(d => d.District), ten.Districts.Select(d => d.District));
        Assert.Contains(ten.Districts, d => d.Measures.Count > CompareResponse.DefaultMeasuresPerDistrict);
        foreach (var (few, many) in three.Districts.Zip(ten.Districts))
        {
            Assert.Equal(Math.Min(CompareResponse.MaxMeasuresPerDistrict, many.MeasureCount), many.Measures.Count);
            // Best first, and the first three of ten are the three: the kept measures are the district's best, not its first.
            Assert.True(many.Measures.Zip(many.Measures.Skip(1)).All(p => p.First.Score >= p.Second.Score), $"{many.District}: scores not descending");
            Assert.Equal(many.Measures.Take(few.Measures.Count).Select(m => m.Id), few.Measures.Select(m => m.Id));
        }
        // The same district alone (filtered) shows the same measures: a district's best do not depend on the other columns.
        var district = ten.Districts.First(d => d.MeasureCount > CompareResponse.MaxMeasuresPerDistrict);
        var filtered = fixture.Library.Compare($"{Everywhere} district:{district.District} city:{district.City}", limit: 1, measures: CompareResponse.MaxMeasuresPerDistrict);
        Assert.Equal(district.Measures.Select(m => m.Id), filtered.Districts.Single().Measures.Select(m => m.Id));
    }

    [Fact]
    public void Year_counts_agree_between_facet_filter_trend_and_matrix()
    {
        const string query = "控辍保学";
        var search = Search(query);
        var trend = fixture.Library.Trend(query);
        var matrix = fixture.Library.Matrix(query, limit: 100_000);
        var facet = search.Facets["year"].ToDictionary(v => int.Parse(v.Value), v => v.Count);
        Assert.Equal(facet.Keys.Order(), trend.Years);
        foreach (var year in trend.Years)
        {
            int perYear = trend.PerYear.Single(p => p.Year == year).Count;
            Assert.Equal(facet[year], perYear);
            Assert.Equal(perYear, Search($"{query} year:{year}").Total);
            Assert.Equal(perYear, matrix.Rows.Sum(r => r.Cells.Where(c => c.Year == year).Sum(c => c.Documents)));
        }
        // The 2022–2023 plan counts in both of its years, so the years add up to more than the documents by its extra year.
        Assert.Equal(1, trend.MultiYear);
        Assert.Equal(1, trend.Undated);
        Assert.Equal(search.Total - trend.Undated + trend.MultiYear, trend.PerYear.Sum(p => p.Count));
    }

    [Fact]
    public void First_year_is_the_earliest_year_with_a_matching_measure()
    {
        var matrix = fixture.Library.Matrix("控辍保学", limit: 100_000);
        Assert.NotEmpty(matrix.Rows);
        foreach (var row in matrix.Rows)
            Assert.Equal(row.Cells.Where(c => c.Year is not null && c.Measures > 0).Select(c => c.Year).Min(), row.FirstYear);
        // Rows are grouped by province, then city.
        var keys = matrix.Rows.Select(r => (r.Province, r.City, r.District)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Province, StringComparer.Ordinal).ThenBy(k => k.City, StringComparer.Ordinal).ThenBy(k => k.District, StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Export_writes_every_matching_document_and_measure()
    {
        var matrix = fixture.Library.Matrix(Everywhere, limit: 1);
        using var output = new MemoryStream();
        var summary = await fixture.Library.ExportAsync(Everywhere, SearchOrder.Relevance, ExportFormat.Json, output, (d, m) => $"http://x/?doc={d}&m={m}");
        Assert.Equal(matrix.Documents, summary.Documents);
        var json = JsonDocument.Parse(output.ToArray()).RootElement;
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(summary.Documents, rows.Select(r => r.GetProperty("docId").GetString()).Distinct().Count());
        Assert.Equal(summary.Measures, rows.Count(r => r.GetProperty("measureId").ValueKind == JsonValueKind.String));
        var first = rows[0];
        foreach (var field in new[] { "title", "issuer", "number", "date", "years", "province", "district", "path", "pathLabel", "text", "link" })
            Assert.True(first.TryGetProperty(field, out _), field);
        Assert.StartsWith("http://x/?doc=", first.GetProperty("link").GetString());

        // The same rows as CSV, one line per row after the heading, in the same order.
        using var csv = new MemoryStream();
        await fixture.Library.ExportAsync(Everywhere, SearchOrder.Relevance, ExportFormat.Csv, csv, (d, m) => "");
        var lines = Encoding.UTF8.GetString(csv.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"标题\",\"发文机关\",\"发文字号\",\"成文日期\"", lines[0]);
        Assert.Equal(rows.Count + 1, lines.Count(l => l.StartsWith('"')));
    }

    [Fact]
    public void Date_order_puts_a_document_with_a_year_and_no_date_among_its_year()
    {
        var hits = fixture.Library.Search(new SearchQuery("控辍保学", PageSize: 50, Order: SearchOrder.Date)).Hits.ToList();
        for (int page = 2; hits.Count < 2_000 && hits.All(h => h.Source != "zz_undated.txt"); page++)
            hits.AddRange(fixture.Library.Search(new SearchQuery("控辍保学", Page: page, PageSize: 50, Order: SearchOrder.Date)).Hits);
        var undated = hits.Select((h, i) => (h, i)).Single(x => x.h.Source == "zz_year_only.txt");
        Assert.Null(undated.h.Date);
        Assert.Equal(2022, undated.h.Year);
        // The document with neither date nor year comes last.
        Assert.Equal("zz_undated.txt", hits[^1].Source);
        hits.RemoveAt(hits.Count - 1);
        // Every document before it is dated in its year or later; every one after it is of an earlier year.
        int year = undated.h.Year ?? 0;
        // Every document before it is dated in its year or later (or, like it, of its year without a date); every one after it
        // is of an earlier year, or of its year without a date.
        Assert.All(hits.Take(undated.i), h => Assert.True(h.Date is not null ? h.Year >= year : h.Year == year, $"{h.Source} {h.Date} before the undated {year} document"));
        Assert.All(hits.Skip(undated.i + 1), h => Assert.True(h.Year < year || (h.Date is null && h.Year == year), $"{h.Source} {h.Year} after the undated {year} document"));
        Assert.Contains(hits.Take(undated.i), h => h.Date is not null && h.Year == year);
        Assert.Contains(hits.Skip(undated.i + 1), h => h.Year < year);
    }
}
