using System.Net;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>Every error a user can cause reads in Chinese first (English may follow), and a query error says where it is.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChineseErrorTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    static bool StartsChinese(string? s) => s is { Length: > 0 } && (s[0] is >= '\u4e00' and <= '\u9fff' || s[0] is '“' or '（');

    [Theory]
    [InlineData("/api/search?q=%22%E6%8E%A7%E8%BE%8D", 400)]
    [InlineData("/api/search", 400)]
    [InlineData("/api/search?q=a&page=0", 400)]
    [InlineData("/api/search?q=a&sort=popular", 400)]
    [InlineData("/api/search?q=a&year=20x", 400)]
    [InlineData("/api/search?q=year:3000", 400)]
    [InlineData("/api/search?q=foo:bar", 400)]
    [InlineData("/api/search?q=a%01", 400)]
    [InlineData("/api/export?q=a&format=xml", 400)]
    [InlineData("/api/documents/nope", 404)]
    [InlineData("/api/documents/bad%20id", 400)]
    [InlineData("/api/measures/nope-001", 404)]
    [InlineData("/api/measures/nope-001/similar", 404)]
    [InlineData("/api/no-such-endpoint", 404)]
    public async Task Detail_and_title_lead_with_Chinese(string url, int status)
    {
        var problem = await _client.Problem(url, (HttpStatusCode)status);
        Assert.True(StartsChinese(problem.GetProperty("title").GetString()), problem.GetProperty("title").GetString());
        Assert.True(StartsChinese(problem.GetProperty("detail").GetString()), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_query_over_the_limit_is_refused_with_the_excess_marked_not_cut()
    {
        string q = new string('学', 296);
        var problem = await _client.Problem(Url("/api/search", ("q", q)), HttpStatusCode.BadRequest, "上限 200");
        Assert.Equal(200, problem.GetProperty("position").GetInt32());
        Assert.Equal(96, problem.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task A_syntax_error_says_where_it_is()
    {
        var problem = await _client.Problem(Url("/api/search", ("q", "控辍 \"劝返")), HttpStatusCode.BadRequest, "引号未闭合");
        Assert.Equal(3, problem.GetProperty("position").GetInt32());
        Assert.Equal(3, problem.GetProperty("length").GetInt32());
    }
}
