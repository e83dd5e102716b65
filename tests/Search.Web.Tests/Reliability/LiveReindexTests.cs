using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Search.Indexing;
using Search.Web.Tests.Support;
using Search.Schema;

namespace Search.Web.Tests.Reliability;

/// <summary>Searches keep answering while <c>POST /api/admin/reindex</c> commits a changed corpus, and every answer comes whole from
/// the old commit or whole from the new one; a second reindex meanwhile gets 409.</summary>
/// <remarks>The probe phrase occurs in exactly the documents A and B before the change and A, B′ (B edited) and C (added) after it.
/// B's id changes with its content, so one answer listing the old B beside C, or counting 3 with the old B, would be a mix.</remarks>
public sealed class LiveReindexTests : IAsyncLifetime
{
    const string ProbePhrase = "\"星河探针\"";
    const string OldMarker = "旧版标记";
    const string NewMarker = "新版标记";
    const string AddedMarker = "新增标记";
    const int Fillers = 120;

    readonly string _root = Path.Combine(Path.GetTempPath(), "search-live-reindex-" + Guid.NewGuid().ToString("N")[..12]);
    string Corpus => Path.Combine(_root, "corpus");
    string Index => Path.Combine(_root, "index");
    LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Corpus);
        File.WriteAllText(Path.Combine(Corpus, "a.txt"), Plan("2021年星河区教育工作计划", "推进星河探针试点工作，完善甲号标记制度。"));
        File.WriteAllText(Path.Combine(Corpus, "b.txt"), Plan("2022年星河区教育工作要点", $"开展星河探针监测，落实{OldMarker}要求。"));
        for (int i = 0; i < Fillers; i++) File.WriteAllText(Path.Combine(Corpus, $"filler_{i:D3}.txt"), Filler(i));
        using (var analyzers = new SearchAnalyzers()) new CorpusIndexer(analyzers).Run(Corpus, Index);
        _server = await LoopbackServer.StartAsync(Index, Corpus);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Searches_during_a_reindex_answer_from_the_old_or_the_new_commit_never_a_mix()
    {
        using var http = _server.CreateClient();
        var before = await Probe(http);
        Assert.Equal(2, before.Total);
        Assert.Equal((1, 0, 0), (before.Old, before.New, before.Added));

        // The change: C added, B edited, one filler deleted and more fillers added so that the commit takes a while to build.
        File.WriteAllText(Path.Combine(Corpus, "c.txt"), Plan("2031年星河区教育工作方案", $"扩大星河探针范围，建立{AddedMarker}机制。"));
        File.WriteAllText(Path.Combine(Corpus, "b.txt"), Plan("2022年星河区教育工作要点", $"开展星河探针监测，落实{NewMarker}要求。"));
        File.Delete(Path.Combine(Corpus, "filler_000.txt"));
        for (int i = Fillers; i < 3 * Fillers; i++) File.WriteAllText(Path.Combine(Corpus, $"filler_{i:D3}.txt"), Filler(i));

        var observed = new ConcurrentBag<(int Client, int Sequence, Snapshot Seen)>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var searchers = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (int sequence = 0; sequence < 20_000 && !stop.IsCancellationRequested; sequence++)
            {
                try { observed.Add((client, sequence, await Probe(http))); }
                catch (Exception e) { failures.Enqueue(e.Message); }
            }
        })).ToList();

        await Task.Delay(300); // let the searchers get going on the old commit
        // One POST does the work; the ones sent while it runs must get 409. Which of two racing POSTs wins is the server's choice.
        var posts = new List<Task<HttpResponseMessage>> { PostReindex(http) };
        while (true)
        {
            var next = PostReindex(http);
            posts.Add(next);
            if ((await next).StatusCode == HttpStatusCode.Conflict || posts.All(p => p.IsCompleted)) break;
        }
        var responses = await Task.WhenAll(posts);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses.Zip(bodies), r => Assert.True(r.First.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.Second));
        int conflicts = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var (response, body) in responses.Zip(bodies).Where(r => r.First.StatusCode == HttpStatusCode.Conflict))
            Assert.Contains("already running", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        var summaries = responses.Zip(bodies).Where(r => r.First.StatusCode == HttpStatusCode.OK)
            .Select(r => JsonDocument.Parse(r.Second).RootElement).Where(s => s.GetProperty("added").GetInt32() > 0).ToList();
        var counts = Assert.Single(summaries);
        Assert.Equal(2 * Fillers + 1, counts.GetProperty("added").GetInt32());
        Assert.Equal(1, counts.GetProperty("updated").GetInt32());
        Assert.Equal(1, counts.GetProperty("deleted").GetInt32());
        foreach (var r in responses) r.Dispose();

        // Keep searching a little on the new commit, then stop.
        int seenAtCommit = observed.Count;
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (observed.Count < seenAtCommit + 40 && !grace.IsCancellationRequested) await Task.Delay(20);
        stop.Cancel();
        await Task.WhenAll(searchers);

        var after = await Probe(http);
        Assert.Equal(3, after.Total);
        Assert.Equal((0, 1, 1), (after.Old, after.New, after.Added));
        Assert.NotEqual(before.DocIds, after.DocIds);

        Assert.Empty(failures);
        Assert.True(conflicts >= 1, "a POST while another reindex ran should have got 409");
        var unexpected = observed.Where(o => !o.Seen.Equals(before) && !o.Seen.Equals(after)).Select(o => o.Seen).Distinct().ToList();
        Assert.True(unexpected.Count == 0, "answers mixing the commits: " + string.Join("; ", unexpected));
        Assert.Contains(observed, o => o.Seen.Equals(before));
        Assert.Contains(observed, o => o.Seen.Equals(after));
        // Once a client has seen the new commit, its later requests never see the old one again.
        foreach (var client in observed.GroupBy(o => o.Client))
        {
            var sequence = client.OrderBy(o => o.Sequence).Select(o => o.Seen.Equals(after)).ToList();
            int firstNew = sequence.IndexOf(true);
            if (firstNew >= 0) Assert.DoesNotContain(false, sequence.Skip(firstNew));
        }
    }

    [Fact]
    public async Task Reindex_without_a_change_keeps_the_commit_and_answers()
    {
        using var http = _server.CreateClient();
        var before = await Probe(http);
        using var response = await PostReindex(http);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains($"\"unchanged\":{Fillers + 2}", body);
        Assert.Equal(before, await Probe(http));
    }

    static Task<HttpResponseMessage> PostReindex(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reindex")
        { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SearchWebFactory.AdminToken) } };
        return http.SendAsync(request);
    }

    /// <summary>What one probe answer shows: total, document ids, year facet, and which markers its measures carry.</summary>
    sealed record Snapshot(int Total, string DocIds, string Years, int Old, int New, int Added)
    {
        public override string ToString() => $"total={Total} ids=[{DocIds}] years=[{Years}] old={Old} new={New} added={Added}";
    }

    /// <summary>One probe request; everything in the snapshot comes from that one answer, so it must be whole: one commit's.</summary>
    static async Task<Snapshot> Probe(HttpClient http)
    {
        using var response = await http.GetAsync("/api/search?size=50&q=" + Uri.EscapeDataString(ProbePhrase));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"probe answered {(int)response.StatusCode}: {body}");
        var root = JsonDocument.Parse(body).RootElement;
        var hits = root.GetProperty("hits").EnumerateArray().ToList();
        var ids = string.Join(",", hits.Select(h => h.GetProperty("docId").GetString()).Order(StringComparer.Ordinal));
        var years = string.Join(",", root.GetProperty("facets").GetProperty("year").EnumerateArray()
            .Select(y => $"{y.GetProperty("value")}:{y.GetProperty("count")}").Order(StringComparer.Ordinal));
        string texts = string.Join("\n", hits.SelectMany(h => h.GetProperty("measures").EnumerateArray()).Select(m => m.GetProperty("text").GetString()));
        return new Snapshot(root.GetProperty("total").GetInt32(), ids, years,
            Count(texts, OldMarker), Count(texts, NewMarker), Count(texts, AddedMarker));
    }

    static int Count(string text, string marker) => text.Contains(marker, StringComparison.Ordinal) ? 1 : 0;

    static string Plan(string title, string probeMeasure) => $"{title}\n\n一、主要任务\n（一）{probeMeasure}\n（二）加强课程建设，提升教学质量。\n二、保障措施\n（一）强化组织领导，明确责任分工。\n";

    static string Filler(int i)
    {
        var text = new StringBuilder($"{2015 + i % 10}年第{i}学区学校工作计划\n\n一、重点工作\n");
        for (int m = 0; m < 12; m++)
            text.Append($"（{"一二三四五六七八九十"[m % 10]}）推进第{i}学区第{m}项课程改革，组织教师培训{m + i}次，完善学生综合素质评价。\n");
        return text.Append("二、工作要求\n（一）各校要高度重视，按时报送材料。\n").ToString();
    }
}
