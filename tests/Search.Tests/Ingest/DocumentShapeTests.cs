using Search.Ingest;
using Search.Ingest.Reading;
using Xunit;

namespace Search.Tests.Ingest;

/// <summary>Documents written for these tests in the shapes official documents come in (GB/T 9704-2012): a red-head
/// notice with 版记, a forwarding notice around the real document, a site page with a disclosure table, attachments with
/// tables, a table of contents, and the numbering styles of plans and regulations. Each asserts where every part ends up.</summary>
public class DocumentShapeTests
{
    static PolicyDocument Ingest(string text)
    {
        Conservation.Holds(text);
        return new DocumentIngestor().FromText(text, "shape.txt");
    }

    static string Part(PolicyDocument d, PartKind kind, PartZone? zone = null) =>
        string.Join("\n", d.Parts.Where(p => p.Kind == kind && (zone is null || p.Zone == zone)).Select(p => d.CleanText[p.Start..p.End]));

    const string RedHead = """
        某某县教育局文件

        某教发〔2022〕15号

        某某县教育局关于做好2022年秋季学期开学工作的通知

        各乡镇中心学校，县直各学校：

        为做好秋季开学工作，根据《某某省教育厅关于做好开学工作的通知》（某教办〔2022〕8号）要求，现将有关事项通知如下：

        一、压实安全责任

        1．开展校舍安全排查。各校要在开学前完成校舍排查，建立台账。

        2．落实食品安全制度。严格执行陪餐制度，确保师生饮食安全。

        二、做好开学准备

        各校要按时发放教材，做好教师调配。

        附件：1．开学工作检查表
              2．安全排查台账

        某某县教育局

        二〇二二年八月二十日

        （此件公开发布）

        抄送：县委办，县政府办。

        某某县教育局办公室              2022年8月22日印发
        """;

    [Fact]
    public void A_red_head_notice_has_its_head_signature_date_and_imprint_apart_from_its_measures()
    {
        var d = Ingest(RedHead);
        Assert.Equal("某某县教育局文件", Part(d, PartKind.Letterhead));
        Assert.Equal("某教发〔2022〕15号", Part(d, PartKind.IssueNumber));
        Assert.Equal("某某县教育局关于做好2022年秋季学期开学工作的通知", d.Title);
        Assert.Equal("各乡镇中心学校，县直各学校：", Part(d, PartKind.Addressee));
        Assert.Equal("附件：1．开学工作检查表\n2．安全排查台账", Part(d, PartKind.AttachmentNote));
        Assert.Equal("某某县教育局", Part(d, PartKind.Signature));
        Assert.Equal("二〇二二年八月二十日", Part(d, PartKind.Date));
        Assert.Equal("抄送：县委办，县政府办。", Part(d, PartKind.CopyTo));
        Assert.Contains("2022年8月22日印发", Part(d, PartKind.Imprint));
        Assert.Equal(["一、 1", "一、 2", "二、"], d.Measures.Select(m => m.Path));
        Assert.EndsWith("确保师生饮食安全。", d.Measures[1].Text);
        Assert.Equal("各校要按时发放教材，做好教师调配。", d.Measures[2].Text.Split('\n')[^1]);

        var m = d.Metadata;
        Assert.Equal("某某县教育局", m.Issuer);
        Assert.Equal("发文机关标志", m.Sources["issuer"]);
        // The body cites 某教办〔2022〕8号; the document's own number is the one in its head.
        Assert.Equal("某教发〔2022〕15号", m.Number);
        Assert.Equal(new DateOnly(2022, 8, 20), m.Date);
        Assert.Equal("成文日期", m.Sources["date"]);
        Assert.Equal("通知", m.Type);
    }

    [Theory]
    [InlineData("二〇一一年六月十二日", 2011, 6, 12)]
    [InlineData("二0一一年六月十二日", 2011, 6, 12)]
    [InlineData("二Ｏ一一年十月十八日", 2011, 10, 18)]
    [InlineData("二○二三年十二月三十一日", 2023, 12, 31)]
    [InlineData("２０２１年３月５日", 2021, 3, 5)]
    public void The_signature_date_is_read_in_every_written_form(string written, int y, int mo, int day)
    {
        var d = Ingest($"某某区教育局关于开展读书月活动的通知\n各学校：\n一、活动时间\n全年开展。\n二、活动要求\n认真组织，确保实效。\n某某区教育局\n{written}\n");
        Assert.Equal(new DateOnly(y, mo, day), d.Metadata.Date);
        Assert.Equal(written, Part(d, PartKind.Date));
    }

    const string Forwarding = """
        各有关学校：
        现将某某市教育局《关于开展2023年中小学生读书节活动的通知》转发给你们，请认真组织实施。
        附：
        关于开展2023年中小学生读书节活动的通知
        某市教〔2023〕21号
        各县（市、区）教育局：
        一、活动主题
        书香校园，阅读成长。
        二、活动安排
        1．四月启动。各校制定方案，组织启动仪式。
        2．五月展示。开展读书成果展示活动。
        某某市教育局
        2023年3月28日
        """;

    [Fact]
    public void A_forwarding_notice_is_a_cover_around_the_real_document()
    {
        var d = Ingest(Forwarding);
        Assert.Equal("各有关学校：", Part(d, PartKind.Addressee, PartZone.Cover));
        Assert.Contains("转发给你们", Part(d, PartKind.Text, PartZone.Cover));
        Assert.Equal("关于开展2023年中小学生读书节活动的通知", d.Title);
        Assert.Equal("某市教〔2023〕21号", d.Metadata.Number);
        Assert.Equal("某某市教育局", d.Metadata.Issuer);
        Assert.Equal(["一、", "二、 1", "二、 2"], d.Measures.Select(m => m.Path));
        Assert.All(d.Measures, m => Assert.DoesNotContain("转发", m.Text));
    }

    const string SitePage = """
        首页 > 信息公开 > 规划计划
        索引号：11350128/2021-00031    发布机构：平潭综合实验区教育局
        发文字号：岚教〔2021〕7号    成文日期：2021-03-01    发布日期：2021-03-05
        平潭综合实验区教育局2021年工作要点
        【字体：大 中 小】 【打印】 【关闭】
        一、加强党的建设
        （一）强化政治引领。深入学习贯彻党的教育方针。
        （二）加强班子建设。落实民主集中制。
        二、推进均衡发展
        扩大优质教育资源覆盖面，推进集团化办学。
        上一篇：关于做好春季开学工作的通知
        下一篇：2020年工作总结
        """;

    [Fact]
    public void A_site_page_keeps_its_disclosure_table_as_document_information_not_text()
    {
        var d = Ingest(SitePage);
        Assert.Equal("平潭综合实验区教育局2021年工作要点", d.Title);
        var m = d.Metadata;
        Assert.Equal("岚教〔2021〕7号", m.Number);
        Assert.Equal("政府信息公开表", m.Sources["number"]);
        Assert.Equal(new DateOnly(2021, 3, 1), m.Date);
        Assert.Equal(new DateOnly(2021, 3, 5), m.PublishedDate);
        Assert.Equal("11350128/2021-00031", m.IndexNumber);
        Assert.Equal(("福建省", "福州市", "平潭县"), (m.Province, m.City, m.District));
        Assert.Equal("工作要点", m.Type);
        Assert.Equal(2, d.Parts.Count(p => p.Kind == PartKind.Disclosure));
        Assert.Equal(["一、(一)", "一、(二)", "二、"], d.Measures.Select(x => x.Path));
        Assert.Contains(d.Removed, r => r.Reason == "page chrome" && r.Text.Contains("上一篇"));
        Assert.DoesNotContain(d.Measures, x => x.Text.Contains("下一篇"));
    }

    [Fact]
    public void Attachments_keep_their_titles_and_tables_and_give_no_measures()
    {
        var text = RedHead.Replace("（此件公开发布）", "（此件公开发布）\n\n附件1\n\n开学工作检查表\n\n检查项目 | 责任人 | 完成时间\n校舍排查 | 校长 | 8月25日\n食堂检查 | 后勤主任 | 8月26日\n\n附件2\n\n安全排查台账\n\n1．排查范围：全部校舍。\n2．排查方式：逐栋检查。");
        var d = Ingest(text);
        Assert.Equal(["一、 1", "一、 2", "二、"], d.Measures.Select(m => m.Path));
        var attachments = d.Parts.Where(p => p.Zone == PartZone.Attachment).ToList();
        Assert.Equal([1, 2], attachments.Select(p => p.Attachment).Distinct());
        Assert.Equal("开学工作检查表\n安全排查台账", Part(d, PartKind.Title, PartZone.Attachment));
        var table = Assert.Single(d.Tables);
        Assert.Equal(PartZone.Attachment, table.Zone);
        Assert.Equal(1, table.Attachment);
        Assert.Equal(["检查项目", "责任人", "完成时间"], table.Rows[0]);
        Assert.Equal(3, table.Rows.Count);
        Assert.Contains("1．排查范围：全部校舍。", Part(d, PartKind.Text, PartZone.Attachment));
    }

    [Fact]
    public void A_table_of_contents_is_not_measures()
    {
        var text = "某某区“十四五”教育发展规划\n目 录\n一、发展基础……………………1\n二、总体要求……………………3\n三、主要任务……………………5\n一、发展基础\n“十三五”期间，全区教育事业取得长足进步。\n二、总体要求\n坚持立德树人，推进教育现代化。\n三、主要任务\n（一）扩大学前教育资源。新建幼儿园十所。\n（二）推进义务教育优质均衡。实施集团化办学。";
        var d = Ingest(text);
        Assert.Equal("目录\n一、发展基础……………………1\n二、总体要求……………………3\n三、主要任务……………………5", Part(d, PartKind.Contents));
        Assert.Equal(["一、", "二、", "三、(一)", "三、(二)"], d.Measures.Select(m => m.Path));
    }

    [Fact]
    public void Key_tasks_in_brackets_are_measures_under_their_heading()
    {
        var text = "某某市教育现代化实施方案\n一、主要任务\n【重点任务1】扩大优质学前教育资源。新建、改扩建幼儿园20所。\n【重点任务2】推进县域义务教育优质均衡。实施强校工程。\n【专栏1】学前教育重点项目\n1．城东幼儿园新建工程。\n2．城西幼儿园改扩建工程。\n二、保障措施\n（一）加强组织领导。成立领导小组。";
        var d = Ingest(text);
        Assert.Equal(["一、 【重点任务1】", "一、 【重点任务2】", "一、 【专栏1】 1", "一、 【专栏1】 2", "二、(一)"], d.Measures.Select(m => m.Path));
        Assert.Equal("扩大优质学前教育资源。新建、改扩建幼儿园20所。", d.Measures[0].Text);
    }

    [Fact]
    public void Chapters_articles_and_parenthesised_numbers_nest()
    {
        var text = "某某县中小学校管理办法\n第一章 总则\n第一条 为规范学校管理，制定本办法。\n第二条 本办法适用于全县中小学校。\n第二章 学校管理\n第三条 学校应当建立以下制度：\n⑴教学管理制度；\n⑵安全管理制度。\n第四条 学校实行校长负责制。";
        var d = Ingest(text);
        Assert.Equal(["第一章 第一条", "第一章 第二条", "第二章 第三条 ⑴", "第二章 第三条 ⑵", "第二章 第四条"], d.Measures.Select(m => m.Path));
        Assert.Equal("管理办法", d.Metadata.Type);
    }

    [Fact]
    public void Inline_points_under_a_heading_are_measures_with_the_heading_as_lead()
    {
        var text = "某某区教育局2022年工作总结\n（一）坚持党建引领始终把政治建设摆在首位。一是加强理论学习，全年开展集中学习24次；二是严格落实责任，签订责任书；三是强化监督，开展专项检查。\n（二）推进均衡发展。全区新增学位3000个。";
        var d = Ingest(text);
        Assert.Equal(["(一) 一是", "(一) 二是", "(一) 三是", "(二)"], d.Measures.Select(m => m.Path));
        Assert.Equal("加强理论学习，全年开展集中学习24次；", d.Measures[0].Text);
        Assert.Equal("坚持党建引领始终把政治建设摆在首位", d.Measures[0].Title);
        // Inline points inside a numbered item stay in that item.
        var item = Ingest("某某区教育局2022年工作计划\n一、加强管理\n1.规范办学行为。一是严控作业总量；二是保障睡眠时间。\n2.加强安全教育。");
        Assert.Equal(["一、 1", "一、 2"], item.Measures.Select(m => m.Path));
    }

    [Fact]
    public void A_crawled_page_on_one_line_is_read_into_its_parts_and_measures()
    {
        var text = "标题: 某某区教育局关于开展教师培训的通知\n发布时间: 2019-05-06 09:30\n==================== 正文 ====================\n" +
            "当前位置： 首页政务公开通知公告 某某区教育局关于开展教师培训的通知 时间：2019-05-06 09:30 微信 微博 QQ空间 " +
            "某教〔2019〕30号 各中小学： 为提升教师能力，现将有关事项通知如下： 一、培训对象 全区新任教师。 二、培训安排 1．集中培训。7月上旬进行，为期五天。2．跟岗学习。8月在各校进行。 三、工作要求 各校要高度重视，按时报送名单。 某某区教育局 2019年5月5日 来源：某某区教育局 附件下载";
        var d = Ingest(text);
        Assert.Equal("某某区教育局关于开展教师培训的通知", d.Title);
        Assert.Equal("某教〔2019〕30号", d.Metadata.Number);
        Assert.Equal(new DateOnly(2019, 5, 5), d.Metadata.Date);
        Assert.Equal(new DateOnly(2019, 5, 6), d.Metadata.PublishedDate);
        Assert.Equal("某某区教育局", d.Metadata.Issuer);
        Assert.Equal(["一、", "二、 1", "二、 2", "三、"], d.Measures.Select(m => m.Path));
        Assert.Equal("各中小学：", Part(d, PartKind.Addressee));
        Assert.Contains(d.Removed, r => r.Reason == "breadcrumb");
        Assert.Contains(d.Removed, r => r.Reason == "page chrome" && r.Text.Contains("微信"));
    }

    [Fact]
    public void An_html_table_reaches_the_document_as_rows_of_cells()
    {
        var html = "<html><body><div class=\"content\"><h1>某某区教育局2021年招生计划</h1><p>一、招生计划</p><p>各校招生人数如下表。</p>" +
            "<table><tr><th>学校</th><th>班级数</th><th>人数</th></tr><tr><td>实验小学</td><td>8</td><td>360</td></tr><tr><td>城东小学</td><td>6</td><td>270</td></tr></table>" +
            "<p>二、报名时间</p><p>7月1日至7月5日。</p></div></body></html>";
        var text = HtmlText.Extract(html);
        Assert.Contains("学校 | 班级数 | 人数", text);
        var d = Ingest(text);
        var table = Assert.Single(d.Tables);
        Assert.Equal([["学校", "班级数", "人数"], ["实验小学", "8", "360"], ["城东小学", "6", "270"]], table.Rows);
        Assert.Equal(["一、", "二、"], d.Measures.Select(m => m.Path));
        Assert.DoesNotContain("实验小学", d.Measures[0].Text);
    }
}
