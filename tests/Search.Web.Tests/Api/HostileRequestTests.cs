using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;
using Search.Schema;

namespace Search.Web.Tests.Api;

/// <summary>The claims of docs/SECURITY.md that the other API tests do not already cover: markup in queries and documents never comes
/// back as markup, ids cannot reach files, oversized requests are refused before they cost anything, limits hold, the admin token is
/// only accepted as a bearer header.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRequestTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    const string Script = "<script>alert(1)</script>";
    const string Image = "<img src=x onerror=alert(1)>";

    [Theory]
    [InlineData("/api/search?q={0}")]
    [InlineData("/api/search?q=\"{0}")]            // a syntax error whose message quotes the query
    [InlineData("/api/compare?q={0}")]              // compare and trend echo the query back
    [InlineData("/api/trend?q={0}")]
    [InlineData("/api/export?format=json&q={0}")]
    [InlineData("/api/search?q=a&province={0}")]
    [InlineData("/api/search?q=a&sort={0}")]        // the message names the bad value
    [InlineData("/api/documents/{0}")]              // unknown or malformed id, echoed in the message
    [InlineData("/api/measures/{0}")]
    [InlineData("/api/documents/x?q={0}")]
    public async Task Markup_in_a_request_is_never_echoed_as_markup(string template)
    {
        foreach (var payload in new[] { Script, Image, "\"><svg onload=alert(1)>" })
        {
            using var response = await _client.GetAsync(string.Format(template, Uri.EscapeDataString(payload)));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, body);
            // JSON only, never HTML, and the HTML-significant characters escaped inside it, so even a sniffing client sees no tag.
            Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "application/problem+json" });
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Markup_in_a_document_is_text_in_every_view()
    {
        var search = await _client.Json(Url("/api/search", ("q", IndexedCorpus.XssQuery)));
        var docId = search.GetProperty("hits")[0].GetProperty("docId").GetString()!;

        using var response = await _client.GetAsync(Url($"/api/documents/{Uri.EscapeDataString(docId)}", ("q", IndexedCorpus.XssQuery)));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script", raw);
        Assert.DoesNotContain("<img", raw);
        var document = JsonDocument.Parse(raw).RootElement;
        // The measure text is the corpus's text, as data (the page inserts it with textContent) ...
        Assert.Contains(document.GetProperty("measures").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains(Script));
        // ... and the marked-up highlights, the only HTML the page renders, carry it escaped, with <mark> the only tag.
        var highlights = document.GetProperty("highlights").EnumerateObject().Select(h => h.Value.GetString()!).ToList();
        Assert.NotEmpty(highlights);
        Assert.Contains(highlights, h => h.Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        foreach (var h in highlights)
            Assert.Empty(System.Text.RegularExpressions.Regex.Matches(h, "<(?!/?mark>)"));

        // The CSV export holds the raw text (it is data for a spreadsheet), so it is a download, never a page.
        using var csv = await _client.GetAsync(Url("/api/export", ("q", IndexedCorpus.XssQuery)));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", csv.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..\\..\\..\\etc\\passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("....//....//etc/passwd")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("index/write.lock")]
    [InlineData("..")]
    public async Task Ids_with_path_traversal_reach_no_file(string id)
    {
        foreach (var path in new[] { "/api/documents/", "/api/measures/" })
        {
            using var response = await _client.GetAsync(path + Uri.EscapeDataString(id));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("root:", body);
        }
    }

    [Theory]
    [InlineData("/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/Search.Web.dll")]
    [InlineData("/appsettings.json")]
    [InlineData("/..%2FSearch.Web.dll")]
    public async Task Static_files_come_only_from_the_embedded_page(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("AdminToken", body);
    }

    [Fact]
    public async Task Oversized_url_and_headers_are_refused_by_the_server_before_the_app()
    {
        await using var server = await LoopbackServer.StartAsync(fixture.Corpus.Index, fixture.Corpus.Corpus);
        Assert.Equal("414", await RawStatus(server.BaseAddress, $"GET /api/search?q={new string('a', 100_000)} HTTP/1.1\r\nHost: x\r\n\r\n"));
        Assert.Equal("431", await RawStatus(server.BaseAddress, $"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 100_000)}\r\n\r\n"));
        // A large body on the admin endpoint without a token is refused without being read.
        using var client = server.CreateClient();
        using var body = new ByteArrayContent(new byte[5_000_000]);
        using var response = await client.PostAsync("/api/admin/reindex", body);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("/api/admin/reindex?access_token=" + SearchWebFactory.AdminToken, null, null)]
    [InlineData("/api/admin/reindex", "Basic", SearchWebFactory.AdminToken)]
    [InlineData("/api/admin/reindex", "Bearer", SearchWebFactory.AdminToken + "x")]
    [InlineData("/api/admin/reindex", "Bearer", "test-admin-toke")]
    [InlineData("/api/admin/reindex", "Bearer", "")]
    public async Task Admin_token_only_counts_as_the_exact_bearer_header(string url, string? scheme, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (scheme is not null) request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        await Problem(await _client.SendAsync(request), HttpStatusCode.Unauthorized, "Bearer");
    }

    [Fact]
    public async Task Csv_export_cells_never_start_a_spreadsheet_formula()
    {
        using var corpus = new IndexedCorpus(includeRepositoryCorpus: false);
        File.WriteAllText(Path.Combine(corpus.Corpus, "formula.txt"),
            "=HYPERLINK(\"http://evil.example\",\"点击\")公式注入工作方案\n\n一、主要任务\n（一）+1+1 开展公式注入演练。\n（二）-2 @SUM(A1) 完善公式注入台账。\n");
        using (var analyzers = new Search.Schema.SearchAnalyzers()) new Search.Indexing.CorpusIndexer(analyzers).Run(corpus.Corpus, corpus.Index);
        using var factory = new SearchWebFactory(corpus);
        using var client = factory.CreateClient();
        var csv = await client.GetStringAsync(Url("/api/export", ("q", "公式注入")));
        Assert.Contains("HYPERLINK", csv);
        var cells = csv.Split(["\r\n"], StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .SelectMany(row => row.Split("\",\"")).Select(c => c.Trim('"', '\uFEFF')).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@');
        Assert.Contains(cells, c => c.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("%01")]
    [InlineData("%1B%5B31m")]   // a terminal escape, which would otherwise reach the logs
    [InlineData("a%0Ab")]
    [InlineData("%7F")]
    public async Task Control_characters_in_a_query_are_a_400(string q) =>
        await _client.Problem("/api/search?q=" + q, HttpStatusCode.BadRequest, "control characters");

    [Fact]
    public async Task Cors_allows_only_get_even_for_a_listed_origin()
    {
        using var factory = new SearchWebFactory(fixture.Corpus, new Dictionary<string, string?> { ["Search:Cors:Origins:0"] = "https://partner.example" });
        using var client = factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/admin/reindex")
        {
            Headers = { { "Origin", "https://partner.example" }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "authorization" } },
        };
        using var response = await client.SendAsync(preflight);
        // ASP.NET Core answers the preflight for a listed origin but names only the allowed methods; the browser then refuses the POST.
        var methods = response.Headers.TryGetValues("Access-Control-Allow-Methods", out var values) ? string.Join(",", values) : "";
        Assert.DoesNotContain("POST", methods, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    static async Task<string> RawStatus(Uri server, string request)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        try { await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token); } catch (IOException) { }
        var buffer = new byte[12];
        int read = 0;
        try
        {
            while (read < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                if (n == 0) break;
                read += n;
            }
        }
        catch (IOException) { } // the server may reset the connection after answering, with the rest of our request unread
        var head = Encoding.ASCII.GetString(buffer, 0, read);
        return head.Length >= 12 ? head[9..12] : "no answer: " + head;
    }
}
