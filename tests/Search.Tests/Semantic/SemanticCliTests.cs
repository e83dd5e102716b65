using System.Text.Json;
using Search.Tests.Support;

namespace Search.Tests.Semantic;

public sealed class SemanticCliTests
{
    [Fact]
    public void Similar_json_lists_hits_from_other_districts_with_shared_terms()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "similar", "--measure", "b0f10f751aa59fdc-019", "--top", "5", "--json", "--index", "no-such-index");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        // Without an index there are no measure docs for BM25: the cached embedding answers alone, and says so.
        Assert.Equal("embedding", json.RootElement.GetProperty("ranking").GetString());
        var hits = json.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(5, hits.Count);
        foreach (var hit in hits)
        {
            foreach (var field in new[] { "id", "docId", "source", "district", "path", "text", "score", "similarity", "sharedTerms" })
                Assert.True(hit.TryGetProperty(field, out _), field);
            Assert.NotEqual("兴宁区", hit.GetProperty("district").GetString());
        }
    }

    [Fact]
    public void Similar_with_an_unknown_id_exits_2_with_one_line()
    {
        var (code, _, stderr) = CliRunner.Run(null, "similar", "--measure", "nope", "--index", "no-such-index");
        Assert.Equal(2, code);
        Assert.Contains("unknown measure id 'nope'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Similar_needs_exactly_one_target()
    {
        Assert.Equal(2, CliRunner.Run(null, "similar").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "similar", "--measure", "x", "--text", "y").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "similar", "--text", "  ", "--index", "no-such-index").ExitCode);
    }

    [Fact]
    public void Eval_json_has_the_three_methods()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "eval", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        foreach (var method in new[] { "bm25", "embedding", "hybrid" })
            foreach (var metric in new[] { "ndcg5", "recall5", "mrr" })
                Assert.InRange(json.RootElement.GetProperty(method).GetProperty(metric).GetDouble(), 0, 1);
        var hybrid = json.RootElement.GetProperty("intervals").GetProperty("hybridNdcg5");
        Assert.Equal(json.RootElement.GetProperty("hybrid").GetProperty("ndcg5").GetDouble(), hybrid.GetProperty("mean").GetDouble(), 3);
        Assert.True(hybrid.GetProperty("low").GetDouble() < hybrid.GetProperty("high").GetDouble());
        Assert.True(json.RootElement.GetProperty("intervals").GetProperty("hybridMinusBm25Ndcg5").GetProperty("low").GetDouble() > 0);
    }
}
