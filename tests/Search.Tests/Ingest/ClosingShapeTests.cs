using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>Shapes of covers, closings and page heads on real pages: an enclosed title printed with its issuer, a cover's
/// undated signature above the enclosed title, a page headline broken by blanks, a school's short notice passing on a
/// bureau's, an attachment's title or a stray mark glued to the signature, the 版记 printed before the attachments, a
/// letterhead and 文号 run on into page furniture, and the attachment list run on after the last sentence.</summary>
public class ClosingShapeTests
{
    static PolicyDocument Read(string text, string file = "page.txt") => new DocumentIngestor().FromText(text, file);

    const string Plan = "为切实做好工作，制定本计划。一、总体要求（一）坚持问题导向。（二）坚持统筹推进。二、主要任务（一）全面排查。（二）建立台账。（三）落实整改。";

    [Fact]
    public void An_enclosed_title_printed_with_its_issuer_is_the_title_and_the_cover_dates_it()
    {
        // The notice names 《X》; the body prints 《某某局X》 and the title above the plan with the issuer.
        var d = Read("标题: 某某区应急管理局关于印发《2022年度监督检查工作计划》的通知\n" +
            "当前位置： 首页 年度计划 某某区应急管理局关于印发《2022年度监督检查工作计划》的通知 时间：2022-08-05 09:47 局机关各处室、局属各单位：" +
            "现将《某某区应急管理局2022年度监督检查工作计划》印发给你们，请遵照执行。 附件：某某区应急管理局2022年度监督检查工作计划 " +
            "某某区应急管理局2022年8月4日 某某区应急管理局2022年度监督检查工作计划 " + Plan);
        Assert.Equal("某某区应急管理局2022年度监督检查工作计划", d.Title);
        Assert.Equal(new DateOnly(2022, 8, 4), d.Metadata.Date);
        Assert.Equal("某某区应急管理局", d.Metadata.Issuer);
        Assert.Equal(5, d.Measures.Count);
    }

    [Fact]
    public void A_covers_undated_signature_is_not_the_first_line_of_the_enclosed_title()
    {
        const string enclosed = "关于建立某某区历史建筑\n防灾及风险排查机制的实施意见\n";
        var d = Read("某某区人民政府办公室印发关于建立某某区历史建筑防灾及风险排查机制实施意见的通知\n区政府各部门：\n" +
            "《关于建立某某区历史建筑防灾及风险排查机制的实施意见》已经区政府同意，现印发给你们，请按照执行。\n某某区人民政府办公室\n" +
            enclosed + Plan.Replace("。一、", "。\n一、"));
        Assert.Equal("关于建立某某区历史建筑防灾及风险排查机制的实施意见", d.Title);
        Assert.Equal("某某区人民政府办公室", d.Metadata.Issuer);
        // After a signature and its date, a body's name above 关于… is the enclosed title's own first line.
        var dated = Read("某某区管委会关于印发《关于建立某某区历史建筑防灾及风险排查机制的实施意见》的通知\n区直各部门：\n" +
            "现将《关于建立某某区历史建筑防灾及风险排查机制的实施意见》印发给你们，请认真贯彻执行。\n某某综合实验区管委会\n2016年11月13日\n某某综合实验区管委会\n" +
            enclosed + Plan.Replace("。一、", "。\n一、"));
        Assert.Equal("某某综合实验区管委会关于建立某某区历史建筑防灾及风险排查机制的实施意见", dated.Title);
        Assert.Equal(new DateOnly(2016, 11, 13), dated.Metadata.Date);
    }

    [Fact]
    public void A_disclosed_title_broken_by_blanks_runs_on_to_its_genre_word()
    {
        var d = Read("标题: 某某区投资促进局 关于2024年度工作总结和2025年 工作计划的报告\n发布时间: 2025-09-18 11:00\n发布机构: 某某区投资促进局\n" +
            "==================== 正文 ====================\n2024年，我局强化体制机制改革，取得明显成效。一、2024年工作情况（一）深化改革。（二）加强监管。二、2025年工作计划（一）抓好招商。（二）优化服务。");
        Assert.Equal("某某区投资促进局关于2024年度工作总结和2025年工作计划的报告", d.Title);
        Assert.Equal("报告", d.Metadata.Type);
    }

    [Fact]
    public void A_schools_short_notice_passes_on_the_bureaus_notice_that_follows()
    {
        var d = Read("第十三届教坛新秀评选工作开始的通知\n各位老师：\n第十三届教坛新秀评选工作现已开始，请符合条件的老师准备材料，于6月13日之前提交教科室。\n附件：申报材料\n" +
            "某某市教育局关于第十三届中小学教坛新秀、\n市直教坛新秀推荐评选工作的通知\n各区、县（市）教育局，市直学校：\n为培养青年骨干教师，决定开展评选工作。现将有关事项通知如下：\n" +
            "一、评选对象\n（一）中小学在职教师。\n（二）年龄在35周岁以下。\n二、推荐要求\n（一）坚持标准。\n（二）公开透明。\n某某市教育局\n2019年5月31日\n");
        Assert.Equal("某某市教育局关于第十三届中小学教坛新秀、市直教坛新秀推荐评选工作的通知", d.Title);
        Assert.Equal("某某市教育局", d.Metadata.Issuer);
        Assert.Equal(new DateOnly(2019, 5, 31), d.Metadata.Date);
        Assert.Equal(4, d.Measures.Count);
        Assert.Contains(d.Parts, p => p.Zone == PartZone.Cover && p.Kind == PartKind.Addressee);
    }

    [Fact]
    public void An_attachments_title_or_a_stray_digit_glued_to_the_signature_is_not_the_issuer()
    {
        const string body = "某某区社会事业局关于2025年公开招聘新任教师的公告\n根据有关规定，现将招聘事项公告如下：一、招聘对象（一）应届毕业生。（二）具有教师资格的人员。" +
            "二、报名办法（一）网上报名。（二）资格审查。三、其他事项（一）本公告由某某区社会事业局负责解释。（二）咨询电话另行公布。";
        var glued = Read(body + "附件：某某区2025年公开招聘新任教师岗位一览表某某区社会事业局　2025年3月5日");
        Assert.Equal("某某区社会事业局", glued.Metadata.Issuer);
        Assert.Equal(new DateOnly(2025, 3, 5), glued.Metadata.Date);
        // Two bodies of one place with a stray "1" before the date; the 印发 line of the 版记 dates nothing.
        var joint = Read(body.Replace("某某区社会事业局关于", "某某区社会事业局某某区党群工作部关于") +
            " 附件：1.招募计划表2.报名登记表 某某区社会事业局 某某区党群工作部1 2023年4月13日 （此件主动公开）某某区社会事业局办公室 2023年4月14日印发");
        Assert.Equal("某某区社会事业局、某某区党群工作部", joint.Metadata.Issuer);
        Assert.Equal(new DateOnly(2023, 4, 13), joint.Metadata.Date);
        Assert.Contains(joint.Parts, p => p.Kind == PartKind.Imprint && joint.CleanText[p.Start..p.End].Contains("2023年4月14日印发"));
    }

    [Fact]
    public void The_banji_printed_before_the_attachments_closes_the_document_and_dates_it()
    {
        var d = Read("某某区市场监督管理局 某某区教育局关于开展学校食品安全专项检查的通知\n各类学校：\n为加强学校食品安全管理，现将有关事项通知如下：" +
            "一、检查内容（一）食堂卫生。（二）从业人员健康证明。二、几点要求（一）认真组织自查。（二）及时报送材料。 附件：1.食品安全检查表（销售）2.自查自评表 " +
            "抄送：驻区纪检组。 某某区市场监督管理局办公室 2018年3月21日印发 附件1 食品安全检查表（销售） 经营者名称： 地址： 序号 检查内容 检查结果 1 证照是否齐全 2 人员是否持证上岗 3 是否建立查验制度");
        Assert.Equal(new DateOnly(2018, 3, 21), d.Metadata.Date);
        Assert.Equal("某某区市场监督管理局、某某区教育局", d.Metadata.Issuer);
        Assert.Equal(4, d.Measures.Count);
        Assert.Contains(d.Parts, p => p.Zone == PartZone.Attachment);
        Assert.Contains(d.Parts, p => p.Kind == PartKind.CopyTo);
    }

    [Fact]
    public void A_letterhead_and_number_run_on_into_page_furniture_are_the_documents()
    {
        var d = Read("标题: 某某市地方税务局关于加强2013年国际税收管理工作的通知\n发布时间: 2013-03-13 17:13\n文号: \n" +
            "当前位置： 首页 部门文件 某某市地方税务局关于加强2013年国际税收管理工作的通知 时间：2013-03-13 17:13 微信 微博 QQ空间 某某市地方税务局文件 榕地税〔2013〕42号 " +
            "某某市地方税务局关于加强2013年国际税收管理工作的通知 各县（市、区）地方税务局：为提升国际税收管理水平，现将有关事项通知如下。" +
            "一、强化工作机制（一）健全组织。（二）明确分工。二、加强风险管理（一）开展分析。（二）跟踪监控。");
        Assert.Equal("榕地税〔2013〕42号", d.Metadata.Number);
        Assert.Equal("某某市地方税务局", d.Metadata.Issuer);
        Assert.Equal(4, d.Measures.Count);
    }

    [Fact]
    public void An_attachment_list_run_on_after_the_last_sentence_is_not_measures()
    {
        var d = Read("某某区迎接督导评估工作方案\n为做好迎评工作，制定本方案。一、总体要求坚持以评促建。二、工作职责见附件1任务分解表。三、实施步骤（一）前期准备。（二）调查摸底。" +
            "四、工作要求（一）加强组织领导。（二）强化督查指导，确保自评工作按时按目标完成。附件1.任务分解表2.自查问题一览表3.联络员信息反馈表" +
            "附件1任务分解表 督导评估内容 具体测评点 一、贯彻执行教育方针情况 1.加强党的领导情况 （1）有部署有措施 （2）党组织建设 2.思想政治工作情况 （3）德育工作 二、依法履职情况 3.落实法规情况 （4）配套政策");
        Assert.Equal(6, d.Measures.Count(m => !m.Path.Contains('¶')));
        Assert.DoesNotContain(d.Measures, m => m.Text.Contains("有部署有措施"));
        Assert.Contains(d.Parts, p => p.Zone == PartZone.Attachment);
    }

    [Fact]
    public void A_qualifier_printed_under_the_title_is_part_of_it()
    {
        var d = Read("某某区消防救援发展三年行动计划\n（2019—2021）\n一、指导思想\n坚持预防为主。\n二、主要任务\n（一）健全责任体系。\n（二）加强队伍建设。\n");
        Assert.Equal("某某区消防救援发展三年行动计划（2019—2021）", d.Title);
        Assert.Equal("行动计划", d.Metadata.Type);
        var trial = Read("某某区鼓励青年创业的实施办法\n（暂行）\n第一章 总则\n第一条 为鼓励青年创业，制定本办法。\n第二条 本办法适用于本区。\n");
        Assert.Equal("某某区鼓励青年创业的实施办法（暂行）", trial.Title);
        // A date in brackets under the title is a 题注, not part of the title.
        var dated = Read("某某区2022年工作要点\n（2022年3月5日）\n一、总体要求\n坚持稳中求进。\n二、重点工作\n（一）抓好项目。\n");
        Assert.Equal("某某区2022年工作要点", dated.Title);
    }

    [Fact]
    public void A_notice_that_prints_no_brackets_still_names_the_document_it_encloses()
    {
        // "关于印发X的通知" without 《》; the enclosed title glued to its first sentence, the note and the attachment run on.
        var d = Read("标题: 关于印发某某区建立疾病应急救助制度实施意见的通知\n" +
            "各单位：区社会事业局等部门制订的《某某区建立疾病应急救助制度实施意见》已经区管委会同意，现印发给你们，请认真贯彻执行。 某某区管委会办公室 2015年9月10日 " +
            "某某区建立疾病应急救助制度实施意见为进一步健全医疗保障体系，提出以下意见。一、总体要求（一）坚持救急救难。（二）坚持多方筹资。二、工作要求（一）认真准备。（二）密切配合。" +
            "附件：某某区疾病应急救助基金管理实施办法附件某某区疾病应急救助基金管理实施办法一、为规范救助工作，制定本办法。（一）救助对象。1.低保对象。2.困难群众。（二）申请程序。1.填报审批表。2.提交材料。");
        Assert.Equal("某某区建立疾病应急救助制度实施意见", d.Title);
        Assert.Equal(new DateOnly(2015, 9, 10), d.Metadata.Date);
        Assert.Equal(4, d.Measures.Count);
        Assert.Contains(d.Parts, p => p.Zone == PartZone.Attachment && d.CleanText[p.Start..p.End].Contains("填报审批表"));
    }

    [Fact]
    public void An_unsigned_forwarding_notice_is_issued_by_the_body_its_title_names()
    {
        var d = Read("某某区人民政府办公室关于转发区绿化市容局《关于提高环境卫生保障水平的实施意见》的通知\n镇人民政府、街道办事处：\n" +
            "经区政府同意，现将区绿化市容局制定的《关于提高环境卫生保障水平的实施意见》予以转发，请遵照执行。\n二○一三年五月二十日\n" +
            "关于提高环境卫生保障水平的实施意见\n为保障环卫职工合法权益，提出如下意见。\n一、主要目标\n（一）收入稳步增长。\n（二）保障水平提高。\n");
        Assert.Equal("关于提高环境卫生保障水平的实施意见", d.Title);
        Assert.Equal("某某区人民政府办公室", d.Metadata.Issuer);
        Assert.Equal(new DateOnly(2013, 5, 20), d.Metadata.Date);
    }

    [Fact]
    public void A_disclosed_number_without_its_final_hao_is_read()
    {
        var d = Read("标题: 某某区管委会关于做好农民工服务工作的实施意见\n文号: 岚综管综〔2015〕207\n发布机构: 某某区管委会\n" +
            "==================== 正文 ====================\n为做好农民工服务工作，提出如下意见。一、总体要求（一）坚持以人为本。（二）坚持统筹推进。");
        Assert.Equal("岚综管综〔2015〕207号", d.Metadata.Number);
        // In a sentence, a number without 号 is not read as one.
        var cited = Read("某某区管委会关于做好农民工服务工作的实施意见\n根据省政府闽政〔2015〕12的精神，提出如下意见。一、总体要求（一）坚持以人为本。（二）坚持统筹推进。");
        Assert.Null(cited.Metadata.Number);
    }

    [Fact]
    public void A_stated_title_printed_with_its_issuer_and_spaced_over_lines_stays_whole()
    {
        // The page states the title short of its place and the body prints it with gaps: "平潭县人民政府 关于… 通 告".
        var d = Read("标题: 县人民政府关于个人住宅建设遗留问题处置工作的通告\n" +
            "当前位置： 首页 公示公告 县人民政府关于个人住宅建设遗留问题处置工作的通告 时间：2012-09-05 00:00 微信 微博 QQ空间 岚政〔2012〕116号 " +
            "平潭县人民政府 关于个人住宅建设 遗留问题处置工作的 通 告 为妥善解决历史遗留问题，逐步改善住房困难户的居住条件，现将有关事项通告如下。一、分类处置（一）已建成的住宅。（二）在建的住宅。" +
            "二、工作要求（一）严格审批。（二）加强监管。 平潭县人民政府 2012年8月27日");
        Assert.Equal("平潭县人民政府关于个人住宅建设遗留问题处置工作的通告", d.Title);
        Assert.Equal("岚政〔2012〕116号", d.Metadata.Number);
        Assert.Equal(4, d.Measures.Count);
    }

    [Fact]
    public void An_enclosed_title_printed_in_book_title_marks_over_two_lines_is_the_title()
    {
        var d = Read("某某区人民政府关于印发《某某区公园城市建设“十五五”规划》的通知\n某府发〔2026〕20号\n各镇人民政府、街道办事处：\n" +
            "《某某区公园城市建设“十五五”规划》已经区政府同意，现印发给你们，请认真按照执行。\n2026年7月22日\n《某某区公园城市建设\n“十五五”规划》\n" +
            "“十五五”时期是关键五年。\n一、发展目标\n（一）公园绿地持续增加。\n（二）环境品质持续提升。\n二、重点任务\n（一）建设公园体系。\n");
        Assert.Equal("某某区公园城市建设“十五五”规划", d.Title);
        Assert.Equal("规划", d.Metadata.Type);
        Assert.Equal(new DateOnly(2026, 7, 22), d.Metadata.Date);
    }

    [Fact]
    public void A_forwarding_headline_over_the_enclosed_text_alone_names_that_text()
    {
        const string body = "近期，市政府出台了有关意见，结合本区实际，提出以下工作意见。\n一、完善消防安全责任体系\n认真贯彻落实消防安全责任制。\n二、完善消防安全治理体系\n推动火灾隐患整治。\n";
        var d = Read("某某区人民政府办公室印发《关于进一步加强某某区公共消防安全的工作意见》的通知\n" + body);
        Assert.Equal("关于进一步加强某某区公共消防安全的工作意见", d.Title);
        Assert.Equal("意见", d.Metadata.Type);
        Assert.Equal("某某区人民政府办公室", d.Metadata.Issuer);
        // A notice of its own under the same headline stays the notice.
        var notice = Read("某某区人民政府办公室印发《关于进一步加强某某区公共消防安全的工作意见》的通知\n近期，市政府出台了有关意见，现印发给你们，请认真贯彻执行。\n" + body);
        Assert.Equal("某某区人民政府办公室印发《关于进一步加强某某区公共消防安全的工作意见》的通知", notice.Title);
    }

    [Fact]
    public void Four_bodies_signing_one_under_another_are_all_issuers()
    {
        var d = Read("关于修订印发《某某区生活垃圾处理费征收管理办法》的通知\n各相关单位：\n现将新修订的《某某区生活垃圾处理费征收管理办法》印发给你们，请遵照执行。\n特此通知。\n" +
            "某某区绿化和市容管理局\n某某区发展改革委员会\n某某区财政局\n某某区市场监督管理局\n2023年5月23日\n某某区生活垃圾处理费征收管理办法\n" +
            "第一条 为规范征收管理，制定本办法。\n第二条 本办法适用于本区单位。\n第三条 本办法自发布之日起施行。\n");
        Assert.Equal("某某区绿化和市容管理局、某某区发展改革委员会、某某区财政局、某某区市场监督管理局", d.Metadata.Issuer);
        Assert.Equal("某某区生活垃圾处理费征收管理办法", d.Title);
    }
}
