using System.Text;
using System.Text.RegularExpressions;

namespace Search.Ingest.Cleaning;

/// <summary>Clean stage: normalises whitespace, splits run-on lines, drops web chrome, footers, spam, related-link lists and
/// a duplicated page; re-joins paragraphs cut by page breaks. Everything it drops is reported with a reason.</summary>
public sealed partial class TextCleaner
{
    /// <summary>A paragraph candidate while cleaning: the paragraph and why it was dropped (null = kept).</summary>
    sealed class Line(Paragraph paragraph)
    {
        public readonly Paragraph Paragraph = paragraph;
        public string? Removed;
        public string Text => Paragraph.Text;
        /// <summary>The text in Simplified characters (computed once; re-joining a line resets it).</summary>
        public string Folded => _folded ??= ChineseScript.ToSimplified(Paragraph.Text);
        string? _folded;
        public void Changed() => _folded = null;
        public int Start => Paragraph.Start;
        public int End => Paragraph.End;
    }

    public CleanedText Clean(string original)
    {
        var paragraphs = Split(original);
        var titles = StatedTitles(paragraphs);
        var pieces = paragraphs.SelectMany(p => SplitRunOn(p, titles)).ToList();
        var lines = SplitSignatures(pieces).Select(p => new Line(p)).ToList();
        foreach (var line in lines)
            line.Removed = Classify(line.Folded);
        MarkFooterContacts(lines);
        Rejoin(lines, original);
        MarkRepeatedPage(lines);
        MarkOrphans(lines);
        MarkRelatedLinks(lines);

        // Report removals as blocks: consecutive lines dropped for the same reason read as one piece.
        var removed = new List<RemovedBlock>();
        for (int i = 0; i < lines.Count;)
        {
            if (lines[i].Removed is not { } reason) { i++; continue; }
            int j = i;
            while (j + 1 < lines.Count && lines[j + 1].Removed == reason && lines[j + 1].Start >= lines[j].End) j++;
            // The audit shows the characters as they were in the source, not as normalised.
            removed.Add(new RemovedBlock(reason, original[lines[i].Start..lines[j].End], lines[i].Start, lines[j].End));
            i = j + 1;
        }
        return new CleanedText(lines.Where(l => l.Removed is null).Select(l => l.Paragraph).ToList(), removed, original);
    }

    // ---- splitting and whitespace -------------------------------------------------------------

    static List<Paragraph> Split(string original)
    {
        var lines = new List<Paragraph>();
        int start = 0;
        for (int i = 0; i <= original.Length; i++)
        {
            if (i < original.Length && original[i] is not ('\n' or '\r' or '\f' or '\u2028' or '\u2029' or '\v'))
                continue;
            if (Normalise(original, start, i) is { } line)
                lines.Add(line);
            start = i + 1;
        }
        return lines;
    }

    /// <summary>Trims, collapses whitespace runs to one space, and drops spaces next to Chinese characters (typesetting
    /// artefacts such as "2020 年"), remembering where it dropped them. A run holding a tab separates table cells and
    /// becomes one tab.</summary>
    static Paragraph? Normalise(string s, int start, int end)
    {
        var text = new StringBuilder();
        var map = new List<int>();
        var soft = new List<int>();
        int i = start;
        while (i < end)
        {
            char c = s[i];
            if (c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD') { i++; continue; }
            if (IsSpace(c))
            {
                int j = i;
                bool tab = false;
                while (j < end && (IsSpace(s[j]) || s[j] is '\u200B' or '\uFEFF')) { tab |= s[j] == '\t'; j++; }
                bool edge = text.Length == 0 || j >= end;
                // A tab after a leading list number ("1、<tab>…") is the list's indent, not a table cell.
                if (tab && !edge && Grammar.OutlineMarker.At(Grammar.TextProbe.Of(text.ToString()), 0) is { } marker && marker.Length >= text.Length)
                    tab = false;
                if (!edge && tab)
                {
                    text.Append('\t');
                    map.Add(i);
                }
                else if (!edge && !(IsCjk(text[^1]) || IsCjk(s[j])))
                {
                    text.Append(' ');
                    map.Add(i);
                }
                else if (!edge)
                    soft.Add(text.Length);
                i = j;
                continue;
            }
            text.Append(c);
            map.Add(i);
            i++;
        }
        return text.Length == 0 ? null : new Paragraph(text.ToString(), [.. map], soft);
    }

    static bool IsSpace(char c) => c is ' ' or '\t' or '\u00A0' or '\u3000' or '\u2002' or '\u2003' or '\u2009' or '\u202F';

    internal static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u2010' and <= '\u206F' or >= '\uFE30' and <= '\uFE4F';

    /// <summary>A run-on line cut where <see cref="RunOnSplitter"/> finds page furniture or numbering; each piece keeps its map.</summary>
    [GeneratedRegex(@"^(标题|信息名称|文章标题|名称)\s*[:：|]\s*([^|\t]{6,100})")]
    private static partial Regex TitleLabel();

    /// <summary>Titles a page states on a labelled line near its top ("标题: …"), as probes: a run-on line that repeats one is
    /// cut around it. A stated cover notice (关于印发《X》的通知) also states X, the title of the document it encloses.</summary>
    static List<string> StatedTitles(List<Paragraph> paragraphs)
    {
        var stated = paragraphs.Take(20).Select(p => TitleLabel().Match(Grammar.TextProbe.Of(p.Text))).Where(m => m.Success)
            .Select(m => m.Groups[2].Value.Trim()).Where(t => t.Length >= 6).ToList();
        foreach (var title in stated.ToList())
            // X in 《》, or unmarked when it ends in a genre word ("关于印发某某实施意见的通知").
            if (Grammar.ForwardingTitle.Enclosed(title) is var (name, marked) && name.Length >= 6
                && (marked || name.Length <= 80 && Grammar.Genre.Words.Any(w => name.EndsWith(w, StringComparison.Ordinal))))
                stated.Add(name);
        return stated;
    }

    /// <summary>A signature written on to the last sentence, above a date line ("…请认真贯彻执行。某某管委会" / "2022年10月10日"),
    /// becomes a line of its own.</summary>
    static IEnumerable<Paragraph> SplitSignatures(List<Paragraph> paragraphs)
    {
        for (int i = 0; i < paragraphs.Count; i++)
        {
            var p = paragraphs[i];
            int at = i + 1 < paragraphs.Count && Grammar.WrittenDate.IsWholeLine(Grammar.TextProbe.Of(paragraphs[i + 1].Text).Replace(" ", ""), out _, out _)
                ? RunOnSplitter.TrailingSignature(p.Text) : -1;
            if (at <= 0)
            {
                yield return p;
                continue;
            }
            yield return new Paragraph(p.Text[..at], p.Map[..at], p.SoftBreaks.Where(b => b < at).ToList());
            yield return new Paragraph(p.Text[at..], p.Map[at..], p.SoftBreaks.Where(b => b > at).Select(b => b - at).ToList());
        }
    }

    static IEnumerable<Paragraph> SplitRunOn(Paragraph p, IReadOnlyList<string> titles)
    {
        var cuts = RunOnSplitter.Cuts(p.Text, p.SoftBreaks, titles);
        if (cuts.Count == 0)
        {
            yield return p;
            yield break;
        }
        int from = 0;
        foreach (var to in cuts.Append(p.Text.Length))
        {
            int s = from, e = to;
            while (s < e && p.Text[s] is ' ' or '\t') s++;
            while (e > s && p.Text[e - 1] is ' ' or '\t') e--;
            if (e > s)
                yield return new Paragraph(p.Text[s..e], p.Map[s..e], p.SoftBreaks.Where(b => b > s && b < e).Select(b => b - s).ToList());
            from = to;
        }
    }

    // ---- line classification --------------------------------------------------------------------

    [GeneratedRegex(@"^[×✕✖╳xX]$|保护视力色|字体颜色|恢复默认|打印本页|关闭窗口|【打印】|【关闭】|【打印正文】|【打印本页】|【关闭窗口】|分享到[:：]?|^字号[:：]?\s*[大中小]|扫一扫|返回顶部|^上一篇|^下一篇|^打印$|^关闭$|^【?[大中小]】?\s*【?[大中小]】?\s*【?[大中小]】?$|^(微信|微博|QQ空间|QQ好友|腾讯微博|新浪微博|人人网|豆瓣)$|^附件下载$|^(我要报名|下载Word版本|下载PDF版本|我要纠错|收藏本页|打印正文)$|^【(打印|关闭|返回|收藏|纠错|字体|字号|大|中|小)[^】\d]{0,6}】$")]
    private static partial Regex PageChrome();

    [GeneratedRegex(@"^(首页|当前位置|您现在的位置|你的位置|您的位置)|^[^。，；]{0,40}(\s*[>»›]\s*[^。，；>»›]{1,20}){2,}$")]
    private static partial Regex Breadcrumb();

    // A site's own footer: who runs it, its registration, its copyright.
    [GeneratedRegex(@"^(主办单位|承办单位|协办单位|主办|网站标识码|网站识别码|技术支持)\s*[:：]|^(版权所有|网站地图|Copyright|©)|网站标识码|ICP备|公网安备|版权所有")]
    private static partial Regex Footer();

    // Contact lines: a document's own (联系人 of a notice) unless they stand beside the site's footer.
    [GeneratedRegex(@"^\s*(联系地址|地址|联系电话|电话|传真|电子邮箱|邮箱|邮编)\s*[:：]")]
    private static partial Regex Contact();

    [GeneratedRegex(@"^[（(](征求意见稿|草案|讨论稿|送审稿|征求意见版|代拟稿)[)）]$")]
    private static partial Regex DraftMarker();

    [GeneratedRegex(@"^(推荐阅读|相关阅读|相关链接|相关文章|热点推荐|热门文章|最新文章|猜你喜欢|延伸阅读|相关新闻|最新动态)$")]
    private static partial Regex RelatedHeading();

    // A link in a list of other pages: a headline ending in its date, "…的通知[08-18]", "…[ 06-26 ]", "…（2023-05-04）".
    [GeneratedRegex(@"^.{4,60}?[\[［(（]\s*(\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}\s*[\]］)）]$")]
    private static partial Regex DatedLink();

    /// <summary>Why a line is dropped, or null to keep it. Lines with document information (disclosure tables, issuer,
    /// dates) are kept: the Parts stage reads and labels them.</summary>
    internal static string? Classify(string folded)
    {
        var compact = folded.Replace(" ", "").Replace("\t", "");
        if (PageChrome().IsMatch(compact))
            return "page chrome";
        if (DraftMarker().IsMatch(compact))
            return "draft marker";
        if (Footer().IsMatch(compact))
            return "website footer";
        if (folded.Contains('|') && !MetadataLabels.IsMatch(compact))
        {
            var segments = folded.Split('|').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            if (segments.Count >= 5 && segments.Average(s => s.Length) < 30)
                return "spam";
        }
        if (Breadcrumb().IsMatch(folded) && folded.Length < 100 && !folded.Contains('。'))
            return "breadcrumb";
        if (KeywordStuffed(compact))
            return "spam";
        return null;
    }

    /// <summary>Contact lines next to a site footer (within two lines, across other contact lines) are the site's too.</summary>
    static void MarkFooterContacts(List<Line> lines)
    {
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < lines.Count; i++)
            {
                if (lines[i].Removed is not null || !Contact().IsMatch(lines[i].Folded))
                    continue;
                bool nearFooter = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2))
                    .Any(k => k != i && lines[k].Removed == "website footer");
                if (nearFooter)
                    lines[i].Removed = "website footer";
            }
    }

    /// <summary>Labels of a disclosure table or page information line; such a line is document information, never spam.</summary>
    internal static readonly Regex MetadataLabels = new(@"索引号|发布机构|发文机关|发文日期|发布日期|生成日期|成文日期|发布文号|发文字号|文号|组配分类|主题分类|关键词|信息来源|来源|信息名称|公开方式|发布时间", RegexOptions.Compiled);

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

    static readonly Regex HeadingStart = new(@"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、](?!\d)|[０-９]{1,3}[.．、]|[①-⑳⑴-⒇⒈-⒛]|【[^】]{1,12}】|第[一二三四五六七八九十百\d]+[章节条]|——|名词解释|附件)", RegexOptions.Compiled);

    internal static bool StartsHeading(string text) => HeadingStart.IsMatch(ChineseScript.ToSimplified(text));

    /// <summary>A page break cuts a paragraph mid-sentence: a long line with no closing punctuation, followed across blank lines by a line that starts no heading.</summary>
    static void Rejoin(List<Line> lines, string original)
    {
        int wrap = WrapWidth(lines);
        Line? previous = null;
        int lastLength = 0; // length of the last physical line joined into previous: a short one ends the paragraph
        for (int index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Removed is not null)
            {
                previous = null;
                continue;
            }
            // Without a page width to go by, only a line of prose (it has clause punctuation) can have been cut: a headline
            // or a menu entry without punctuation ends where it ends.
            bool full = previous is not null && (wrap > 0 ? lastLength >= wrap - 2 || lastLength >= 40 : lastLength >= 40 && HasClausePunctuation(previous.Text));
            if (previous is not null && full && !EndsSentence(previous.Text) && !StartsHeading(line.Text) && !IsTableLike(previous) && !IsTableLike(line)
                && !StandsAlone(previous.Text) && !StandsAlone(line.Text) && !SignsAbove(lines, index) && !OneSourceLine(original, previous, line))
            {
                var p = previous.Paragraph;
                var soft = p.SoftBreaks.ToList();
                // Latin words cut at a line end still need their space back.
                // The space stands for the line break it replaces.
                if (char.IsAsciiLetterOrDigit(p.Text[^1]) && char.IsAsciiLetterOrDigit(line.Text[0]))
                {
                    p.Text += " ";
                    p.Map = [.. p.Map, p.End];
                }
                int offset = p.Text.Length;
                soft.AddRange(line.Paragraph.SoftBreaks.Select(b => b + offset));
                p.Text += line.Text;
                p.Map = [.. p.Map, .. line.Paragraph.Map];
                p.SoftBreaks = soft;
                previous.Changed();
                line.Removed = "joined";
                lastLength = line.Text.Length;
                continue;
            }
            previous = line;
            lastLength = line.Text.Length;
        }
        lines.RemoveAll(l => l.Removed == "joined");
    }

    /// <summary>Two pieces the run-on splitter cut from one source line were cut on purpose: no line break lies between them
    /// to re-join.</summary>
    static bool OneSourceLine(string original, Line previous, Line line) =>
        previous.End <= line.Start && original.AsSpan(previous.End, line.Start - previous.End).IndexOfAny('\n', '\r') < 0;

    /// <summary>Lines that are whole on their own however long the lines around them are: a date, an issue number, a
    /// bracketed remark, a 抄送 or 印发 line.</summary>
    static bool StandsAlone(string text)
    {
        var probe = Grammar.TextProbe.Of(text).Replace(" ", "");
        return Grammar.WrittenDate.IsWholeLine(probe, out _, out _) || Grammar.IssueNumber.WholeLine(probe) is not null
            || probe.Length <= 40 && probe[0] == '(' && probe[^1] == ')' || probe.StartsWith("抄送") || probe.EndsWith("印发");
    }

    /// <summary>A body's name on the line above a date line is a signature, not the end of the paragraph before it.</summary>
    static bool SignsAbove(List<Line> lines, int index)
    {
        var next = lines.Skip(index + 1).FirstOrDefault(l => l.Removed is null);
        return next is not null && Grammar.WrittenDate.IsWholeLine(Grammar.TextProbe.Of(next.Text).Replace(" ", ""), out _, out _)
            && Grammar.Organisation.Names(Grammar.Organisation.WithoutSealNote(Grammar.TextProbe.Of(lines[index].Text).Trim()).Names, lines[index].Paragraph.SoftBreaks).Count > 0;
    }

    static bool HasClausePunctuation(string text) => text.AsSpan().IndexOfAny("，、；,;：（“") >= 0;

    /// <summary>Table rows and disclosure lines are laid out in cells, not wrapped prose: they are never joined.</summary>
    static bool IsTableLike(Line line) =>
        line.Text.Contains('\t') || line.Text.Contains('|') || MetadataLabels.Matches(line.Folded).Count >= 2 || MetadataLabels.Match(line.Folded) is { Success: true, Index: 0 };

    /// <summary>Text extracted from a PDF is wrapped at the page width: many lines share one length. Returns that width, or 0 for paragraph-per-line text.</summary>
    static int WrapWidth(List<Line> lines)
    {
        var lengths = lines.Where(l => l.Removed is null && l.Text.Length >= 10).Select(l => l.Text.Length).ToList();
        if (lengths.Count < 8)
            return 0;
        var mode = lengths.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        // A page is wider than a short heading: lines cut at fewer than 20 characters are not a page width.
        return mode >= 20 && lengths.Count(n => Math.Abs(n - mode) <= 2) >= lengths.Count * 0.3 ? mode : 0;
    }

    static bool EndsSentence(string text)
    {
        var last = text.TrimEnd('”', '’', '"', '\'', '」', '』', ')', '）', '】', ' ');
        if (last.Length == 0) return true;
        return last[^1] is '。' or '！' or '？' or '；' or '：' or '.' or '!' or '?' or ';' or ':' or '…' || text[^1] is ')' or '）';
    }

    /// <summary>Only a repeat of a large span is a duplicated page (a page scraped twice shows its body twice); a
    /// requirement worded the same way under two headings is content and stays.</summary>
    internal const int RepeatedPageChars = 400;

    /// <summary>Drops each run of lines that repeats an earlier run exactly, when the run holds at least
    /// <see cref="RepeatedPageChars"/> characters in at least two lines.</summary>
    static void MarkRepeatedPage(List<Line> lines)
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
            if (run >= 2 && chars >= RepeatedPageChars)
            {
                for (int k = i; k < i + run; k++)
                    kept[k].Removed = "repeated page";
                i += run - 1;
            }
        }
    }

    static readonly HashSet<string> ChromeReasons = ["page chrome", "breadcrumb", "website footer", "spam", "repeated page", "related links"];

    /// <summary>A short caption stranded between removed blocks (a category label between a scraped page's copies) is chrome too.</summary>
    static void MarkOrphans(List<Line> lines)
    {
        for (int i = 1; i + 1 < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Removed is null && lines[i - 1].Removed is { } before && lines[i + 1].Removed is { } after
                && ChromeReasons.Contains(before) && ChromeReasons.Contains(after)
                && line.Text.Length <= 20 && !line.Text.Contains('。') && !StartsHeading(line.Text) && !IsDocumentInformation(line.Folded))
                line.Removed = "page chrome";
        }
    }

    static bool IsDocumentInformation(string folded) => MetadataLabels.IsMatch(folded) || folded.Length > 12;

    /// <summary>A list of links to other pages ("推荐阅读" and headlines ending in their dates) is the site's, not the document's.</summary>
    static void MarkRelatedLinks(List<Line> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Removed is not null)
                continue;
            var folded = line.Folded;
            // Most lines end in neither a date in brackets nor a list heading: look no further at them.
            if (folded.Length > 90 || folded[^1] is not (']' or ')' or '］' or '）' or '读' or '接' or '章' or '荐' or '欢' or '闻' or '态'))
                continue;
            var compact = folded.Replace(" ", "");
            bool heading = RelatedHeading().IsMatch(compact);
            bool link = DatedLink().IsMatch(compact) && !compact.Contains('。');
            if (!heading && !link)
                continue;
            // One dated headline alone may be content ("…的通知（2023-05-04）"); two in a row, or one under a list heading, is a link list.
            bool neighbour = NeighbourIsLink(lines, i - 1) || NeighbourIsLink(lines, i + 1);
            if (heading && (i + 1 < lines.Count && NeighbourIsLink(lines, i + 1)) || link && neighbour)
                line.Removed = "related links";
        }
    }

    static bool NeighbourIsLink(List<Line> lines, int i)
    {
        if (i < 0 || i >= lines.Count)
            return false;
        if (lines[i].Removed == "related links")
            return true;
        var compact = lines[i].Folded.Replace(" ", "");
        return lines[i].Removed is null && (DatedLink().IsMatch(compact) && !compact.Contains('。') || RelatedHeading().IsMatch(compact));
    }
}
