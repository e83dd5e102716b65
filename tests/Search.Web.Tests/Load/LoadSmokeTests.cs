using Search.LoadTest;
using Search.Web.Tests.Support;
using Xunit.Abstractions;

namespace Search.Web.Tests.Load;

/// <summary>The reduced load test CI runs: the real server on a loopback port, 8 clients for 10 s over the repository corpus, with the
/// same request mix as the full run (tests/Search.LoadTest); every request must answer 2xx.</summary>
public sealed class LoadSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Eight_clients_for_ten_seconds_get_no_errors()
    {
        using var corpus = new IndexedCorpus();
        await using var server = await LoopbackServer.StartAsync(corpus.Index, corpus.Corpus);
        var report = await LoadRun.RunAsync(new LoadOptions(server.BaseAddress, Clients: 8, Duration: TimeSpan.FromSeconds(10), MaxRequests: 200_000));
        output.WriteLine(report.ToJson());

        Assert.True(report.Errors == 0, "errors: " + string.Join("\n", report.ErrorSamples));
        Assert.Equal(0, report.ServerErrors);
        Assert.True(report.Requests > 0);
        Assert.Equal(report.Requests, report.PerStatus.GetValueOrDefault("200"));
        // The mix reached every kind of request, not just the cheap ones.
        Assert.Equal(["document", "facet", "filtered", "measure", "phrase", "similar", "term", "term-page2"], report.PerKind.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Harness_refuses_anything_but_loopback() =>
        await Assert.ThrowsAsync<ArgumentException>(() => LoadRun.RunAsync(new LoadOptions(new Uri("http://192.0.2.1:80"), 1, TimeSpan.FromSeconds(1))));
}
