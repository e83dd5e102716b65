using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>Shapes of a crawler's one-line body: items that follow a heading ending in 条件, a heading numbered twice, and a
/// cover notice whose signature and date are run on before the document it encloses.</summary>
public class RunOnShapeTests
{
    [Fact]
    public void Items_after_a_heading_that_ends_in_tiaojian_are_items()
    {
        const string text = "某区教育局关于开展教师资格认定工作的通告\n根据有关规定，现将有关事项通告如下：一、认定对象符合条件的人员可以申请认定。" +
            "二、认定条件（一）遵守宪法和法律，热爱教育事业。（二）具有良好的身体素质和心理素质。（三）符合规定的学历要求，具体如下：" +
            "1.申请认定幼儿园教师资格，应当具备幼儿师范学校毕业及以上学历。2.申请认定小学教师资格，应当具备中等师范学校毕业及以上学历。" +
            "三、其他事项（一）按时申报。（二）如实提交材料。（三）咨询电话另行公布。";
        var d = new DocumentIngestor().FromText(text, "notice.txt");
        var under = d.Measures.Where(m => m.Path.StartsWith("二、")).Select(m => m.Path).ToList();
        Assert.Equal(["二、(一)", "二、(二)", "二、(三) 1", "二、(三) 2"], under);
        // "附件（一）" still refers to an attachment and starts nothing.
        var attachment = new DocumentIngestor().FromText(text.Replace("（三）咨询电话另行公布。", "（三）材料清单见附件（一）和附件（二）。"), "notice.txt");
        Assert.Equal(3, attachment.Measures.Count(m => m.Path.StartsWith("三、")));
    }

    [Fact]
    public void A_heading_numbered_twice_is_two_headings()
    {
        const string text = "某片区管理局2024年工作总结\n现将工作情况总结如下：一、工作开展情况（一）以党建为统领，加强政治建设。一是学习制度落实到位。二是纪律教育扎实开展。" +
            "（二）以发展为目标，稳住经济基本盘。一是项目服务精准到位。二是要素保障有力。（二）以振兴为导向，书写乡村振兴新篇章。一是示范项目全面开工。二是集体经济稳步增长。" +
            "（三）以民生为根本，办好为民实事。一是低保救助应保尽保。二是供水项目全面完工。二、2025年工作计划（一）抓好基层党建。（二）抓好项目建设。";
        var d = new DocumentIngestor().FromText(text, "summary.txt");
        var first = d.Measures.Where(m => m.Path.StartsWith("一、")).ToList();
        Assert.Equal(8, first.Count);
        Assert.Single(first, m => m.Text.StartsWith("示范项目全面开工"));
        Assert.DoesNotContain(first, m => m.Text.Contains("乡村振兴新篇章") && m.Text.Contains("要素保障"));
    }

    [Fact]
    public void A_cover_notice_signed_and_dated_on_one_line_dates_the_document()
    {
        const string text = "某某区管委会办公室关于印发《某某区减轻学生作业负担的实施意见》的通知\n" +
            "各片区管理局，区直有关单位：现将《某某区减轻学生作业负担的实施意见》印发给你们，请认真贯彻执行。 某某区管委会办公室 2021年9月18日 " +
            "某某区减轻学生作业负担的实施意见 为切实减轻学生负担，提出如下意见。一、总体要求（一）坚持学生为本。（二）坚持依法治理。" +
            "二、主要措施（一）全面压减作业总量和时长。（二）提升课后服务水平。（三）规范校外培训行为。三、保障措施（一）加强组织领导。（二）强化督导检查。";
        var d = new DocumentIngestor().FromText(text, "cover.txt");
        Assert.Equal(new DateOnly(2021, 9, 18), d.Metadata.Date);
        Assert.Equal("某某区管委会办公室", d.Metadata.Issuer);
        Assert.Equal(7, d.Measures.Count);
        Assert.DoesNotContain(d.Measures, m => m.Text.Contains("2021年9月18日"));
    }
}
