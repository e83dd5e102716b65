using System.Text;
using Xunit;

namespace Search.Tests.Ingest;

/// <summary>Conservation (<see cref="Conservation"/>) on every kind of input: the seeds, their variants, documents generated
/// from real lines in the shapes ingestion must read, and fuzzed text.</summary>
public class ConservationTests
{
    public static TheoryData<string> Seeds => new() { "000", "001", "002", "003", "004" };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Holds_on_the_seeds(string doc) =>
        Conservation.Holds(File.ReadAllText(TestCorpus.File(doc)), doc);

    /// <summary>The seeds' lines as a crawler extracts a page (everything on one line, separated by spaces), cut at the page
    /// width as a PDF extractor returns them, and with Windows and old Mac line ends.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Holds_on_the_seeds_reshaped(string doc)
    {
        var text = File.ReadAllText(TestCorpus.File(doc));
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).ToList();
        Conservation.Holds("当前位置： 首页 政务公开 " + string.Join(" ", lines), doc + " run-on");
        Conservation.Holds(string.Join("\n", lines.SelectMany(l => l.Chunk(33).Select(c => new string(c)))), doc + " wrapped");
        Conservation.Holds(text.Replace("\n", "\r\n"), doc + " crlf");
        Conservation.Holds(text.Replace("\n", "\r"), doc + " cr");
    }

    static readonly string[] Furniture =
    [
        "当前位置：首页 > 政务公开 > 通知公告", "发布时间：2021-03-05 10:00 来源：某某区教育局", "【打印】【关闭】", "分享到：", "微信 微博 QQ空间",
        "索引号 | 11350100/2021-00012 | 发布机构 | 某某区教育局 |", "上一篇：关于开展某项工作的通知[ 03-01 ]", "推荐阅读", "关于开展读书月活动的通知[03-11]",
        "附件：1．申报表", "2．汇总表", "抄送：市教育局。", "某某区教育局办公室 2021年3月5日印发", "某某区教育局", "二〇二一年三月五日", "（此件公开发布）",
        "目录", "一、总体要求……………………1", "二、主要任务……………………3", "附件1", "某某学校名单", "序号\t学校\t人数", "1\t第一中学\t120",
        "【重点任务1】加强党的建设。", "第一章 总则", "第一条 为了规范管理，制定本办法。", "⑴推进均衡发展。", "①落实责任。", "一是加强领导；二是完善制度；三是强化考核。",
        "某某区教育局文件", "某教〔2021〕12号", "关于印发《某某区2021年教育工作要点》的通知", "各中小学、幼儿园：", "现将《某某区2021年教育工作要点》印发给你们，请认真贯彻落实。",
    ];

    /// <summary>Documents assembled at random from real lines (the seeds and the development documents) and the furniture,
    /// in any order, with blank lines, run-on joins and stray whitespace: the stages must account for every character
    /// whatever shape they meet.</summary>
    [Fact]
    public void Holds_on_generated_documents()
    {
        var random = new Random(20261205);
        var pool = new List<string>(Furniture);
        foreach (var file in Directory.GetFiles(TestCorpus.Root, "*.txt").Order(StringComparer.Ordinal))
            pool.AddRange(File.ReadAllLines(file).Where(l => l.Trim().Length > 0));
        foreach (var e in RealDocuments.Set("dev").Where(e => e.File.EndsWith(".txt")))
            pool.AddRange(File.ReadAllLines(Path.Combine(RealDocuments.Folder("dev"), e.File)).Where(l => l.Trim().Length > 0));
        for (int n = 0; n < 150; n++)
        {
            var text = new StringBuilder();
            int lines = random.Next(1, 60);
            for (int i = 0; i < lines; i++)
            {
                var line = pool[random.Next(pool.Count)];
                if (line.Length > 400) line = line[..random.Next(1, 400)];
                text.Append(line);
                text.Append(random.Next(6) switch { 0 => " ", 1 => "\n\n", 2 => "\r\n", 3 => "\t", _ => "\n" });
            }
            Conservation.Holds(text.ToString(), $"generated #{n}");
        }
    }

    /// <summary>Random characters from the alphabets these documents use: Han, digits, brackets, numbering symbols,
    /// punctuation, whitespace of every kind.</summary>
    [Fact]
    public void Holds_on_fuzzed_text()
    {
        var random = new Random(7);
        const string alphabet = "一二三四五六七八九十是、，。；：（）()【】〔〕[]①②⑴⒈—-…1234567890.．:教育局关于通知方案计划年月日附件抄送印发文件号第章条 \t\u3000\u00A0\u200B|>";
        for (int n = 0; n < 300; n++)
        {
            var chars = new char[random.Next(0, 600)];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = random.Next(12) == 0 ? '\n' : alphabet[random.Next(alphabet.Length)];
            Conservation.Holds(new string(chars), $"fuzzed #{n}");
        }
    }
}
