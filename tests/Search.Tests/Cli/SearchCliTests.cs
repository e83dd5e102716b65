using System.Text.Json;
using Search.Tests.Support;

namespace Search.Tests.Cli;

/// <summary><c>search</c> through the real CLI: the JSON contract, filters as options, and exit 2 with a pointed message for bad queries.</summary>
public class SearchCliTests(CorpusIndexFixture f) : IClassFixture<CorpusIndexFixture>
{
    [Fact]
    public void Json_output_follows_the_contract()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "search", "控辍保学", "--index", f.IndexFolder, "--json", "--region", "广西");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        var hit = root.GetProperty("hits")[0];
        foreach (var key in new[] { "docId", "source", "title", "province", "city", "district", "year", "type", "score", "measures" })
            Assert.True(hit.TryGetProperty(key, out _), key);
        var measure = hit.GetProperty("measures")[0];
        foreach (var key in new[] { "id", "path", "text", "snippet" })
            Assert.True(measure.TryGetProperty(key, out _), key);
        Assert.Contains("<mark>", measure.GetProperty("snippet").GetString());
        var facets = root.GetProperty("facets");
        foreach (var key in new[] { "province", "city", "district", "year", "type" })
            Assert.Equal(JsonValueKind.Array, facets.GetProperty(key).ValueKind);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("year:20x0")]
    [InlineData("((((")]
    [InlineData("OR")]
    public void Malformed_queries_exit_2_with_one_clear_line(string q)
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "search", q, "--index", f.IndexFolder);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Bad_options_exit_2()
    {
        Assert.Equal(2, CliRunner.Run(null, "search", "教育", "--index", f.IndexFolder, "--year", "20x0").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "search", "教育", "--index", f.IndexFolder, "--sort", "random").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "search", "教育", "--index", f.IndexFolder, "--top", "0").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "search", "教育", "--index", f.IndexFolder, "--top", "x").ExitCode);
    }
}
