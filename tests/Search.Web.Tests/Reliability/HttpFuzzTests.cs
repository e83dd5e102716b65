using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Search.Web.Tests.Support;
using Xunit.Abstractions;

namespace Search.Web.Tests.Reliability;

/// <summary>Random and mutated query strings, ids and raw request lines against every GET endpoint: never a 5xx, every 4xx a
/// ProblemDetails (400s with a message), every request answered within a generous bound (no hangs), and the server still up after.</summary>
/// <remarks>Inputs come from FsCheck generators with fixed seeds. CI runs <see cref="DefaultTrials"/> inputs per target;
/// <c>SEARCH_FUZZ_TRIALS=N</c> runs N (docs/RELIABILITY.md has the full-run figures).</remarks>
[Collection(ApiCollection.Name)]
public sealed class HttpFuzzTests(ApiFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    // Real Kestrel rather than TestServer: the in-memory client refuses some paths (NUL) itself, so they would never reach the app.
    LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(fixture.Corpus.Index, fixture.Corpus.Corpus);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    const int DefaultTrials = 250;
    static readonly TimeSpan PerRequestBound = TimeSpan.FromSeconds(15);

    static int Trials => int.TryParse(Environment.GetEnvironmentVariable("SEARCH_FUZZ_TRIALS"), out var n) && n > 0 ? n : DefaultTrials;

    /// <summary>Pieces a user (or attacker) might put in a query string: query syntax, filters, Chinese, markup, escapes, control and
    /// surrogate characters, path tricks.</summary>
    static readonly string[] Fragments =
    [
        "控辍保学", "劝返", "輟學", "义务教育", "\"", "“", "”", "(", ")", "（", "）", " OR ", " AND ", " NOT ", "|", "-", "－", "*", "?", "~", "^",
        "province:", "year:", "year:2020..2022", "year:99999999999", "type:", "title:", ":", "：", "/sentence", "/measure", "/", "\\",
        "..", "../", "%", "%2", "%zz", "%00", "%E6%8E", "%C0%AF", "%2F", "%5C", "+", "&", "=", "#", ";", ",", "'", "`",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:", "\0", "\u0001", "\u001f", "\u007f", "\u0085", "\t", "\r\n",
        "\ud800", "\udc00", "😀", "\u202e", "\ufeff", "\u200b", "ｑ", "Ａ", "2020", "-1", "0", "2147483648", "1e9", "NaN", "null",
        "Policy", "a", "　",
    ];

    static readonly string[] SearchParameters = ["q", "province", "city", "district", "year", "type", "sort", "page", "size", "format", "top", "x", ""];

    /// <summary>Short texts that are mostly valid, so that the happy path is fuzzed too, not just the rejections.</summary>
    static readonly string[] Plausible =
    [
        "控辍保学", "劝返", "輟學", "义务教育", "教师", "\"控辍保学\"", " OR ", " ", "-劝返", "year:2020..2022", "2021", "广西", "柳州市", "计划", "relevance", "date", "1", "2", "json", "csv",
    ];

    static Gen<string> Text =>
        Gen.Frequency(
            (5, Gen.Choose(1, 3).SelectMany(n => Gen.Elements(Plausible).ListOf(n)).Select(parts => string.Concat(parts))),
            (4, Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts))),
            (3, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
            (2, Gen.Choose(0, 0xFFFF).Select(c => (char)c).ArrayOf().Select(chars => new string(chars))),
            (1, Gen.Elements(Fragments).SelectMany(f => Gen.Choose(1, 5_000).Select(n => string.Concat(Enumerable.Repeat(f, n))))));

    static Gen<(string Name, string Value)> Parameter =>
        from name in Gen.Frequency((5, Gen.Elements(SearchParameters)), (1, Text))
        from value in Text
        select (name, value);

    static Gen<string> QueryString =>
        from q in Text
        from parameters in Gen.Choose(0, 3).SelectMany(n => Parameter.ListOf(n))
        from raw in Gen.Elements(false, false, false, true)
        select string.Join("&", parameters.Prepend((Name: "q", Value: q)).Select(p => raw ? p.Name + "=" + p.Value : Escape(p.Name) + "=" + Escape(p.Value)));

    static List<T> Sample<T>(Gen<T> gen, int seed, int count) =>
        [.. Gen.Sample(gen, count, new Rnd((ulong)seed), 30)];

    /// <summary>Percent-encodes UTF-8 bytes; a lone surrogate becomes U+FFFD as any client would send it.</summary>
    static string Escape(string s)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
            text.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}");
        return text.ToString();
    }

    [Theory]
    [InlineData("/api/search", 1)]
    [InlineData("/api/compare", 2)]
    [InlineData("/api/trend", 3)]
    [InlineData("/api/export", 4)]
    public async Task Random_query_strings_never_give_a_5xx(string path, int seed)
    {
        using var client = _server.CreateClient();
        var statuses = new SortedDictionary<int, int>();
        foreach (var query in Sample(QueryString, seed, Trials))
            await Check(client, path + "?" + query, statuses);
        output.WriteLine($"{path}: {Trials} inputs, statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(statuses.GetValueOrDefault(200) > 0, "no input was valid: the generator only tests the error path");
        Assert.True(statuses.GetValueOrDefault(400) > 0, "no input was rejected: the generator only tests the happy path");
    }

    [Theory]
    [InlineData("/api/documents/{0}", 5)]
    [InlineData("/api/documents/{0}?q={1}", 6)]
    [InlineData("/api/measures/{0}", 7)]
    [InlineData("/api/measures/{0}/similar?top={1}", 8)]
    public async Task Random_ids_never_give_a_5xx(string template, int seed)
    {
        using var client = _server.CreateClient();
        var statuses = new SortedDictionary<int, int>();
        // Real ids, whole and mutated, so the lookups past validation are fuzzed too, not only the rejections.
        var found = await client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString("控辍保学"));
        var hit = found.GetProperty("hits")[0];
        string[] real = [hit.GetProperty("docId").GetString()!, hit.GetProperty("measures")[0].GetProperty("id").GetString()!];
        var mutated =
            from id in Gen.Elements(real)
            from at in Gen.Choose(0, id.Length)
            from insert in Gen.Elements(Fragments)
            from cut in Gen.Choose(0, 3)
            select cut switch
            {
                0 => id,
                1 => id[..at] + insert + id[at..],
                2 => id[..at] + id[Math.Min(id.Length, at + 1)..],
                _ => id[..at] + insert + id[Math.Min(id.Length, at + 1)..],
            };
        var extras = Gen.Frequency((2, Text), (1, Gen.Choose(-5, 40).Select(n => n.ToString())));
        var ids = Gen.Frequency((4, Text), (3, mutated),
            (1, Gen.Elements("..", "../../etc/passwd", "..\\..\\windows", "%2e%2e", "index", "write.lock", "segments_1")));
        foreach (var (id, extra) in Sample(from id in ids from extra in extras select (id, extra), seed, Trials))
        {
            if (id.Length == 0) continue; // an empty segment is a different route
            await Check(client, string.Format(template, Escape(id), Escape(extra)), statuses);
        }
        output.WriteLine($"{template}: {Trials} inputs, statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.Contains(statuses.Keys, s => s is 400 or 404);
        Assert.Contains(200, statuses.Keys);
    }

    /// <summary>Raw bytes on a socket, below any HTTP client's own escaping: mutated request lines and headers against Kestrel and the app.</summary>
    [Fact]
    public async Task Raw_mutated_requests_never_give_a_5xx_and_the_server_stays_up()
    {
        var targets = new[] { "/api/search?q=", "/api/compare?q=", "/api/trend?q=", "/api/export?q=", "/api/documents/", "/api/measures/", "/" };
        var requests =
            from target in Gen.Elements(targets)
            from tail in Text
            from mutation in Gen.Choose(0, 5)
            select Mutate(target, tail, mutation);
        var statuses = new SortedDictionary<string, int>();
        int trials = Math.Max(50, Trials / 2);
        foreach (var request in Sample(requests, 9, trials))
        {
            var clock = Stopwatch.StartNew();
            var status = await SendRaw(_server.BaseAddress, request);
            Assert.True(clock.Elapsed < PerRequestBound, $"took {clock.Elapsed} for {Clip(Encoding.UTF8.GetString(request))}");
            Assert.False(status.StartsWith('5'), $"{status} for {Clip(Encoding.UTF8.GetString(request))}");
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
        output.WriteLine($"raw: {trials} inputs, statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        using var health = _server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>A request whose target or headers are damaged in one of several ways, as bytes.</summary>
    static byte[] Mutate(string target, string tail, int mutation)
    {
        var raw = Encoding.UTF8.GetBytes(tail);
        string line = mutation switch
        {
            0 => target + Escape(tail),
            1 => target + Encoding.Latin1.GetString(raw), // unescaped bytes, spaces and control characters in the target
            2 => target + new string('a', 20_000),        // longer than Kestrel's request line limit
            _ => target + Escape(tail),
        };
        var headers = mutation switch
        {
            3 => "X-Fuzz: " + new string('b', 40_000) + "\r\n", // larger than the header limit
            4 => "X-Fuzz: " + Encoding.Latin1.GetString(raw).Replace("\r\n", "") + "\r\n",
            5 => "Content-Length: 5\r\n",                          // a body on a GET
            _ => "",
        };
        string body = mutation == 5 ? "abcde" : "";
        return Encoding.Latin1.GetBytes($"GET {line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}\r\n{body}");
    }

    /// <summary>The status code of the answer, or "closed" when the server dropped a request it could not parse.</summary>
    static async Task<string> SendRaw(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(PerRequestBound);
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException) { return "closed"; }
        var buffer = new byte[64];
        int read = 0;
        try
        {
            while (read < 12)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                if (n == 0) break;
                read += n;
            }
        }
        catch (IOException) { }
        catch (OperationCanceledException) { return "timeout"; }
        var head = Encoding.ASCII.GetString(buffer, 0, read);
        return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 ? head[9..12] : "closed";
    }

    async Task Check(HttpClient client, string url, SortedDictionary<int, int> statuses)
    {
        Uri target;
        try { target = new Uri(url, UriKind.Relative); }
        catch (UriFormatException) { statuses[0] = statuses.GetValueOrDefault(0) + 1; return; } // the client refuses to send it
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(target);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(clock.Elapsed < PerRequestBound, $"took {clock.Elapsed} for {Clip(url)}");
        int status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        Assert.True(status is 200 or 400 or 404 or 414, $"{status} for {Clip(url)}: {Clip(body)}");
        // 414 is Kestrel refusing a request line over its 8 KB limit, and a bodiless 400 Kestrel refusing a NUL in the path,
        // both before any app code runs: nothing of ours to check.
        if (status is 200 or 414) return;
        if (status == 400 && body.Length == 0 && url.Split('?')[0].Contains("%00", StringComparison.Ordinal))
        {
            statuses[-400] = statuses.GetValueOrDefault(-400) + 1;
            return;
        }
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{status} for {Clip(url)} is not a problem: {Clip(body)}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (status == 400) Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), body);
        Assert.DoesNotContain("   at ", body);
    }

    static string Clip(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
