using System.Text.Json;
using Search.Tests.Support;

namespace Search.Tests.Evaluation;

/// <summary>CI smoke run of <c>bench</c>: the harness works end to end and reports every contract key; no timing thresholds.</summary>
public sealed class BenchSmokeTests
{
    [Theory]
    [InlineData("--java-heap", "banana", "--java-heap 'banana' is not a heap size")]
    [InlineData("--java-heap", "4096", "--java-heap '4096' is not a heap size")]
    [InlineData("--java-heap", "-4g", "--java-heap '-4g' is not a heap size")]
    [InlineData("--vectors", "0", "--vectors must be between 1 and 10,000,000")]
    [InlineData("--vectors", "20000000", "--vectors must be between 1 and 10,000,000")]
    public void Bad_settings_are_refused_before_anything_is_built(string option, string value, string message)
    {
        string work = Path.Combine(Path.GetTempPath(), "bench-refused-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = CliRunner.Run(null, "bench", "--docs", "5", "--work", work, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("internal error", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(work), "nothing may be synthesised or built for a refused run");
    }

    [Fact]
    public void Smoke_run_reports_the_contract_keys_with_sane_values()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "bench", "--smoke", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var ours = root.GetProperty("ours");
        foreach (var key in new[] { "index_mb_s", "query_p50_ms", "query_p99_ms", "rss_mb", "cold_start_ms", "cold_start_tier_up_ms", "similar_p50_ms", "similar_p99_ms", "semantic_seconds" })
            Assert.True(ours.GetProperty(key).GetDouble() > 0, key);
        Assert.True(ours.GetProperty("similar_p50_ms").GetDouble() <= ours.GetProperty("similar_p99_ms").GetDouble());
        Assert.True(ours.GetProperty("planted_exact").GetBoolean());
        // The quantized scan against exact float32 on the index's own vectors: a real measurement, so it must find nearly all.
        var recall = ours.GetProperty("vector_recall");
        Assert.True(recall.GetProperty("queries").GetInt32() > 0);
        foreach (var key in new[] { "plain_recall_10", "plain_recall_100", "feedback_recall_10", "feedback_recall_100" })
            Assert.InRange(recall.GetProperty(key).GetDouble(), 0.95, 1.0);
        Assert.Equal(20, root.GetProperty("docs").GetInt32());
        foreach (var key in new[] { "index_mb_s", "index_size_mb", "query_p50_ms" })
            Assert.True(root.GetProperty("same_work").GetProperty(key).GetDouble() > 0, key);
        // Tokens inverted, read back from both built indexes: the product analyses every text twice (words and grams) and inverts
        // it on measure docs and on document docs, so it must invert several times the peer's one SmartCn field.
        var ourInverted = ours.GetProperty("inverted");
        var peerInverted = root.GetProperty("same_work").GetProperty("inverted");
        long ourTokens = ourInverted.GetProperty("tokens").GetInt64(), peerTokens = peerInverted.GetProperty("tokens").GetInt64();
        Assert.Equal(ourTokens, ourInverted.GetProperty("fields").EnumerateObject().Sum(f => f.Value.GetProperty("tokens").GetInt64()));
        Assert.Equal(["text"], peerInverted.GetProperty("fields").EnumerateObject().Select(f => f.Name));
        foreach (var field in new[] { "text", "text_grams", "doc_text", "doc_text_grams" })
        {
            var f = ourInverted.GetProperty("fields").GetProperty(field);
            Assert.True(f.GetProperty("tokens").GetInt64() >= f.GetProperty("postings").GetInt64(), field);
            Assert.True(f.GetProperty("terms").GetInt64() > 0, field);
        }
        // Both analyse the same raw files with SmartCn once, the product's document docs on cleaned text: about the same count.
        Assert.InRange(ourInverted.GetProperty("fields").GetProperty("doc_text").GetProperty("tokens").GetInt64(), peerTokens / 2, peerTokens * 3 / 2);
        Assert.InRange(root.GetProperty("ratio").GetProperty("inverted_tokens").GetDouble(), 3.0, 20.0);
        if (root.GetProperty("java").ValueKind == JsonValueKind.Object)
        {
            var java = root.GetProperty("java");
            foreach (var key in new[] { "index_mb_s", "query_p50_ms", "query_p99_ms" })
                Assert.True(java.GetProperty(key).GetDouble() > 0, key);
            Assert.True(root.GetProperty("ratio").GetProperty("index").GetDouble() > 0);
            Assert.True(root.GetProperty("ratio").GetProperty("query_p99").GetDouble() > 0);
            Assert.True(root.GetProperty("ratio").GetProperty("index_same_work").GetDouble() > 0);
            // The peer's work done by our stack must be the same work: SmartCn-equal segmentation gives Java's hit count on every query.
            var sameWork = root.GetProperty("same_work");
            Assert.True(sameWork.GetProperty("hits_equal_java").GetBoolean(), sameWork.GetProperty("hits").ToString());
            Assert.Equal(java.GetProperty("by_query").GetArrayLength(), sameWork.GetProperty("hits").GetArrayLength());
            Assert.Contains(sameWork.GetProperty("hits").EnumerateArray(), h => h.GetInt32() > 0);
        }
        else Assert.Equal(JsonValueKind.String, root.GetProperty("java_skipped").ValueKind);
    }
}
