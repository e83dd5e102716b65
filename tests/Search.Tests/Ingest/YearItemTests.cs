using Search.Ingest;
using Search.Ingest.Grammar;

namespace Search.Tests.Ingest;

/// <summary>An item that starts with a year ("4、2015年1月前…") is an item, written on its own line or run on after the one
/// before; numbers that only look like markers ("3、5月", "2.5") are not.</summary>
public class YearItemTests
{
    [Theory]
    [InlineData("4、2015年1月前入学的毕业生", 4)]
    [InlineData("2.2020年完成改造", 2)]
    [InlineData("(8)2012年3月1日至今在岗的环卫工人子女", 8)]
    public void A_marker_before_a_year_is_a_marker(string line, int ordinal) =>
        Assert.Equal(ordinal, OutlineMarker.At(line, 0)?.Ordinal);

    [Theory]
    [InlineData("3、5月份开展督查")]     // two months
    [InlineData("2.5万人次")]            // a number
    [InlineData("1、2、3年级")]          // a list of grades
    [InlineData("4、201年")]             // not a year
    public void Numbers_are_not_markers(string line) => Assert.Null(OutlineMarker.At(line, 0));

    [Fact]
    public void An_item_run_on_after_the_one_before_is_its_own_measure()
    {
        // A crawler's text: the whole body on one line.
        const string text = "某区教育局关于做好教师资格认定工作的通知\n为做好认定工作，现将有关事项通知如下：一、认定条件（一）具备规定学历。（二）学科要求" +
            "1、具备规定学历。2、身体健康。3、参加考试合格的申请人，任教学科应与考试科目一致。4、2015年1月前入学的师范类毕业生，任教学科应与所学专业一致。" +
            "5、其他情形按有关规定执行。二、工作要求（一）按时申报。（二）如实填写。";
        var d = new DocumentIngestor().FromText(text, "notice.txt");
        Assert.Equal("具备规定学历。", d.Measures.Single(m => m.Path == "一、(一)").Text);
        var items = d.Measures.Where(m => m.Path.StartsWith("一、(二)")).ToList();
        Assert.Equal(5, items.Count);
        Assert.StartsWith("2015年1月前入学", items.Single(m => m.Path.EndsWith(" 4")).Text);
        Assert.DoesNotContain("2015年", items.Single(m => m.Path.EndsWith(" 3")).Text);
        // The clause that introduces the items is the document's, not a menu.
        Assert.DoesNotContain(d.Removed, r => r.Text.Contains("通知如下"));
    }
}
