using System.Net;
using System.Text;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>/api/search, /api/compare, /api/trend and /api/export on the real corpus, and their error paths.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchApiTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Search_finds_the_four_districts_with_highlighted_snippets_and_facets()
    {
        var json = await _client.Json(Url("/api/search", ("q", "控辍保学")));
        Assert.Equal(4, json.GetProperty("total").GetInt32());
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(["兴宁区", "兴庆区", "宁国市", "柳南区"], hits.Select(h => h.GetProperty("district").GetString()).Order());
        var liunan = hits.Single(h => h.GetProperty("district").GetString() == "柳南区");
        Assert.Contains("<mark>控輟保學</mark>", liunan.GetProperty("measures")[0].GetProperty("snippet").GetString());
        Assert.False(string.IsNullOrEmpty(liunan.GetProperty("measures")[0].GetProperty("path").GetString()));
        var provinces = json.GetProperty("facets").GetProperty("province").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());
        Assert.Equal(2, provinces["广西壮族自治区"]);
    }

    [Fact]
    public async Task Search_filters_sorts_and_pages()
    {
        var guangxi = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("province", "广西壮族自治区")));
        Assert.Equal(2, guangxi.GetProperty("total").GetInt32());
        var district = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("district", "柳南区"), ("year", "2022"), ("type", "工作计划")));
        Assert.Equal("柳南区", Assert.Single(district.GetProperty("hits").EnumerateArray()).GetProperty("district").GetString());
        var byDate = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("sort", "date")));
        var dates = byDate.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("date").GetString() ?? "").ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        var page2 = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("size", "3"), ("page", "2")));
        Assert.Single(page2.GetProperty("hits").EnumerateArray());
        Assert.Equal(2, page2.GetProperty("page").GetInt32());
        var filterOnly = await _client.Json(Url("/api/search", ("province", "宁夏")));
        Assert.Equal(1, filterOnly.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("\"控辍", "Unclosed quote")]
    [InlineData("(劝返", "")]
    public async Task Malformed_query_is_400_with_position(string q, string detail)
    {
        var problem = await _client.Problem(Url("/api/search", ("q", q)), HttpStatusCode.BadRequest, detail);
        Assert.True(problem.TryGetProperty("position", out _));
        Assert.True(problem.TryGetProperty("length", out _));
    }

    [Theory]
    [InlineData("/api/search", "q is required")]
    [InlineData("/api/search?q=a&page=0", "page must be")]
    [InlineData("/api/search?q=a&page=x", "page must be")]
    [InlineData("/api/search?q=a&size=51", "size must be")]
    [InlineData("/api/search?q=a&size=-1", "size must be")]
    [InlineData("/api/search?q=a&sort=popular", "sort must be")]
    [InlineData("/api/search?q=a&year=20x", "year")]
    [InlineData("/api/search?q=a&province=%22x", "province filter")]
    [InlineData("/api/compare", "q is required")]
    [InlineData("/api/trend?q=%22a", "Unclosed")]
    [InlineData("/api/export?q=a&format=xml", "format must be")]
    [InlineData("/api/export?q=(a", "")]
    public async Task Bad_parameters_are_400_problems(string url, string detail) =>
        await _client.Problem(url, HttpStatusCode.BadRequest, detail);

    [Fact]
    public async Task Query_length_is_limited()
    {
        await _client.Problem(Url("/api/search", ("q", new string('学', 201))), HttpStatusCode.BadRequest, "limit is 200");
        await _client.Json(Url("/api/search", ("q", new string('学', 200))));
    }

    [Fact]
    public async Task Compare_lists_matching_measures_per_district_side_by_side()
    {
        var json = await _client.Json(Url("/api/compare", ("q", "控辍保学")));
        var districts = json.GetProperty("districts").EnumerateArray().ToList();
        Assert.Equal(["兴宁区", "兴庆区", "宁国市", "柳南区"], districts.Select(d => d.GetProperty("district").GetString()).Order());
        Assert.All(districts, d => Assert.NotEmpty(d.GetProperty("measures").EnumerateArray()));
        var liunan = districts.Single(d => d.GetProperty("district").GetString() == "柳南区");
        Assert.Contains("<mark>", liunan.GetProperty("measures")[0].GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task Compare_shows_as_many_best_measures_per_district_as_asked()
    {
        int Shown(System.Text.Json.JsonElement json) => json.GetProperty("districts").EnumerateArray().Max(d => d.GetProperty("measures").GetArrayLength());
        var few = await _client.Json(Url("/api/compare", ("q", "教育")));
        var many = await _client.Json(Url("/api/compare", ("q", "教育"), ("measures", "10")));
        Assert.Equal(3, Shown(few));
        Assert.True(Shown(many) > 3, "a district of the seed corpus has more than three measures on 教育");
        Assert.All(many.GetProperty("districts").EnumerateArray(), d =>
            Assert.Equal(Math.Min(10, d.GetProperty("measureCount").GetInt32()), d.GetProperty("measures").GetArrayLength()));
        await _client.Problem(Url("/api/compare", ("q", "教育"), ("measures", "11")), HttpStatusCode.BadRequest, "measures must be a whole number from 1 to 10");
        await _client.Problem(Url("/api/compare", ("q", "教育"), ("measures", "0")), HttpStatusCode.BadRequest, "参数 measures");
    }

    [Theory]
    [InlineData("/api/compare", "districtCount", "districts")]
    [InlineData("/api/matrix", "rowCount", "rows")]
    public async Task A_row_limit_shows_part_and_says_how_much_it_left_out(string path, string countField, string rowsField)
    {
        var all = await _client.Json(Url(path, ("q", "控辍保学")));
        int count = all.GetProperty(countField).GetInt32();
        Assert.Equal(4, count);
        Assert.Equal(0, all.GetProperty("omitted").GetInt32());
        var one = await _client.Json(Url(path, ("q", "控辍保学"), ("limit", "1")));
        Assert.Single(one.GetProperty(rowsField).EnumerateArray());
        Assert.Equal(count, one.GetProperty(countField).GetInt32());
        Assert.Equal(count - 1, one.GetProperty("omitted").GetInt32());
        // The totals still cover every match.
        Assert.Equal(all.GetProperty("measures").GetInt32(), one.GetProperty("measures").GetInt32());
        await _client.Problem(Url(path, ("q", "控辍保学"), ("limit", "3001")), HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Trend_counts_documents_per_year_and_province()
    {
        var json = await _client.Json(Url("/api/trend", ("q", "控辍保学")));
        var cells = json.GetProperty("cells").EnumerateArray()
            .Select(c => (c.GetProperty("year").GetInt32(), c.GetProperty("province").GetString(), c.GetProperty("count").GetInt32())).ToList();
        Assert.Contains((2020, "广西壮族自治区", 1), cells);
        Assert.Contains((2021, "宁夏回族自治区", 1), cells);
        Assert.Equal([2020, 2021, 2022, 2023], json.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
    }

    [Fact]
    public async Task Export_csv_has_every_hit_not_one_page()
    {
        using var response = await _client.GetAsync(Url("/api/export", ("q", "控辍保学"), ("format", "csv"), ("size", "1")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        // Named after the query, not search-export.csv.
        Assert.Equal("控辍保学.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"标题\",\"发文机关\",\"发文字号\",\"成文日期\",\"发布日期\",\"年份\",\"省份\",\"城市\",\"区县\"", lines[0]);
        Assert.Contains("措施内容", lines[0]);
        Assert.Contains("链接", lines[0]);
        foreach (var district in new[] { "兴宁区", "兴庆区", "宁国市", "柳南区" }) Assert.Contains(lines, l => l.Contains($"\"{district}\""));
        Assert.DoesNotContain("<mark>", csv);
    }

    [Fact]
    public async Task Export_json_has_every_hit_with_citation_fields_and_a_link_that_opens_the_measure()
    {
        var json = await _client.Json(Url("/api/export", ("q", "控辍保学"), ("format", "json")));
        Assert.Equal(4, json.GetProperty("documents").GetInt32());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(4, rows.Select(r => r.GetProperty("docId").GetString()).Distinct().Count());
        Assert.Equal(json.GetProperty("measures").GetInt32(), rows.Count);
        var liunan = rows.First(r => r.GetProperty("district").GetString() == "柳南区");
        Assert.Contains("控輟保學", liunan.GetProperty("text").GetString());
        Assert.Equal("柳南区教育局", liunan.GetProperty("issuer").GetString());
        Assert.Equal("2022 2023", liunan.GetProperty("years").GetString());
        var link = new Uri(liunan.GetProperty("link").GetString()!);
        Assert.Equal("/", link.AbsolutePath);
        Assert.Contains("view=doc", link.Query);
        Assert.Contains("m=" + liunan.GetProperty("measureId").GetString(), link.Query);
        // The link names a measure the API knows.
        await _client.Json("/api/measures/" + liunan.GetProperty("measureId").GetString());
    }

    [Fact]
    public async Task Export_xlsx_is_a_workbook_with_the_same_rows()
    {
        var json = await _client.Json(Url("/api/export", ("q", "控辍保学"), ("format", "json")));
        using var response = await _client.GetAsync(Url("/api/export", ("q", "控辍保学"), ("province", "广西"), ("format", "xlsx")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("控辍保学_广西.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        string Text(DocumentFormat.OpenXml.Spreadsheet.Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        Assert.Equal("标题", Text(rows[0].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First()));
        int guangxi = json.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("province").GetString() == "广西壮族自治区");
        Assert.Equal(guangxi + 1, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal("广西壮族自治区", Text(r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ElementAt(6))));
    }

    [Fact]
    public async Task Markup_in_documents_comes_back_escaped_in_snippets()
    {
        var json = await _client.Json(Url("/api/search", ("q", IndexedCorpus.XssQuery)));
        var snippets = json.GetProperty("hits").EnumerateArray().SelectMany(h => h.GetProperty("measures").EnumerateArray())
            .Select(m => m.GetProperty("snippet").GetString()!).ToList();
        Assert.Contains(snippets, s => s.Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.All(snippets, s => Assert.DoesNotContain("<script", s));
        Assert.All(snippets, s => Assert.Equal(s.Replace("<mark>", "").Replace("</mark>", ""), s.Replace("<mark>", "").Replace("</mark>", "").Replace("<", "")));
    }
}
