using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Search.LoadTest;

/// <summary>How hard and how long to load a server, and where it is (loopback only).</summary>
public sealed record LoadOptions(Uri BaseUrl, int Clients, TimeSpan Duration, long MaxRequests = 0)
{
    /// <summary>No single request may take longer than this; one that does counts as an error rather than stalling the run.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>The outcome of a run: counts per status and kind, latency percentiles, and a few error samples to read.</summary>
public sealed record LoadReport(
    long Requests, long Errors, long ServerErrors, double Seconds, double RequestsPerSecond,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs,
    IReadOnlyDictionary<string, long> PerStatus, IReadOnlyDictionary<string, KindFigures> PerKind, IReadOnlyList<string> ErrorSamples)
{
    /// <summary>Indented JSON, for the harness's output and the docs.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>Request count and latency of one kind of request.</summary>
public sealed record KindFigures(long Requests, double P50Ms, double P99Ms);

/// <summary>Closed-loop load: each client sends one request, waits for the answer, sends the next, until the time or request budget is spent.</summary>
/// <remarks>The request mix is drawn from what the server itself returns (ids, facet values), so it works on the real corpus and on a
/// synthetic one alike; every request is expected to answer 2xx, so any other status is an error.</remarks>
public static class LoadRun
{
    /// <summary>Terms tried during discovery; those that match something become the term and phrase queries of the run.</summary>
    static readonly string[] CandidateTerms =
    [
        "控辍保学", "教育", "学校", "学生", "教师", "课程", "安全", "质量", "督导", "资助", "劝返", "培训", "考核", "监测",
        "工作方案", "素质教育", "教师队伍", "义务教育", "学前教育", "职业教育", "心理健康", "体育", "家庭教育", "信息化",
    ];

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancel = default)
    {
        if (!IsLoopback(options.BaseUrl)) throw new ArgumentException($"load runs only against loopback, not {options.BaseUrl}");
        if (options.Clients < 1) throw new ArgumentException("clients must be at least 1");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = options.BaseUrl, Timeout = options.RequestTimeout,
        };
        var mix = await Discover(http, cancel);

        var latencies = new ConcurrentBag<(string Kind, double Ms)>();
        var statuses = new ConcurrentDictionary<string, long>();
        var samples = new ConcurrentQueue<string>();
        long sent = 0, errors = 0, serverErrors = 0;
        var clock = Stopwatch.StartNew();
        var deadline = options.Duration;

        async Task Client(int index)
        {
            var random = new Random(1000 + index); // deterministic mix per client
            while (clock.Elapsed < deadline && !cancel.IsCancellationRequested)
            {
                if (options.MaxRequests > 0 && Interlocked.Increment(ref sent) > options.MaxRequests) break;
                var (kind, url) = mix.Next(random);
                var started = Stopwatch.GetTimestamp();
                string status;
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancel);
                    status = ((int)response.StatusCode).ToString();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        if ((int)response.StatusCode >= 500) Interlocked.Increment(ref serverErrors);
                        if (samples.Count < 20) samples.Enqueue($"{status} {url}: {Clip(await response.Content.ReadAsStringAsync(cancel))}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (cancel.IsCancellationRequested) break;
                    status = e.GetType().Name;
                    Interlocked.Increment(ref errors);
                    if (samples.Count < 20) samples.Enqueue($"{status} {url}: {Clip(e.Message)}");
                }
                latencies.Add((kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(i => Task.Run(() => Client(i), CancellationToken.None)));
        double seconds = clock.Elapsed.TotalSeconds;

        var all = latencies.Select(l => l.Ms).Order().ToArray();
        var perKind = latencies.GroupBy(l => l.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => { var ms = g.Select(l => l.Ms).Order().ToArray(); return new KindFigures(ms.Length, Percentile(ms, 50), Percentile(ms, 99)); });
        return new LoadReport(
            all.Length, errors, serverErrors, Math.Round(seconds, 2), Math.Round(all.Length / Math.Max(seconds, 1e-9), 1),
            Percentile(all, 50), Percentile(all, 90), Percentile(all, 99), all.Length == 0 ? 0 : Math.Round(all[^1], 1),
            statuses.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value), perKind, [.. samples]);
    }

    /// <summary>True for 127.0.0.0/8, ::1 and "localhost": the harness must never be pointed at someone else's server.</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 1);
    }

    static string Clip(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>Asks the server what it holds: which candidate terms match, some document and measure ids, and facet values to filter on.</summary>
    static async Task<RequestMix> Discover(HttpClient http, CancellationToken cancel)
    {
        var terms = new List<string>();
        var docIds = new SortedSet<string>(StringComparer.Ordinal);
        var measureIds = new SortedSet<string>(StringComparer.Ordinal);
        var filters = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var term in CandidateTerms)
        {
            using var response = await http.GetAsync("/api/search?size=20&q=" + Uri.EscapeDataString(term), cancel);
            if (!response.IsSuccessStatusCode) continue;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
            var root = json.RootElement;
            if (root.GetProperty("total").GetInt32() == 0) continue;
            terms.Add(term);
            foreach (var hit in root.GetProperty("hits").EnumerateArray())
            {
                docIds.Add(hit.GetProperty("docId").GetString()!);
                foreach (var m in hit.GetProperty("measures").EnumerateArray()) measureIds.Add(m.GetProperty("id").GetString()!);
            }
            foreach (var facet in new[] { "province", "year", "type" })
                if (root.GetProperty("facets").TryGetProperty(facet, out var values))
                    foreach (var v in values.EnumerateArray().Take(5))
                        filters.Add(facet + "=" + Uri.EscapeDataString(v.GetProperty("value").ToString()));
        }
        if (terms.Count == 0 || docIds.Count == 0 || measureIds.Count == 0)
            throw new InvalidOperationException("discovery found nothing to search for: is the index empty?");
        return new RequestMix([.. terms], [.. docIds], [.. measureIds], [.. filters]);
    }

    /// <summary>The weighted mix of request kinds, each drawn from the discovered terms, ids and filters.</summary>
    sealed record RequestMix(string[] Terms, string[] DocIds, string[] MeasureIds, string[] Filters)
    {
        public (string Kind, string Url) Next(Random random)
        {
            string term = Uri.EscapeDataString(Terms[random.Next(Terms.Length)]);
            string filter = Filters.Length == 0 ? "" : Filters[random.Next(Filters.Length)];
            int roll = random.Next(100);
            return roll switch
            {
                < 30 => ("term", $"/api/search?q={term}"),
                < 40 => ("term-page2", $"/api/search?q={term}&page=2&sort=date"),
                < 55 => ("phrase", $"/api/search?q=%22{term}%22"),
                < 70 => ("filtered", $"/api/search?q={term}&{filter}"),
                < 78 => ("facet", Filters.Length == 0 ? $"/api/search?q={term}" : $"/api/search?{filter}"),
                < 88 => ("similar", $"/api/measures/{Uri.EscapeDataString(MeasureIds[random.Next(MeasureIds.Length)])}/similar"),
                < 96 => ("document", $"/api/documents/{Uri.EscapeDataString(DocIds[random.Next(DocIds.Length)])}?q={term}"),
                _ => ("measure", $"/api/measures/{Uri.EscapeDataString(MeasureIds[random.Next(MeasureIds.Length)])}"),
            };
        }
    }
}
