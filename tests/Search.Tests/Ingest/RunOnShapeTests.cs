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

/// <summary>Cover notices and signatures as crawlers and collections write them: the enclosed document's title glued to the
/// date or to its first sentence, a 批转 notice naming the body whose document it passes on, an enclosed title broken after
/// 的, a seal note after the signature, a joint signature before the attachments, a flat list with a gap before each item.</summary>
public class CoverShapeTests
{
    static PolicyDocument Read(string text) => new DocumentIngestor().FromText(text, "page.txt");

    const string Plan = "为切实做好工作，制定本方案。一、总体要求（一）坚持问题导向。（二）坚持统筹推进。二、主要任务（一）全面排查。（二）建立台账。（三）落实整改。";

    [Fact]
    public void A_one_line_cover_notice_gives_way_to_the_document_it_encloses()
    {
        // The page states the notice's title; the enclosed title is glued to the date, then to its first sentence.
        var d = Read("标题: 某某区扶贫开发领导小组关于印发《解决突出问题实施方案》的通知\n发布时间: 2019-08-13 09:08\n" +
            "各成员单位： 经研究同意，现将《解决突出问题实施方案》印发给你们，请认真贯彻执行。 某某区扶贫开发领导小组 （某某区党工委代章） 2019年8月12日解决突出问题实施方案 " + Plan);
        Assert.Equal("解决突出问题实施方案", d.Title);
        Assert.Equal("实施方案", d.Metadata.Type);
        Assert.Equal(new DateOnly(2019, 8, 12), d.Metadata.Date);
        Assert.Equal("某某区扶贫开发领导小组", d.Metadata.Issuer);
        Assert.Equal(5, d.Measures.Count);
    }

    [Fact]
    public void A_pass_on_notice_naming_a_body_encloses_a_title_broken_after_de()
    {
        var d = Read("某某区人民政府关于批转区文化局《关于进一步加强文物保护工作的实施意见》的通知\n\n各委、办、局：\n\n" +
            "区文化局《关于进一步加强文物保护工作的实施意见》已经区政府常务会议通过，现批转给你们，请遵照执行。\n\n" +
            "关于进一步加强文物保护工作的\n\n实施意见\n\n为做好文物保护工作，提出如下意见。\n\n一、基本原则\n\n坚持保护为主。\n\n二、工作目标\n\n1．文物信息共享。\n\n2．博物馆体系基本形成。\n");
        Assert.Equal("关于进一步加强文物保护工作的实施意见", d.Title);
        Assert.Equal("实施意见", d.Metadata.Type);
    }

    [Fact]
    public void A_joint_signature_before_the_attachments_signs_the_notice_and_a_stamping_office_does_not_issue()
    {
        var joint = Read("关于举办青少年科技创新大赛的通知\n各中小学校： 为提高学生科学素养，现将有关事项通知如下： 一、比赛时间另行通知。 二、比赛地点另行通知。 三、参赛对象为各中小学学生。 " +
            "附件：1.报名表 2.比赛规程 某某区社会事业局 某某区教育局 2019年4月28日 附件1 报名表 姓名 性别 学校 附件2 比赛规程 一、比赛项目 二、比赛办法 三、奖励办法 四、其他 五、附则");
        Assert.Equal(["某某区社会事业局", "某某区教育局"], joint.Metadata.Issuer!.Split('、'));
        Assert.Equal(new DateOnly(2019, 4, 28), joint.Metadata.Date);
        var stamped = Read("关于公开招聘学校管理团队的通告\n根据工作需要，现将有关事项通告如下： 一、招聘岗位校长一名。 二、报名方式邮件报名。 三、聘用程序择优聘用。 " +
            "附件：1.报名表 2.报考承诺书 柳南区高层次教育人才招聘工作领导小组 柳南区人民政府办公室（代章） 2020年10月19日 来源：柳南区教育局");
        Assert.Equal("柳南区高层次教育人才招聘工作领导小组", stamped.Metadata.Issuer);
        Assert.Equal(new DateOnly(2020, 10, 19), stamped.Metadata.Date);
    }

    [Fact]
    public void A_flat_list_with_a_gap_before_each_item_is_a_list()
    {
        var d = Read("关于做好装备统计工作的通知\n各中小学： 为做好2014年度教育技术装备统计工作，及时、准确地采集、审核和上报数据，现将有关事项通知如下： " +
            "1、各学校要加强领导，明确责任，指定专人负责统计数据的采集和录入。 2、所有学校都应列入统计范围，下辖完小校应作为独立学校单独上报。 " +
            "3、九年一贯制学校需要填写2张报表，以学校中学部与小学部分别上报。 4、填报统计数据时使用规定格式，无数据的栏目必须填上0。 柳南区教育局 2015年1月26日");
        Assert.Equal(4, d.Measures.Count);
        Assert.StartsWith("所有学校", d.Measures[1].Text);
        // Numbers in prose without gaps are not a list.
        Assert.DoesNotContain(Read("关于做好统计工作的通知\n各中小学：请于1、2月份完成统计，3、4月份汇总上报，5、6月份公布结果。某某区社会事业局 2015年1月26日").Measures, m => !m.Path.Contains('¶'));
    }
}
