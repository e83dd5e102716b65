using System.Text;
using System.Text.RegularExpressions;

namespace Search.Ingest.Cleaning;

/// <summary>Clean stage: drops web chrome, footers, metadata tables, spam, cover notices, signatures and repeated blocks; re-joins paragraphs cut by page breaks; normalises whitespace.</summary>
public sealed partial class TextCleaner
{
    /// <summary>A paragraph candidate: normalised text, the original offset of each of its characters, and why it was dropped (null = kept).</summary>
    sealed class Line(string text, int[] map, int rawIndex)
    {
        public string Text = text;
        public int[] Map = map;
        public readonly int RawIndex = rawIndex;
        public string? Removed;
        public string Folded => ChineseScript.ToSimplified(Text);
        public int Start => Map[0];
        public int End => Map[^1] + 1;
    }

    public CleanedText Clean(string original)
    {
        var lines = Split(original);
        var removed = new List<(int Order, RemovedBlock Block)>();

        foreach (var line in lines)
            line.Removed = Classify(line.Folded);
        MarkCoverNotice(lines);
        MarkSignature(lines);
        Rejoin(lines);
        MarkRepeatedBlocks(lines);
        MarkOrphans(lines);

        // Report removals as blocks: consecutive lines dropped for the same reason read as one piece.
        for (int i = 0; i < lines.Count;)
        {
            if (lines[i].Removed is not { } reason) { i++; continue; }
            int j = i;
            while (j + 1 < lines.Count && lines[j + 1].Removed == reason) j++;
            var start = lines[i].Start;
            var end = lines[j].End;
            // The audit shows the characters as they were in the source, not as normalised.
            var text = original[start..end];
            removed.Add((i, new RemovedBlock(reason, text, start, end)));
            i = j + 1;
        }

        var clean = new StringBuilder();
        var map = new List<int>();
        foreach (var line in lines.Where(l => l.Removed is null))
        {
            if (clean.Length > 0)
            {
                clean.Append('\n');
                map.Add(line.Start);
            }
            clean.Append(line.Text);
            map.AddRange(line.Map);
        }
        return new CleanedText(clean.ToString(), [.. map], removed.Select(r => r.Block).ToList(), original);
    }

    // ---- splitting and whitespace -------------------------------------------------------------

    static List<Line> Split(string original)
    {
        var lines = new List<Line>();
        int start = 0, rawIndex = 0;
        for (int i = 0; i <= original.Length; i++)
        {
            if (i < original.Length && original[i] is not ('\n' or '\r' or '\f' or '\u2028' or '\u2029' or '\v'))
                continue;
            if (Normalise(original, start, i) is { } line)
                lines.Add(new Line(line.Text, line.Map, rawIndex));
            rawIndex++;
            start = i + 1;
        }
        return lines;
    }

    /// <summary>Trims, collapses whitespace runs to one space, and drops spaces next to Chinese characters (typesetting artefacts such as "2020 年").</summary>
    static (string Text, int[] Map)? Normalise(string s, int start, int end)
    {
        var text = new StringBuilder();
        var map = new List<int>();
        int i = start;
        while (i < end)
        {
            char c = s[i];
            if (c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD') { i++; continue; }
            if (IsSpace(c))
            {
                int j = i;
                while (j < end && (IsSpace(s[j]) || s[j] is '\u200B' or '\uFEFF')) j++;
                bool edge = text.Length == 0 || j >= end;
                bool cjk = !edge && (IsCjk(text[^1]) || IsCjk(s[j]));
                if (!edge && !cjk)
                {
                    text.Append(' ');
                    map.Add(i);
                }
                i = j;
                continue;
            }
            text.Append(c);
            map.Add(i);
            i++;
        }
        return text.Length == 0 ? null : (text.ToString(), map.ToArray());
    }

    static bool IsSpace(char c) => c is ' ' or '\t' or '\u00A0' or '\u3000' or '\u2002' or '\u2003' or '\u2009' or '\u202F';

    internal static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u2010' and <= '\u206F' or >= '\uFE30' and <= '\uFE4F';

    // ---- line classification --------------------------------------------------------------------

    [GeneratedRegex(@"^[×✕✖╳xX]$|保护视力色|字体颜色|恢复默认|打印本页|关闭窗口|【打印】|【关闭】|分享到[:：]?|^字号[:：]?\s*[大中小]|扫一扫|返回顶部|^上一篇|^下一篇|^打印$|^关闭$|^【?[大中小]】?\s*【?[大中小]】?\s*【?[大中小]】?$")]
    private static partial Regex PageChrome();

    [GeneratedRegex(@"^(首页|当前位置|您现在的位置|你的位置|您的位置)|^[^。，；]{0,40}(\s*[>»›]\s*[^。，；>»›]{1,20}){2,}$")]
    private static partial Regex Breadcrumb();

    [GeneratedRegex(@"^(主办单位|承办单位|协办单位|主办|网站标识码|网站识别码|联系地址|地址|联系电话|电话|传真|电子邮箱|邮箱|邮编|技术支持)\s*[:：]|^(版权所有|网站地图|Copyright|©)|网站标识码|ICP备|公网安备|版权所有")]
    private static partial Regex Footer();

    [GeneratedRegex(@"^[（(](征求意见稿|草案|讨论稿|送审稿|征求意见版|代拟稿)[)）]$")]
    private static partial Regex DraftMarker();

    [GeneratedRegex(@"^(索引号|发布机构|发文机关|发文机构|发文日期|发布日期|成文日期|生成日期|发布时间|发布文号|文号|组配分类|主题分类|主题导航|主题词|关键词|关键字|信息来源|来源|信息名称|名称|内容概述|公开方式|公开时限|公开范围|是否有效|有效性|体裁分类|时间|浏览次数|点击数)\s*[:：|]?")]
    private static partial Regex MetadataLabel();

    internal static string? Classify(string folded)
    {
        var compact = folded.Replace(" ", "");
        if (PageChrome().IsMatch(folded))
            return "page chrome";
        if (DraftMarker().IsMatch(compact))
            return "draft marker";
        if (Footer().IsMatch(compact))
            return "website footer";
        if (folded.Contains('|'))
        {
            var segments = folded.Split('|').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            if (segments.Any(s => MetadataLabel().IsMatch(s.Replace(" ", ""))))
                return "metadata table";
            if (segments.Count >= 5 && segments.Average(s => s.Length) < 30)
                return "spam";
        }
        // Normalising already dropped the spaces between label and value, so a lone label needs a separator
        // or a number after it to tell "来源：柳南区教育局" from a heading such as "时间安排".
        if (MetadataLabel().Match(compact) is { Success: true } label
            && (LabelCount(compact) >= 2 || compact.Length < 60 && !compact.Contains('。') && label.Length < compact.Length
                && (label.Value[^1] is ':' or '：' or '|' || char.IsAsciiDigit(compact[label.Length]))))
            return "metadata table";
        if (Breadcrumb().IsMatch(folded) && folded.Length < 100 && !folded.Contains('。'))
            return "breadcrumb";
        if (KeywordStuffed(compact))
            return "spam";
        return null;
    }

    static int LabelCount(string compact) =>
        MetadataLabelAnywhere().Matches(compact).Count;

    [GeneratedRegex(@"索引号|发布机构|发文日期|发布日期|生成日期|成文日期|发布文号|文号|组配分类|主题分类|关键词|关键字|信息来源|来源|信息名称|公开方式|公开时限|是否有效|责任部门")]
    private static partial Regex MetadataLabelAnywhere();

    /// <summary>SEO spam repeats the same few words with no sentence structure: no full stop, and one bigram many times over.</summary>
    static bool KeywordStuffed(string compact)
    {
        if (compact.Length < 40 || compact.Contains('。') || compact.Contains('，') || compact.Contains(','))
            return false;
        var counts = new Dictionary<string, int>();
        for (int i = 0; i + 1 < compact.Length; i++)
            if (char.IsLetter(compact[i]) && char.IsLetter(compact[i + 1]))
            {
                var bigram = compact.Substring(i, 2);
                counts[bigram] = counts.GetValueOrDefault(bigram) + 1;
            }
        return counts.Count > 0 && counts.Values.Max() >= 6;
    }

    // ---- structural removals -------------------------------------------------------------------

    [GeneratedRegex(@"^关于印发《?(.+?)》?的通知$")]
    private static partial Regex Transmittal();

    /// <summary>A "关于印发《X》的通知" cover page ends where the enclosed document X begins; everything before that is the cover.</summary>
    static void MarkCoverNotice(List<Line> lines)
    {
        var kept = lines.Where(l => l.Removed is null).ToList();
        for (int i = 0; i < Math.Min(kept.Count, 15); i++)
        {
            var m = Transmittal().Match(kept[i].Folded);
            if (!m.Success)
                continue;
            var enclosed = m.Groups[1].Value;
            int j = kept.FindIndex(i + 1, l => l.Folded == enclosed);
            if (j < 0)
                return;
            foreach (var line in kept.Take(j))
                line.Removed = "cover notice";
            return;
        }
    }

    [GeneratedRegex(@"^\d{4}年\d{1,2}月\d{1,2}日(印发)?$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^[^\s，。；：,;:()（）]{2,25}(局|委|委员会|政府|办公室|办|厅|中心|部|院)$")]
    private static partial Regex Organisation();

    /// <summary>The issuer's name and the signing date after the body are a signature, not part of the last measure.</summary>
    static void MarkSignature(List<Line> lines)
    {
        var kept = lines.Where(l => l.Removed is null).ToList();
        for (int i = kept.Count / 2; i < kept.Count; i++)
        {
            if (!DateLine().IsMatch(kept[i].Folded))
                continue;
            kept[i].Removed = "signature";
            if (i > 0 && Organisation().IsMatch(kept[i - 1].Folded))
                kept[i - 1].Removed = "signature";
        }
    }

    static readonly Regex HeadingStart = new(@"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、](?!\d)|[０-９]{1,3}[.．、]|[①-⑳]|——|名词解释|附件)", RegexOptions.Compiled);

    internal static bool StartsHeading(string text) => HeadingStart.IsMatch(ChineseScript.ToSimplified(text));

    /// <summary>A page break cuts a paragraph mid-sentence: a long line with no closing punctuation, followed across blank lines by a line that starts no heading.</summary>
    static void Rejoin(List<Line> lines)
    {
        int wrap = WrapWidth(lines);
        Line? previous = null;
        foreach (var line in lines)
        {
            if (line.Removed is not null)
            {
                previous = null;
                continue;
            }
            bool full = previous is not null && (previous.Text.Length >= 40 || wrap > 0 && previous.Text.Length >= wrap - 2);
            if (previous is not null && full && !EndsSentence(previous.Text) && !StartsHeading(line.Text))
            {
                // Latin words cut at a line end still need their space back.
                if (char.IsAsciiLetterOrDigit(previous.Text[^1]) && char.IsAsciiLetterOrDigit(line.Text[0]))
                {
                    previous.Text += " ";
                    previous.Map = [.. previous.Map, line.Map[0]];
                }
                previous.Text += line.Text;
                previous.Map = [.. previous.Map, .. line.Map];
                line.Removed = "joined";
                continue;
            }
            previous = line;
        }
        lines.RemoveAll(l => l.Removed == "joined");
    }

    /// <summary>Text extracted from a PDF is wrapped at the page width: many lines share one length. Returns that width, or 0 for paragraph-per-line text.</summary>
    static int WrapWidth(List<Line> lines)
    {
        var lengths = lines.Where(l => l.Removed is null && l.Text.Length >= 10).Select(l => l.Text.Length).ToList();
        if (lengths.Count < 8)
            return 0;
        var mode = lengths.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        return lengths.Count(n => Math.Abs(n - mode) <= 2) >= lengths.Count * 0.3 ? mode : 0;
    }

    static bool EndsSentence(string text)
    {
        var last = text.TrimEnd('”', '’', '"', '\'', '」', '』', ')', '）', '】', ' ');
        if (last.Length == 0) return true;
        return last[^1] is '。' or '！' or '？' or '；' or '：' or '.' or '!' or '?' or ';' or ':' or '…' || text[^1] is ')' or '）';
    }

    /// <summary>A page scraped twice shows its body twice: drop each run of lines that repeats an earlier run.</summary>
    static void MarkRepeatedBlocks(List<Line> lines)
    {
        var kept = lines.Where(l => l.Removed is null).ToList();
        var first = new Dictionary<string, int>();
        for (int i = 0; i < kept.Count; i++)
        {
            var key = kept[i].Folded;
            if (!first.TryGetValue(key, out var j))
            {
                first[key] = i;
                continue;
            }
            int run = 0, chars = 0;
            while (i + run < kept.Count && j + run < i && kept[i + run].Folded == kept[j + run].Folded)
            {
                chars += kept[i + run].Text.Length;
                run++;
            }
            if (run >= 2 && chars >= 60 || chars >= 50)
            {
                for (int k = i; k < i + run; k++)
                    kept[k].Removed = "repeated block";
                i += run - 1;
            }
        }
    }

    static readonly HashSet<string> ChromeReasons = ["page chrome", "breadcrumb", "website footer", "spam", "repeated block"];

    /// <summary>A short caption stranded between removed blocks (a category label between a scraped page's copies) is chrome too.</summary>
    static void MarkOrphans(List<Line> lines)
    {
        for (int i = 1; i + 1 < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Removed is null && lines[i - 1].Removed is { } before && lines[i + 1].Removed is { } after
                && ChromeReasons.Contains(before) && ChromeReasons.Contains(after)
                && line.Text.Length <= 20 && !line.Text.Contains('。') && !StartsHeading(line.Text))
                line.Removed = "page chrome";
        }
    }
}
