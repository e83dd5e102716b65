using Xunit;
using System.Diagnostics;
using System.Text.Json;
using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>The <c>ingest</c> command's JSON contract and its user errors, through the real CLI.</summary>
public class IngestCommandTests
{
    static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Ingest_json_follows_the_contract()
    {
        var (exit, output, _) = Cli("ingest", TestCorpus.File("002"), "--json", "--corpus", TestCorpus.Root);
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        foreach (var key in new[] { "id", "source", "title", "metadata", "measures", "glossary", "removed" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal("002_d8166b8c2cec7fb9.txt", root.GetProperty("source").GetString());
        var metadata = root.GetProperty("metadata");
        foreach (var key in new[] { "province", "city", "district", "issuer", "type", "year", "date", "number" })
            Assert.True(metadata.TryGetProperty(key, out _), key);
        Assert.Equal("柳南区", metadata.GetProperty("district").GetString());
        // 002 prints no 成文日期; the page's 發布日期 is the publication date, kept apart.
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("date").ValueKind);
        Assert.Equal("2023-02-16", metadata.GetProperty("publishedDate").GetString());
        Assert.Equal("政府信息公开表", metadata.GetProperty("sources").GetProperty("publishedDate").GetString());
        Assert.Equal(["工作计划", "工作总结"], metadata.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var parts = root.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal("title", parts[0].GetProperty("kind").GetString());
        Assert.Equal("柳南區教育局2022年工作總結及2023年工作計劃", parts[0].GetProperty("text").GetString());
        // A measure part names its measure instead of repeating its text.
        Assert.All(parts.Where(p => p.GetProperty("kind").GetString() == "measure"), p =>
        {
            Assert.False(p.TryGetProperty("text", out _));
            Assert.StartsWith(root.GetProperty("id").GetString() + "-", p.GetProperty("measureId").GetString());
        });
        var measure = root.GetProperty("measures")[0];
        Assert.Equal(["id", "path", "text"], new[] { "id", "path", "text" }.Where(k => measure.TryGetProperty(k, out _)));
        Assert.Equal(output.Trim(), IngestJson.Serialize(TestCorpus.Document("002")));
        Assert.Contains(root.GetProperty("removed").EnumerateArray(), r => r.GetProperty("reason").GetString() == "spam");
    }

    [Fact]
    public void Readable_outline_without_json()
    {
        var (exit, output, _) = Cli("ingest", TestCorpus.File("003"), "--corpus", TestCorpus.Root);
        Assert.Equal(0, exit);
        Assert.StartsWith("兴庆区基础教育质量提升行动实施方案", output);
        Assert.Contains("二、(一) 实施立德树人工程", output);
        Assert.Contains("五项管理: 中小学生作业、睡眠、手机、读物、体质管理", output);
    }

    [Theory]
    [InlineData("does-not-exist.txt", "error: file not found: does-not-exist.txt")]
    public void Missing_file_is_a_user_error(string file, string message)
    {
        var (exit, _, err) = Cli("ingest", file);
        Assert.Equal(2, exit);
        Assert.Equal(message, err.Trim());
    }

    [Fact]
    public void Unknown_format_is_a_user_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("plan.rtf", [1, 2, 3]);
        var (exit, _, err) = Cli("ingest", path, "--corpus", folder.Path);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: plan.rtf: unsupported format '.rtf'", err.Trim());
    }
}
