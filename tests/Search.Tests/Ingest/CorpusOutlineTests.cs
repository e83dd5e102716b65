using Xunit;
using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>Clean and Outline on the five real documents: measure counts, paths, page-break joins, duplicates, chrome, glossary, trailers.</summary>
public class CorpusOutlineTests
{
    public static TheoryData<string> Docs => new() { "000", "001", "002", "003", "004" };

    [Theory]
    [InlineData("000", 24)]
    [InlineData("001", 30)]
    [InlineData("004", 32)]
    public void Numbered_items_become_measures(string doc, int atLeast)
    {
        var measures = TestCorpus.Document(doc).Measures;
        Assert.True(measures.Count >= atLeast, $"{doc}: {measures.Count} measures");
    }

    [Fact]
    public void Page_break_inside_a_sentence_is_rejoined()
    {
        var d = TestCorpus.Document("000");
        var measure = Assert.Single(d.Measures, m => m.Text.Contains("适龄“三残”儿童义务教育入学率达到95%以上"));
        Assert.Equal("一、 2", measure.Path);
        Assert.Contains(d.Measures, m => m.Text.Contains("经典诵读比赛，阅读征文比赛"));
        Assert.Contains(d.Measures, m => m.Text.Contains("抓好各类评优工作，壮大名师队伍"));
    }

    [Fact]
    public void Paths_follow_the_heading_hierarchy()
    {
        Assert.Equal("二、 5", TestCorpus.Document("000").Measures[4].Path);
        Assert.Equal("(二) 4", TestCorpus.Document("001").Measures[3].Path);
        Assert.Contains(TestCorpus.Document("003").Measures, m => m.Path == "二、(四) 15");
        Assert.Contains(TestCorpus.Document("003").Measures, m => m.Path == "一、 ——2" && m.Text.StartsWith("义务教育均衡发展实现新跨越"));
        Assert.Contains(TestCorpus.Document("003").Measures, m => m.Path == "三、(二)" && m.Text.StartsWith("加大财政投入"));
    }

    [Fact]
    public void Restarted_numbering_still_gives_unique_paths()
    {
        var d = TestCorpus.Document("002");
        Assert.Contains(d.Measures, m => m.Path == "一、(一) 1" && m.Text.StartsWith("多措并舉推進清廉學校建設"));
        Assert.Contains(d.Measures, m => m.Path == "一、(二) 1" && m.Text.StartsWith("學前教育加快發展"));
        Assert.Contains(d.Measures, m => m.Path == "二、(六)" && m.Text.StartsWith("著力提高育人質量"));
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Measures_have_unique_stable_ids_and_paths_and_text_is_a_span_of_clean_text(string doc)
    {
        var d = TestCorpus.Document(doc);
        Assert.Equal(d.Measures.Count, d.Measures.Select(m => m.Path).Distinct().Count());
        Assert.Equal(d.Measures.Count, d.Measures.Select(m => m.Id).Distinct().Count());
        foreach (var (m, i) in d.Measures.Select((m, i) => (m, i)))
        {
            Assert.Equal($"{d.Id}-{i + 1:D3}", m.Id);
            Assert.Matches("^[A-Za-z0-9_-]+$", m.Id);
            Assert.Equal(m.Text, d.CleanText[m.Start..m.End]);
        }
    }

    [Fact]
    public void Scraped_twice_page_gives_each_measure_once_without_footer_or_spam()
    {
        var d = TestCorpus.Document("002");
        Assert.Equal(28, d.Measures.Count);
        Assert.Equal(d.Measures.Count, d.Measures.Select(m => m.Text).Distinct().Count());
        Assert.Single(d.Measures, m => m.Text.Contains("多措并舉推進清廉學校建設"));
        foreach (var m in d.Measures)
            foreach (var junk in new[] { "主辦單位", "網站標識碼", "郵箱", "精品", "|", "×" })
                Assert.DoesNotContain(junk, m.Text);

        Assert.Contains(d.Removed, r => r.Reason == "repeated page" && r.Text.Contains("多措并舉推進清廉學校建設") && r.Text.Length > 5000);
        Assert.Contains(d.Removed, r => r.Reason == "website footer" && r.Text.Contains("網站標識碼:4502040001") && r.Text.Contains("主辦單位"));
        Assert.Contains(d.Removed, r => r.Reason == "spam" && r.Text.Contains("九九精品国产99精品"));
        Assert.Contains(d.Removed, r => r.Reason == "page chrome" && r.Text.Contains('×'));
        Assert.DoesNotContain("精品", d.CleanText);
        // The second copy's headline and information line are the page's, not the last measure's.
        Assert.Equal(2, d.Parts.Count(p => p.Zone == PartZone.Page && p.Kind is PartKind.Headline or PartKind.Disclosure && p.Start > d.Measures[^1].End));
    }

    [Fact]
    public void Glossary_is_separated_and_page_chrome_never_reaches_a_measure()
    {
        var d = TestCorpus.Document("003");
        Assert.Equal(["五项管理", "三个课堂", "青蓝计划", "卓越计划", "起航计划", "五唯", "五备"], d.Glossary.Select(g => g.Term));
        Assert.Equal("中小学生作业、睡眠、手机、读物、体质管理", d.Glossary[0].Definition);
        foreach (var m in d.Measures)
        {
            Assert.DoesNotContain("保护视力色", m.Text);
            Assert.DoesNotContain("字体颜色", m.Text);
            Assert.DoesNotContain("名词解释", m.Text);
            Assert.DoesNotContain("银川市兴庆区教育局\n", m.Text);
        }
        Assert.Contains(d.Removed, r => r.Reason == "page chrome" && r.Text.Contains("保护视力色"));
        var table = d.Parts.Where(p => p.Kind == PartKind.Disclosure).Select(p => d.CleanText[p.Start..p.End]).ToList();
        Assert.Contains(table, t => t.Contains("640104-102/2021-00145"));
        Assert.Equal([PartKind.Glossary], d.Parts.Where(p => p.Start > d.Measures[^1].End).Select(p => p.Kind).Distinct().Except([PartKind.Signature, PartKind.Date]));
    }

    [Fact]
    public void Responsibility_trailer_is_metadata_not_measure_text()
    {
        var d = TestCorpus.Document("003");
        var m = Assert.Single(d.Measures, x => x.Path == "二、(三) 9");
        Assert.EndsWith("杜绝小学化倾向。", m.Text);
        Assert.Equal(["教育局", "政府教育督导室", "各中小学", "幼儿园"], m.Departments);
        Assert.Equal(["教育局", "政府教育督导室"], m.LeadDepartments);
        Assert.DoesNotContain(d.Measures, x => x.Text.Contains("牵头部门") || x.Text.Contains("责任部门"));
        Assert.Equal(20, d.Measures.Count(x => x.Departments.Count > 0));
    }

    /// <summary>000 is an 印发 notice wrapping the plan: the notice is kept as the cover's parts (letterhead, number, title,
    /// addressee, text, imprint), searchable and shown, while the plan's title and measures are the document's.</summary>
    [Fact]
    public void Cover_notice_and_disclosure_tables_are_parts()
    {
        var d = TestCorpus.Document("000");
        string Text(PartKind kind, PartZone zone) => string.Join("\n", d.Parts.Where(p => p.Kind == kind && p.Zone == zone).Select(p => d.CleanText[p.Start..p.End]));
        Assert.Equal("南宁市兴宁区教育局文件", Text(PartKind.Letterhead, PartZone.Cover));
        Assert.Equal("南兴教〔2020〕11号", Text(PartKind.IssueNumber, PartZone.Cover));
        Assert.Equal("关于印发南宁市兴宁区教育局2020年工作计划的通知", Text(PartKind.Title, PartZone.Cover));
        Assert.Equal("城区各中小学校，局机关各股室：", Text(PartKind.Addressee, PartZone.Cover));
        Assert.Contains("现将《南宁市兴宁区教育局2020年工作计划》印发给你们", Text(PartKind.Text, PartZone.Cover));
        Assert.Equal("南宁市兴宁区教育局办公室\n2020年4月21日印发\n(网络传输)", Text(PartKind.Imprint, PartZone.Cover));
        Assert.Equal("南宁市兴宁区教育局2020年工作计划", Text(PartKind.Title, PartZone.Main));
        Assert.DoesNotContain(d.Removed, r => r.Reason == "cover notice");
        Assert.All(d.Measures, m => Assert.True(m.Start > d.Parts.Last(p => p.Zone == PartZone.Cover).End));

        var table = TestCorpus.Document("001");
        Assert.Empty(table.Removed);
        Assert.Equal(5, table.Parts.Count(p => p.Kind == PartKind.Disclosure && p.Zone == PartZone.Page));
        Assert.StartsWith("发布机构|宁国市教体局|发文日期|", table.CleanText.Split('\n')[1]);
    }

    [Fact]
    public void Removed_blocks_point_back_into_the_source_text()
    {
        var d = TestCorpus.Document("002");
        var original = File.ReadAllText(TestCorpus.File("002"));
        foreach (var r in d.Removed)
            Assert.Equal(r.Text, original[r.Start..r.End]);
    }
}
