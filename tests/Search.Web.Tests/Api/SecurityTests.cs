using System.Net;
using System.Net.Http.Headers;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>Admin token, security headers, CORS and rate limiting.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Reindex_without_or_with_a_wrong_token_is_401()
    {
        using var none = await _client.PostAsync("/api/admin/reindex", null);
        await Problem(none, HttpStatusCode.Unauthorized, "Bearer");
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reindex") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } };
        await Problem(await _client.SendAsync(wrong), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reindex_with_the_token_runs_the_indexer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reindex")
        { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SearchWebFactory.AdminToken) } };
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"unchanged\":6", body);
    }

    [Fact]
    public async Task Reindex_is_disabled_without_a_configured_token()
    {
        using var factory = new SearchWebFactory(fixture.Corpus, new Dictionary<string, string?> { ["Search:AdminToken"] = "" });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reindex") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "") } };
        await Problem(await client.SendAsync(request), HttpStatusCode.Forbidden, "disabled");
    }

    [Fact]
    public async Task Reindex_only_accepts_post() =>
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.GetAsync("/api/admin/reindex")).StatusCode);

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/search?q=%E6%8E%A7%E8%BE%8D%E4%BF%9D%E5%AD%A6")]
    [InlineData("/api/search")]
    public async Task Every_response_has_security_headers(string url)
    {
        using var response = await _client.GetAsync(url);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Page_has_no_inline_script_or_style()
    {
        var html = await _client.GetStringAsync("/");
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html);
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.Equal(1, html.Split("<script").Length - 1);
    }

    [Fact]
    public async Task Cors_is_closed_unless_configured()
    {
        using var closed = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=a") { Headers = { { "Origin", "https://elsewhere.example" } } };
        using var closedResponse = await _client.SendAsync(closed);
        Assert.False(closedResponse.Headers.Contains("Access-Control-Allow-Origin"));

        using var factory = new SearchWebFactory(fixture.Corpus, new Dictionary<string, string?> { ["Search:Cors:Origins:0"] = "https://partner.example" });
        using var client = factory.CreateClient();
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=a") { Headers = { { "Origin", "https://partner.example" } } };
        using var allowedResponse = await client.SendAsync(allowed);
        Assert.Equal("https://partner.example", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=a") { Headers = { { "Origin", "https://elsewhere.example" } } };
        Assert.False((await client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Api_is_rate_limited_with_a_429_problem()
    {
        using var factory = new SearchWebFactory(fixture.Corpus, new Dictionary<string, string?> { ["Search:Limits:RequestsPerMinute"] = "3" });
        using var client = factory.CreateClient();
        for (int i = 0; i < 3; i++) await client.Json(Url("/api/search", ("q", "控辍保学")));
        using var limited = await client.GetAsync(Url("/api/search", ("q", "控辍保学")));
        await Problem(limited, HttpStatusCode.TooManyRequests, "too many requests");
        // The page itself is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
