using System.Text;
using Search.Ingest;
using Search.Ingest.Reading;

namespace Search.Tests.Ingest;

/// <summary>A document kept as Markdown with a front matter (a collection's page) is read as its information lines and its text,
/// line for line, without Markdown's marks; text that only starts with a rule is not taken for a front matter.</summary>
public class MarkdownTextTests
{
    const string Page = """
        ---
        标题: 某某区人民政府关于印发《某某区文物保护办法》的通知
        文号: 某府〔2023〕22号
        发布单位: 某某区人民政府
        发布日期: "2023-10-13"
        状态:
        ---

        > 本文正文由脚本自官方公开页面提取，以[官方链接](https://example.gov.cn/a?b=1)发布版本为准。

        # 某某区人民政府关于印发《某某区文物保护办法》的通知

        各相关单位：
        **现将**《某某区文物保护办法》印发给你们。

        ---
        1. 第一项
        """;

    [Fact]
    public void The_front_matter_becomes_information_lines_and_the_marks_go()
    {
        var fields = MarkdownText.FrontMatter(Page, out int bodyStart);
        Assert.NotNull(fields);
        Assert.Equal(["标题", "文号", "发布单位", "发布日期", "状态"], fields.Select(f => f.Key));
        Assert.Equal("2023-10-13", fields[3].Value);
        Assert.StartsWith("\n> 本文", Page[bodyStart..]);

        var lines = MarkdownText.Extract(Page).Split('\n');
        Assert.Equal("标题：某某区人民政府关于印发《某某区文物保护办法》的通知", lines[0]);
        Assert.Equal("文号：某府〔2023〕22号", lines[1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("状态"));   // an empty field says nothing
        Assert.Contains("本文正文由脚本自官方公开页面提取，以官方链接发布版本为准。", lines);
        Assert.Contains("某某区人民政府关于印发《某某区文物保护办法》的通知", lines);
        Assert.Contains("现将《某某区文物保护办法》印发给你们。", lines);
        Assert.Contains("1. 第一项", lines);                          // numbered lines stay as written
        Assert.DoesNotContain(lines, l => l.Contains('#') || l.StartsWith('>') || l.Contains("**") || l.Contains("](") || l == "---");
    }

    [Theory]
    [InlineData("---\n一、总体要求\n---\n")]          // a rule around a heading, not key: value lines
    [InlineData("某某通知\n---\n标题: x\n---\n")]      // not at the start
    [InlineData("---\n标题: x\n")]                     // never closed
    public void Text_without_a_front_matter_is_left_alone(string text) => Assert.False(MarkdownText.HasFrontMatter(text));

    [Fact]
    public void A_front_matter_page_gives_the_notice_its_number_issuer_and_dates()
    {
        var read = new DocumentReader().Read(Encoding.UTF8.GetBytes(Page + "\n某某区人民政府\n\n2023年10月13日\n"), ".md");
        Assert.Equal("md", read.Format);
        Conservation.Holds(read.Text, "page.md");
        var d = new DocumentIngestor().FromText(read.Text, "page.md");
        Assert.Equal("某府〔2023〕22号", d.Metadata.Number);
        Assert.Equal("某某区人民政府", d.Metadata.Issuer);
        Assert.Equal(new DateOnly(2023, 10, 13), d.Metadata.PublishedDate);
        Assert.DoesNotContain(d.Measures, m => m.Text.Contains("官方链接"));
    }
}
