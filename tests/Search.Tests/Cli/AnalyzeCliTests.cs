using System.Text.Json;
using Search.Tests.Support;

namespace Search.Tests.Cli;

/// <summary>The <c>analyze</c> command: one JSON array per stdin line, clear errors for bad options.</summary>
public class AnalyzeCliTests
{
    [Fact]
    public void Prints_one_json_array_per_line_with_terms_offsets_and_increments()
    {
        var (code, stdout, stderr) = CliRunner.Run("扎实做好控辍保学工作,压实\n全面加強控輟保學\n\n", "analyze", "--analyzer", "smartcn", "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("扎实", first[0].GetProperty("term").GetString());
        var ya = first.EnumerateArray().Single(t => t.GetProperty("term").GetString() == "压");
        Assert.Equal((11, 12, 2), (ya.GetProperty("start").GetInt32(), ya.GetProperty("end").GetInt32(), ya.GetProperty("posInc").GetInt32()));
        Assert.Equal("強", JsonDocument.Parse(lines[1]).RootElement[2].GetProperty("term").GetString());
        Assert.Equal(0, JsonDocument.Parse(lines[2]).RootElement.GetArrayLength());
    }

    [Fact]
    public void Words_chain_folds_traditional_input_but_keeps_original_offsets()
    {
        var (code, stdout, _) = CliRunner.Run("全面加強控輟保學\n", "analyze", "--analyzer", "grams", "--json");
        Assert.Equal(0, code);
        var tokens = JsonDocument.Parse(stdout.Trim()).RootElement.EnumerateArray().ToList();
        var bigram = tokens.Single(t => t.GetProperty("term").GetString() == "控辍");
        Assert.Equal((4, 6), (bigram.GetProperty("start").GetInt32(), bigram.GetProperty("end").GetInt32()));
    }

    [Fact]
    public void Unknown_analyzer_exits_2_with_a_one_line_message()
    {
        var (code, stdout, stderr) = CliRunner.Run("x\n", "analyze", "--analyzer", "nope");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: unknown analyzer 'nope'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_jar_exits_2_and_says_what_to_install()
    {
        var (code, _, stderr) = CliRunner.Run("x\n", "analyze", "--analyzer", "smartcn", "--smartcn-jar", "/nonexistent.jar");
        Assert.Equal(2, code);
        // An explicit path that is wrong: the message names that path and what it must point at.
        Assert.Contains("/nonexistent.jar", stderr);
        Assert.Contains("lucene-analyzers-smartcn-*.jar", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Nul_a_one_megabyte_line_and_empty_input_give_tokens()
    {
        string big = string.Concat(Enumerable.Repeat("控辍保学", 262_144)); // 1,048,576 chars, no line break
        var (code, stdout, stderr) = CliRunner.Run("a\0b\n" + big + "\n", "analyze", "--analyzer", "words", "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(3, JsonDocument.Parse(lines[0]).RootElement.GetArrayLength()); // a, NUL, b
        var bigTokens = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(big.Length, bigTokens[bigTokens.GetArrayLength() - 1].GetProperty("end").GetInt32());

        var empty = CliRunner.Run("", "analyze", "--json");
        Assert.Equal((0, ""), (empty.ExitCode, empty.Stdout));
    }
}
