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
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"doc_id\",\"title\"", lines[0]);
        foreach (var district in new[] { "兴宁区", "兴庆区", "宁国市", "柳南区" }) Assert.Contains(lines, l => l.Contains($"\"{district}\""));
        Assert.DoesNotContain("<mark>", csv);
    }

    [Fact]
    public async Task Export_json_has_every_hit()
    {
        var json = await _client.Json(Url("/api/export", ("q", "控辍保学"), ("format", "json")));
        Assert.Equal(4, json.GetProperty("hits").GetArrayLength());
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
