using System.Text.Json;
using Search.Ingest;
using Search.Tests.Support;

namespace Search.Tests.Cli;

/// <summary><c>index</c> and <c>show</c> through the real CLI: contract JSON, incremental summary, stored document equals ingest output.</summary>
public class IndexShowCliTests
{
    [Fact]
    public void Index_then_show_prints_what_ingest_prints()
    {
        using var t = new TempCorpus();
        var (code, stdout, stderr) = CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index, "--json");
        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(5, summary.GetProperty("added").GetInt32());
        Assert.Equal(5, summary.GetProperty("documents").GetInt32());
        Assert.True(summary.GetProperty("measures").GetInt32() >= 24 + 30 + 32);
        Assert.Contains("indexing: 5/5", stderr); // plain progress lines when redirected
        // The semantic build reports its start and the end of each stage, counted in measures.
        int measures = summary.GetProperty("measures").GetInt32();
        Assert.Contains("fitting the embedding: 0/", stderr);
        Assert.Contains($"measure vectors: {measures}/{measures} measures (100%)", stderr);
        Assert.Contains($"sentence vectors: {measures}/{measures} measures (100%)", stderr);
        Assert.True(stderr.IndexOf("indexing: 5/5", StringComparison.Ordinal) < stderr.IndexOf("fitting the embedding", StringComparison.Ordinal));

        var secondRun = CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index, "--json");
        var again = JsonDocument.Parse(secondRun.Stdout).RootElement;
        Assert.Equal((0, 5), (again.GetProperty("added").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.DoesNotContain("fitting", secondRun.Stderr); // nothing changed: the semantic folder is reused, not re-fitted

        string file = t.File("002_");
        var ingest = CliRunner.Run(null, "ingest", file, "--corpus", t.Corpus, "--json");
        string id = JsonDocument.Parse(ingest.Stdout).RootElement.GetProperty("id").GetString()!;
        var show = CliRunner.Run(null, "show", id, "--index", t.Index, "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.Equal(ingest.Stdout.Trim(), show.Stdout.Trim());
        Assert.Equal("柳南区", JsonDocument.Parse(show.Stdout).RootElement.GetProperty("metadata").GetProperty("district").GetString());

        var readable = CliRunner.Run(null, "show", id, "--index", t.Index);
        Assert.Contains("广西壮族自治区 / 柳州市 / 柳南区", readable.Stdout);
    }

    [Theory]
    [InlineData("0000000000000000", "unknown document id")]
    [InlineData("../../etc/passwd", "invalid id")]
    public void Show_rejects_unknown_and_malformed_ids_with_exit_2(string id, string message)
    {
        using var t = new TempCorpus();
        CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index);
        var (code, stdout, stderr) = CliRunner.Run(null, "show", id, "--index", t.Index);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Show_without_an_index_says_to_run_index()
    {
        using var t = new TempCorpus(copyCorpus: false);
        var (code, _, stderr) = CliRunner.Run(null, "show", "abc", "--index", t.Index);
        Assert.Equal(2, code);
        Assert.Contains("run 'index' first", stderr);
    }
}
