using System.Text;
using Search.Ingest.Reading;

namespace Search.Tests.Ingest;

/// <summary>A page's article saved as the script record it is rendered from is read as the page shows it.</summary>
public class ScriptRecordTests
{
    const string Record = """
        {
                id:'9',
                title:'文安县第一小学关于举办口算技能\n' +
                    '比赛的通知',
                time:'2019-11-14',
                comment:`
        <p class="MsoNormal">\t一、活动目的</p>
        <p class="MsoNormal">\t提高学生口算能力，它\'s fine。</p>`
            }
        """;

    [Fact]
    public void A_script_record_gives_its_title_time_and_content()
    {
        var fields = ScriptRecord.TryRead(Record);
        Assert.NotNull(fields);
        Assert.Equal("文安县第一小学关于举办口算技能比赛的通知", fields.Title);
        Assert.Equal("2019-11-14", fields.Time);
        Assert.Contains("<p class=\"MsoNormal\">\t一、活动目的</p>", fields.Content);
        Assert.Contains("它's fine", fields.Content);
    }

    [Fact]
    public void A_json_record_reads_the_same()
    {
        var fields = ScriptRecord.TryRead("""{"id": 3, "title": "某区教育局关于\u505a好招生工作的通知", "pubDate": "2023-05-06", "content": "一、招生范围\n二、工作要求"}""");
        Assert.NotNull(fields);
        Assert.Equal("某区教育局关于做好招生工作的通知", fields.Title);
        Assert.Equal("2023-05-06", fields.Time);
        Assert.Equal("一、招生范围\n二、工作要求", fields.Content);
    }

    [Theory]
    [InlineData("{ title:'某通知' }")]                                    // no content
    [InlineData("{ content:'一、目标' }")]                                 // no title
    [InlineData("{ title:'某通知', content:'一、目标' } 后面还有正文")]         // more text after the record
    [InlineData("{ title:'某通知', content:'一、目标 }")]                     // the string never closes
    [InlineData("function f() { return { title:'a', content:'b' }; }")]   // program code
    [InlineData("【通知】一、目标")]
    public void Anything_else_is_not_a_record(string text) => Assert.Null(ScriptRecord.TryRead(text));

    [Fact]
    public void A_text_file_holding_a_record_reads_as_its_page()
    {
        var text = new DocumentReader().Read(Encoding.UTF8.GetBytes(Record), ".txt").Text;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("文安县第一小学关于举办口算技能比赛的通知", lines[0]);
        Assert.Equal("发布时间：2019-11-14", lines[1]);
        Assert.Contains("一、活动目的", lines.Select(l => l.Trim()));
        Assert.DoesNotContain("id:", text);
        Assert.DoesNotContain("<p", text);
    }
}
