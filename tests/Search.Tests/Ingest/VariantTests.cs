using Xunit;
using System.IO.Compression;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>The same document re-encoded, wrapped in a web page or saved as .docx gives the same measures.</summary>
public class VariantTests
{
    static VariantTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static string Text(string doc) => File.ReadAllText(TestCorpus.File(doc));

    static IEnumerable<string> Signature(PolicyDocument d) =>
        d.Measures.Select(m => $"{m.Path}|{m.Title}|{m.Text}|{string.Join("、", m.Departments)}");

    static void AssertSameDocument(PolicyDocument expected, PolicyDocument actual)
    {
        Assert.NotEmpty(expected.Measures);
        Assert.Equal(Signature(expected), Signature(actual));
        Assert.Equal(expected.Glossary, actual.Glossary);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Metadata.District, actual.Metadata.District);
        Assert.Equal(expected.Metadata.Years, actual.Metadata.Years);
    }

    PolicyDocument IngestAs(TempFolder folder, string name, byte[] bytes) =>
        new DocumentIngestor().Ingest(folder.Write(name, bytes), folder.Path);

    [Theory]
    [InlineData("000", "GB18030")]
    [InlineData("003", "GB18030")]
    [InlineData("002", "GB18030")]
    [InlineData("002", "big5")]
    [InlineData("004", "utf-16")]
    [InlineData("001", "utf-16BE")]
    [InlineData("000", "utf-8-bom")]
    public void Re_encoded_text_gives_the_same_measures(string doc, string encodingName)
    {
        var text = Text(doc);
        byte[] bytes;
        if (encodingName == "utf-8-bom")
            bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
        else
        {
            var encoding = Encoding.GetEncoding(encodingName);
            // Big5 has no code for the simplified characters of 002's spam line; those are removed anyway.
            if (encodingName == "big5")
                text = string.Join('\n', text.Split('\n').Where(l => !l.Contains("精品"))).Replace('\u00A0', ' ');
            bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
            Assert.Equal(text, encoding.GetString(encoding.GetBytes(text)));
        }
        using var folder = new TempFolder();
        AssertSameDocument(TestCorpus.Document(doc), IngestAs(folder, $"{doc}.txt", bytes));
    }

    [Theory]
    [InlineData("000")]
    [InlineData("002")]
    [InlineData("003")]
    public void Html_page_with_menu_script_and_footer_gives_the_same_measures(string doc)
    {
        var body = new StringBuilder();
        foreach (var line in Text(doc).Split('\n'))
            body.Append(line.Trim().Length == 0 ? "<br>\n" : $"<p>{WebUtility.HtmlEncode(line)}</p>\n");
        var html = $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>政务公开</title>
            <script>var headline = "一、这不是正文";</script><style>p {"{"} margin: 0 {"}"}</style></head>
            <body>
            <div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li>1. 机构概况</li></ul></div>
            <nav><a href="/">网站首页</a> | <a href="/news">新闻中心</a> | <a href="/service">办事服务</a></nav>
            <div class="breadcrumb">首页 &gt; 政务公开 &gt; 计划总结</div>
            <div id="content" class="article">
            {body}
            </div>
            <aside><h3>热点专题</h3><p>（一）专题栏目</p></aside>
            <footer><p>主办单位：某区人民政府</p><p>网站标识码：1234567890</p></footer>
            <script>document.write("2. 统计代码");</script>
            </body></html>
            """;
        using var folder = new TempFolder();
        var fromHtml = IngestAs(folder, $"{doc}.html", Encoding.UTF8.GetBytes(html));
        AssertSameDocument(TestCorpus.Document(doc), fromHtml);
        Assert.DoesNotContain("统计代码", fromHtml.CleanText);
        Assert.DoesNotContain("专题栏目", fromHtml.CleanText);
    }

    [Fact]
    public void Gb18030_html_without_charset_is_detected()
    {
        var html = "<html><body><div class=\"content\">" + string.Concat(Text("004").Split('\n').Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "</div></body></html>";
        using var folder = new TempFolder();
        AssertSameDocument(TestCorpus.Document("004"), IngestAs(folder, "004.htm", Encoding.GetEncoding("GB18030").GetBytes(html)));
    }

    [Theory]
    [InlineData("000")]
    [InlineData("003")]
    [InlineData("002")]
    public void Docx_gives_the_same_measures(string doc)
    {
        using var folder = new TempFolder();
        AssertSameDocument(TestCorpus.Document(doc), IngestAs(folder, $"{doc}.docx", Docx(Text(doc).Split('\n'))));
    }

    /// <summary>A Word document with one paragraph per line, runs split mid-line the way Word does.</summary>
    internal static byte[] Docx(IEnumerable<string> lines)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            foreach (var line in lines)
            {
                int cut = line.Length / 2;
                body.Append(new Paragraph(
                    new Run(new Text(line[..cut]) { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new RunProperties(new Bold()), new Text(line[cut..]) { Space = SpaceProcessingModeValues.Preserve })));
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }
}
