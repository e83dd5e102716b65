using System.Text.RegularExpressions;
using Search.Ingest.Grammar;

namespace Search.Ingest.Cleaning;

/// <summary>Finds where a run-on paragraph should break: text as a crawler extracts it puts the breadcrumb, the title, the
/// share buttons and the whole body on one line ("当前位置：首页… 时间：2023-03-31 微信 微博 根据…一、工作开展情况（一）…").
/// It cuts the page furniture at its head and tail and the body at numbering markers that follow each other in sequence.</summary>
public static partial class RunOnSplitter
{
    /// <summary>Paragraphs shorter than this are never split at inline markers.</summary>
    const int RunOnLength = 120;

    [GeneratedRegex(@"^(当前位置|您现在的位置|你的位置|您的位置|位置|首页|时间|发布时间|发布日期|来源|信息来源|作者|浏览次数|点击数|字号|分享到|微信|微博|QQ空间|打印|关闭|索引号|发布机构|文号|【)")]
    private static partial Regex Furniture();

    [GeneratedRegex(@"^[(（]\s*\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?\s*[)）]")]
    private static partial Regex LeadingDateline();

    [GeneratedRegex(@"(抄送|抄报)\s*[:：]")]
    private static partial Regex CopyTo();

    [GeneratedRegex(@"^[\u4e00-\u9fff]{2,30}文件(?=[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4})")]
    private static partial Regex Letterhead();

    /// <summary>Offsets in <paramref name="text"/> where a new paragraph starts (ascending, never 0), given the positions
    /// where cleaning dropped spaces (<paramref name="softBreaks"/>).</summary>
    public static IReadOnlyList<int> Cuts(string text, IReadOnlyList<int> softBreaks)
    {
        var cuts = new SortedSet<int>();
        if (text.Length < 60)
            return [];
        var probe = TextProbe.Of(text);
        var breaks = softBreaks.Where(b => b > 0 && b < text.Length).ToList();
        Head(probe, breaks, cuts);
        Tail(probe, breaks, cuts);
        if (LeadingDateline().Match(probe) is { Success: true } dateline && dateline.Length < text.Length)
            cuts.Add(dateline.Length);
        if (Letterhead().Match(probe) is { Success: true } head)
            cuts.Add(head.Length);
        if (text.Length >= RunOnLength)
        {
            foreach (Match m in CopyTo().Matches(probe))
                if (m.Index > text.Length / 2)
                    cuts.Add(m.Index);
            foreach (var at in InlineMarkers(probe, breaks))
                cuts.Add(at);
        }
        cuts.RemoveWhere(c => c <= 0 || c >= text.Length);
        return [.. cuts];
    }

    static bool IsSentence(string segment) =>
        segment.IndexOfAny(['。', ',', ';', '！', '？', '!', '?']) >= 0;

    /// <summary>The head of a line that starts with page furniture: short segments between dropped spaces, each its own line,
    /// until the first segment that reads as prose. An addressee ("各公、民办中学：") ends the head.</summary>
    static void Head(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        if (!Furniture().IsMatch(probe) && !StartsWithIssueNumber(probe))
            return;
        int pos = 0;
        foreach (var b in breaks.Append(probe.Length))
        {
            if (b <= pos)
                continue;
            var segment = probe[pos..b];
            if (segment.Length > 60 || IsSentence(segment))
            {
                // "各公、民办中学：为积极推进…": an addressee and the body joined without a space.
                int colon = segment.IndexOf(':');
                if (colon is > 1 and < 40 && !IsSentence(segment[..colon]) && segment[..colon].StartsWith('各'))
                    cuts.Add(pos + colon + 1);
                break;
            }
            if (b < probe.Length)
                cuts.Add(b);
            pos = b;
        }
    }

    static bool StartsWithIssueNumber(string probe) =>
        IssueNumber.All(probe.Length > 40 ? probe[..40] : probe).Any(n => n.Index == 0);

    /// <summary>The tail of a line that ends in page furniture or a signature and date: short segments, each its own line.</summary>
    static void Tail(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        int end = probe.Length;
        var tail = new List<int>();
        bool furniture = false;
        for (int k = breaks.Count - 1; k >= 0; k--)
        {
            var segment = probe[breaks[k]..end];
            if (segment.Length > 60 || IsSentence(segment.TrimEnd(')', '）')))
                break;
            furniture |= Furniture().IsMatch(segment) || WrittenDate.IsWholeLine(segment, out _, out _) || segment is "附件下载" or "下载附件";
            tail.Add(breaks[k]);
            end = breaks[k];
        }
        if (furniture)
            foreach (var t in tail)
                cuts.Add(t);
    }

    /// <summary>Numbering markers inside a long line that follow each other in sequence: 一、…（一）…1.…2.…（二）…二、. A line
    /// only counts as run-on when it holds at least three such markers and one of them is a chapter-level one.</summary>
    static List<int> InlineMarkers(string probe, List<int> breaks)
    {
        var accepted = new List<(int At, OutlineMarker Marker)>();
        var last = new Dictionary<string, int>();
        var soft = breaks.ToHashSet();
        for (int i = 1; i < probe.Length - 2; i++)
        {
            if (OutlineMarker.At(probe, i) is not { } marker || marker.Style == MarkerStyle.Dash)
                continue;
            // The marker must be followed by text, not by more punctuation or digits.
            int next = i + marker.Length;
            if (next >= probe.Length || char.IsAsciiDigit(probe[next]) && marker.Style is MarkerStyle.Digit or MarkerStyle.ParenDigit || probe[next] is '.' or ',' or '、' or ')' or '。')
                continue;
            char before = PreviousNonSpace(probe, i);
            bool boundary = before is '。' or ';' or '！' or '!' or '？' or '?' or ':' or ')' or '”' or '"' or '】' || soft.Contains(i) || probe[i - 1] == ' ';
            bool distinctive = marker.Style is MarkerStyle.ParenNumeral or MarkerStyle.ParenDigit or MarkerStyle.Bracketed or MarkerStyle.Chapter or MarkerStyle.Article or MarkerStyle.Section or MarkerStyle.Circled;
            bool continues = last.TryGetValue(marker.Series, out var previous) && marker.Ordinal == previous + 1;
            bool starts = marker.Ordinal == 1;
            if (!(continues || starts))
                continue;
            if (!(boundary || distinctive && (continues || starts) || continues && marker.Style == MarkerStyle.Digit))
                continue;
            // "第（1）项", "附件1." and "图2." refer to items; they do not start them.
            if (before is '第' or '件' or '图' or '表' or '见' or '款' or '条')
                continue;
            last[marker.Series] = marker.Ordinal;
            // A chapter restarts the series below it.
            foreach (var lower in last.Keys.ToList())
                if (lower != marker.Series && RankOf(lower) > marker.Rank && marker.Rank >= 0)
                    last.Remove(lower);
            accepted.Add((i, marker));
            i += marker.Length - 1;
        }
        bool chapterLevel = accepted.Any(a => a.Marker.Style is MarkerStyle.Numeral or MarkerStyle.ParenNumeral or MarkerStyle.Chapter or MarkerStyle.Article or MarkerStyle.Bracketed);
        return accepted.Count >= 3 && chapterLevel ? accepted.Select(a => a.At).ToList() : [];
    }

    static int RankOf(string series) =>
        Enum.TryParse<MarkerStyle>(series, out var style) ? (int)style : series == "⑴" ? (int)MarkerStyle.Circled : -1;

    static char PreviousNonSpace(string probe, int i)
    {
        for (int k = i - 1; k >= 0; k--)
            if (probe[k] != ' ')
                return probe[k];
        return '\0';
    }
}
