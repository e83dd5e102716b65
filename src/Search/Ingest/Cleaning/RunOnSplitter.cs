using System.Text.RegularExpressions;
using Search.Ingest.Grammar;

namespace Search.Ingest.Cleaning;

/// <summary>Finds where a run-on paragraph should break: text as a crawler extracts it puts the breadcrumb, the title, the
/// share buttons and the whole body on one line ("当前位置：首页… 时间：2023-03-31 微信 微博 根据…一、工作开展情况（一）…").
/// It cuts page furniture at the head and tail, the document's head (文号, title, addressee), its closing (signature,
/// date, 抄送, attachment labels) and the body at numbering markers that follow each other in sequence; every piece is
/// looked at again until nothing more is cut.</summary>
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

    [GeneratedRegex(@"附\s*件\s*\d{0,2}\s*[:：]")]
    private static partial Regex AttachmentLabel();

    [GeneratedRegex(@"^[\u4e00-\u9fff]{2,30}文件(?=[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4})")]
    private static partial Regex Letterhead();

    // A body's name closing a paragraph after its last sentence: "…请认真贯彻执行。某某管委会".
    [GeneratedRegex(@"[。；;！!]\s*((?:中共)?[\u4e00-\u9fff（）()]{3,40})$")]
    private static partial Regex TrailingName();

    /// <summary>Where a body's name written on to the end of a paragraph starts ("…请认真贯彻执行。某某管委会"), or -1. Only
    /// a caller that knows a date line follows should cut there: prose also ends in words like 幼儿园.</summary>
    public static int TrailingSignature(string text)
    {
        var probe = TextProbe.Of(text);
        return TrailingName().Match(probe) is { Success: true } m && Organisation.Names(m.Groups[1].Value).Count > 0 ? m.Groups[1].Index : -1;
    }

    /// <summary>Offsets in <paramref name="text"/> where a new paragraph starts (ascending, never 0), given the positions
    /// where cleaning dropped spaces (<paramref name="softBreaks"/>) and titles the page states elsewhere (a crawler's
    /// "标题:" line), which are cut out of a run-on line wherever they stand in it.</summary>
    public static IReadOnlyList<int> Cuts(string text, IReadOnlyList<int> softBreaks, IReadOnlyList<string>? titles = null)
    {
        var all = new SortedSet<int>();
        var pending = new Queue<(int Start, int End)>();
        pending.Enqueue((0, text.Length));
        for (int rounds = 0; pending.Count > 0 && rounds < 400; rounds++)
        {
            var (start, end) = pending.Dequeue();
            while (start < end && text[start] is ' ' or '\t') start++;
            while (end > start && text[end - 1] is ' ' or '\t') end--;
            if (end - start < 20)
                continue;
            var breaks = softBreaks.Where(b => b > start && b < end).Select(b => b - start).ToList();
            var cuts = PieceCuts(text[start..end], breaks, titles ?? []);
            if (cuts.Count == 0)
                continue;
            int from = start;
            foreach (var c in cuts.Append(end - start))
            {
                int at = start + c;
                if (at > from && at < end) all.Add(at);
                if (at > from) pending.Enqueue((from, at));
                from = at;
            }
        }
        all.RemoveWhere(c => c <= 0 || c >= text.Length);
        return [.. all];
    }

    /// <summary>One pass over one piece: where it breaks, as offsets into the piece.</summary>
    static List<int> PieceCuts(string text, List<int> breaks, IReadOnlyList<string> titles)
    {
        var cuts = new SortedSet<int>();
        var probe = TextProbe.Of(text);
        if (text.Length >= 60)
        {
            Head(probe, breaks, cuts);
            Tail(probe, breaks, cuts);
        }
        if (LeadingDateline().Match(probe) is { Success: true } dateline && dateline.Length < text.Length)
            cuts.Add(dateline.Length);
        if (Letterhead().Match(probe) is { Success: true } head)
            cuts.Add(head.Length);
        if (IssueNumber.All(probe.Length > 40 ? probe[..40] : probe).FirstOrDefault() is { Number: not null } number && number.Index == 0 && number.Length < text.Length)
            cuts.Add(number.Length);
        TrailingHead(probe, breaks, cuts);
        var titled = text.Length >= RunOnLength ? StatedTitleCuts(probe, breaks, titles, cuts) : [];
        Addressee(probe, cuts);
        SignedDates(probe, breaks, cuts);
        if (text.Length >= RunOnLength)
        {
            foreach (Match m in CopyTo().Matches(probe))
                if (m.Index > text.Length / 2)
                    cuts.Add(m.Index);
            // An attachment label after the body: the attachment note, or an attachment itself.
            foreach (Match m in AttachmentLabel().Matches(probe))
                if (m.Index > text.Length / 2 && (m.Index == 0 || probe[m.Index - 1] is not ('(' or '见' or '《' or '“')))
                    cuts.Add(m.Index);
            foreach (var at in InlineMarkers(probe, breaks))
                cuts.Add(at);
        }
        // "…按时完成。附件1.某某任务分解表2.某某一览表附件1某某任务分解表…": the attachment list run on after the body's last
        // sentence, and the first attachment after it.
        foreach (Match m in AttachmentAfterSentence().Matches(probe))
        {
            bool listed = AttachmentList().IsMatch(probe.AsSpan(m.Index + m.Length));
            if (m.Index <= text.Length / 2 && !listed)
                continue;
            cuts.Add(m.Index);
            int first = probe.IndexOf("附件1", m.Index + m.Length, StringComparison.Ordinal);
            if (listed && first > 0 && probe[first - 1] is not ('见' or '(' or '《'))
                cuts.Add(first);
        }
        // "附件：X附件X一、…": the note, then the attachment's label and title X printed again, then its text.
        foreach (Match m in NoteThenAttachment().Matches(probe))
        {
            cuts.Add(m.Groups[2].Index);
            cuts.Add(m.Index + m.Length);
        }
        // A stated title stays whole however its lines were spaced ("平潭县人民政府 关于… 及…的 通 告").
        cuts.RemoveWhere(c => c <= 0 || c >= text.Length || titled.Any(t => c > t.Start && c < t.End));
        return [.. cuts];
    }

    [GeneratedRegex(@"附件\s*[:：]\s*([^\s:：。;]{6,60}?)\s*(附件\s*\d{0,2}\s*[:：]?\s*)?\1")]
    private static partial Regex NoteThenAttachment();

    /// <summary>A 版头 run on at the end of a piece of page furniture ("时间：… 微信 某某局文件 榕地税〔2013〕42号"): the letterhead
    /// and the number, set apart by a gap, each start a line.</summary>
    static void TrailingHead(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        var number = IssueNumber.All(probe).LastOrDefault();
        if (number.Number is null || number.Index == 0 || number.Index + number.Length < probe.TrimEnd().Length)
            return;
        // The number's prefix may have taken the letterhead with it ("某某局文件榕地税〔2013〕42号").
        int start = probe.IndexOf("文件", number.Index, number.Length, StringComparison.Ordinal) is var file && file >= 0 ? file + 2 : number.Index;
        int head = start;
        while (head > 0 && probe[head - 1] == ' ') head--;
        bool letterhead = probe.AsSpan(0, head).EndsWith("文件");
        if (!letterhead && head == start && !breaks.Contains(start))
            return;
        cuts.Add(start);
        if (letterhead && NameStart(probe, breaks, head) is var from && head - from >= 4)
            cuts.Add(from);
    }

    /// <summary>Cuts a stated title out everywhere it stands as a title: not where a sentence names it (现将《X》印发给你们,
    /// 特制定X如下), not in an attachment note (附件：X), and not inside a longer stated title. A title the body prints inside 《》
    /// with more before it (《某某局X》 for a stated X) is that longer title; one printed with its issuer before it starts there.
    /// Returns the spans cut, which no other cut may split.</summary>
    static List<(int Start, int End)> StatedTitleCuts(string probe, List<int> breaks, IReadOnlyList<string> titles, SortedSet<int> cuts)
    {
        var spans = new List<(int Start, int End)>();
        var all = new List<string>(titles);
        foreach (var title in titles)
            foreach (Match m in NamedTitle().Matches(probe))
                if (m.Groups[1].Value.EndsWith(title, StringComparison.Ordinal) && m.Groups[1].Length > title.Length && !all.Contains(m.Groups[1].Value))
                    all.Add(m.Groups[1].Value);
        // Every place a longer title stands, cut or not, is no place for a shorter one it holds.
        var seen = new List<(int Start, int End)>();
        foreach (var title in all.OrderByDescending(t => t.Length))
        {
            var places = new List<int>();
            for (int at = probe.IndexOf(title, StringComparison.Ordinal); at >= 0; at = probe.IndexOf(title, at + 1, StringComparison.Ordinal))
                if (!seen.Any(t => at < t.End && at + title.Length > t.Start))
                    places.Add(at);
            foreach (var at in places)
            {
                bool named = at > 0 && probe.LastIndexOf('《', at - 1) > probe.LastIndexOf('》', at - 1);
                bool noted = AttachmentNoteBefore().IsMatch(probe[Math.Max(0, at - 8)..at]);
                // Written on to the word before it: a title printed with its issuer before it ("某某管委会关于 开展…的通告" for a
                // stated "关于开展…的通告") starts at the issuer; written on to any other word it is named in a sentence
                // ("特制定X如下") and is no title there.
                bool glued = at > 0 && IsHan(probe[at - 1]) && probe[at - 1] != '日' && !breaks.Contains(at);
                int start = glued ? NameStart(probe, breaks, at) : at;
                // Not from the end of a number or a date written on to the name ("…146号平潭…管委会关于…").
                while (glued && start < at - 2 && probe[start] is '号' or '年' or '月' or '日' or '文' or '件')
                    start++;
                // The page may state the title with the issuer cut short ("县人民政府关于…" for "平潭县人民政府关于…").
                int subject = title.IndexOf("关于", StringComparison.Ordinal);
                bool issued = glued && (Organisation.IsName(probe[start..at]) || subject > 0 && Organisation.IsName(probe[start..(at + subject)]));
                if (named || noted || glued && !issued)
                    continue;
                if (probe.Length > title.Length + 4)
                {
                    cuts.Add(start);
                    cuts.Add(at + title.Length);
                    spans.Add((start, at + title.Length));
                }
            }
            seen.AddRange(places.Select(at => (at, at + title.Length)));
        }
        return spans;
    }

    [GeneratedRegex(@"(?<=[。;！!]\s*)附\s*件\s*\d{1,2}\s*[.、]?\s*(?=[\u4e00-\u9fff])")]
    private static partial Regex AttachmentAfterSentence();

    // An attachment's title, then the next one's number: "某某任务分解表2.".
    [GeneratedRegex(@"^[^。,;]{4,40}?(表|单|书|案|法|则|录|稿)\s*2\s*[.、]")]
    private static partial Regex AttachmentList();

    [GeneratedRegex(@"《([^《》]{6,100})》")]
    private static partial Regex NamedTitle();

    [GeneratedRegex(@"附件\s*\d{0,2}\s*[:：]\s*$")]
    private static partial Regex AttachmentNoteBefore();

    /// <summary>A body's name written on to a date in the closing half ("…报名表 某某局2020年6月15日（联系人…"), or anywhere
    /// when it signs a cover notice whose enclosed document is run on after it ("…请认真贯彻执行。 某某办公室 2021年9月18日
    /// 某某实施意见 为…", the name perhaps with its seal note, "某某小组（某某党工委代章）"): the name starts after the nearest
    /// gap or punctuation before the date; name, date and what follows become their own lines.</summary>
    static void SignedDates(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        foreach (var (_, index, length) in WrittenDate.All(probe))
        {
            int namesEnd = StrayDigit(probe, SealNoteStart(probe, index));
            int last = AfterAttachedTitle(probe, NameStart(probe, breaks, namesEnd), namesEnd);
            var name = probe[last..namesEnd].Trim();
            if (name.Length < 3 || Organisation.Names(name).Count == 0)
                continue;
            int from = NamesStart(probe, breaks, last);
            // A signature and date with the attachments after them close the notice wherever they stand; earlier, only a
            // cover's signature with the enclosed title after its date.
            bool closes = index >= probe.Length / 2 || probe.AsSpan(index + length).TrimStart().StartsWith("附件");
            // "某某办公室 2018年3月21日印发" is the 版记's 印发 line, not a signature: one line of its own.
            if (probe.IndexOf("印发", index + length, StringComparison.Ordinal) is var printed && printed >= 0
                && probe.AsSpan(index + length, printed - index - length).Trim().IsEmpty)
            {
                if (closes || probe.AsSpan(printed + 2).TrimStart().StartsWith("附件"))
                {
                    cuts.Add(from);
                    cuts.Add(printed + 2);
                }
                continue;
            }
            int? titleEnd = closes ? null : SignsCover(probe, breaks, from, index + length);
            if (!closes && titleEnd is null)
                continue;
            cuts.Add(from);
            cuts.Add(index);
            cuts.Add(index + length);
            if (titleEnd is int end) cuts.Add(end);
        }
    }

    /// <summary>Where a body's name written on to <paramref name="end"/> starts: after the nearest gap or non-Han character.</summary>
    static int NameStart(string probe, List<int> breaks, int end)
    {
        int from = end;
        while (from > 0 && end - from < 40 && IsHan(probe[from - 1]) && (from == end || !breaks.Contains(from)))
            from--;
        return from;
    }

    /// <summary>An attachment's title run on to the signature ("附件：某某岗位一览表某某局 2025年3月5日") is not part of the name:
    /// the name starts after the last word that ends a title (一览表, 名单, a genre word) when a body's name follows it.</summary>
    static int AfterAttachedTitle(string probe, int from, int end)
    {
        var name = probe[from..end];
        int note = probe.LastIndexOf("附件", Math.Max(0, end - 1), StringComparison.Ordinal);
        if (note < 0 || note < from - 40)
            return from;
        for (int i = name.Length - 4; i > 1; i--)
        {
            var before = name[..i];
            if ((before.EndsWith('表') || before.EndsWith("名单") || before.EndsWith("目录") || before.EndsWith("清单")
                || Genre.Words.Any(w => before.EndsWith(w, StringComparison.Ordinal))) && Organisation.IsName(name[i..]))
                return from + i;
        }
        return from;
    }

    /// <summary>Where a joint signature starts: bodies' names before <paramref name="from"/>, each set apart by a gap
    /// ("某某局 某某局 2019年4月28日").</summary>
    static int NamesStart(string probe, List<int> breaks, int from)
    {
        for (int names = 0; names < 4 && breaks.Contains(from); names++)
        {
            int end = from;
            while (end > 0 && probe[end - 1] == ' ') end--;
            int start = NameStart(probe, breaks, end);
            var name = probe[start..end];
            if (start == end || name.Length < 3 || !breaks.Contains(start) && start > 0 && IsHan(probe[start - 1]) || Organisation.Names(name).Count == 0)
                break;
            from = start;
        }
        return from;
    }

    /// <summary>A lone digit glued to the last name before the date ("…党群工作部1 2023年4月13日", a crawler's stray mark) ends the
    /// names before it.</summary>
    static int StrayDigit(string probe, int end)
    {
        int at = end;
        while (at > 0 && probe[at - 1] == ' ') at--;
        return at >= 2 && char.IsAsciiDigit(probe[at - 1]) && IsHan(probe[at - 2]) ? at - 1 : end;
    }

    /// <summary>Where the names before a date end: before the gap and any seal note between them ("某某小组（某某党工委代章）
    /// 2019年…").</summary>
    static int SealNoteStart(string probe, int date) => Organisation.WithoutSealNote(probe[..date]).Names.Length;

    /// <summary>A signature that starts after a sentence and a gap, with a title (a line ending in a genre word) straight after
    /// its date: a cover notice signed and dated, the document it encloses run on after it. Where that title ends, or null.</summary>
    static int? SignsCover(string probe, List<int> breaks, int name, int after)
    {
        if (name == 0 || probe[name - 1] is not ('。' or '！' or '!') || !breaks.Contains(name))
            return null;
        while (after < probe.Length && probe[after] == ' ') after++;
        int next = breaks.Where(b => b > after).DefaultIfEmpty(probe.Length).Min();
        int stop = probe.IndexOfAny(['。', '，', '；'], after);
        if (stop >= 0 && stop < next) return null;
        var title = Genre.TrimDecorations(probe[after..next].Trim());
        return title.Length is >= 6 and <= 80 && Genre.Words.Any(w => title.EndsWith(w, StringComparison.Ordinal)) ? next : null;
    }

    static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    static bool IsSentence(string segment) =>
        segment.IndexOfAny(['。', ',', ';', '！', '？', '!', '?']) >= 0;

    /// <summary>The head of a line that starts with page furniture: short segments between dropped spaces, each its own line,
    /// until the first segment that reads as prose.</summary>
    static void Head(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        if (!Furniture().IsMatch(probe))
            return;
        int pos = 0;
        foreach (var b in breaks.Append(probe.Length))
        {
            if (b <= pos)
                continue;
            var segment = probe[pos..b];
            if (segment.Length > 60 || IsSentence(segment))
                break;
            if (b < probe.Length)
                cuts.Add(b);
            pos = b;
        }
    }

    /// <summary>"各公、民办中学：为积极推进…", "局机关相关处室、各公民办中小学：为贯彻…": addressees and the body joined.</summary>
    static void Addressee(string probe, SortedSet<int> cuts)
    {
        int colon = probe.IndexOf(':');
        if (colon is < 2 or > 60 || probe.Length < Math.Max(RunOnLength, colon * 3))
            return;
        var names = probe[..colon];
        if (!IsSentence(names) && names.IndexOfAny(['《', '“']) < 0 && (names.StartsWith('各') || names.Contains('、')) && !NotAddressees().IsMatch(names))
            cuts.Add(colon + 1);
    }

    // Words of a sentence ("各学校要做好以下工作："), not of a list of addressees.
    [GeneratedRegex("要|应|请|将|做好|开展|以下|如下|根据|按照|为了|现将|通知|工作|情况|具体|主要")]
    private static partial Regex NotAddressees();

    /// <summary>The tail of a line that ends in page furniture ("… 来源：某某局 附件下载"): each piece of furniture its own line.</summary>
    static void Tail(string probe, List<int> breaks, SortedSet<int> cuts)
    {
        int end = probe.Length;
        for (int k = breaks.Count - 1; k >= 0; k--)
        {
            var segment = probe[breaks[k]..end];
            if (segment.Length > 60 || !(Furniture().IsMatch(segment) || segment is "附件下载" or "下载附件"))
                break;
            cuts.Add(breaks[k]);
            end = breaks[k];
        }
    }

    /// <summary>Numbering markers inside a long line that follow each other in sequence: 一、…（一）…1.…2.…（二）…二、. A line
    /// only counts as run-on when it holds at least three such markers and one of them is a chapter-level one. A marker
    /// written straight on to the words before it counts when its series confirms it: the next number follows it, or it
    /// continues the numbers before it.</summary>
    static List<int> InlineMarkers(string probe, List<int> breaks)
    {
        var candidates = new List<(int At, OutlineMarker Marker)>();
        for (int i = 1; i < probe.Length - 2; i++)
            if (OutlineMarker.At(probe, i) is { } marker && marker.Style != MarkerStyle.Dash)
            {
                int next = i + marker.Length;
                // "1、2、3" and "3.5" are numbers, not markers; "4、2015年1月前…" starts an item with a year.
                bool digitFollows = next < probe.Length && char.IsAsciiDigit(probe[next]) && !YearAt(probe, next);
                if (next >= probe.Length || digitFollows && marker.Style is MarkerStyle.Digit or MarkerStyle.ParenDigit || probe[next] is '.' or ',' or '、' or ')' or '。')
                    continue;
                candidates.Add((i, marker));
            }

        var accepted = new List<(int At, OutlineMarker Marker)>();
        var last = new Dictionary<string, int>();
        var soft = breaks.ToHashSet();
        for (int c = 0; c < candidates.Count; c++)
        {
            var (i, marker) = candidates[c];
            if (accepted.Count > 0 && i < accepted[^1].At + accepted[^1].Marker.Length)
                continue;
            char before = PreviousNonSpace(probe, i);
            // "第（1）项", "附件1." and "图2." refer to items; they do not start them ("认定条件（一）" does).
            // A chapter after a table's name ("…任务分解表四、实施步骤") starts; "表2." refers to a table.
            if (before is '第' or '图' or '见' or '款' or '条' || before == '表' && marker.Style != MarkerStyle.Numeral || before is '件' or ':' && AttachmentBefore(probe, i))
                continue;
            bool boundary = before is '。' or ';' or '！' or '!' or '？' or '?' or ':' or ')' or '”' or '"' or '】' || soft.Contains(i) || probe[i - 1] == ' ';
            bool distinctive = marker.Style is MarkerStyle.ParenNumeral or MarkerStyle.ParenDigit or MarkerStyle.Bracketed or MarkerStyle.Chapter or MarkerStyle.Article or MarkerStyle.Section or MarkerStyle.Circled;
            bool seen = last.TryGetValue(marker.Series, out var previous);
            bool continues = seen && marker.Ordinal == previous + 1;
            // One number missing from a series ("1.… 3.…") still continues it, where a sentence ends before it.
            bool skips = seen && marker.Ordinal == previous + 2 && boundary;
            // A heading numbered twice by mistake ("（三）…（三）…（四）") is still two headings, where a sentence ends before it.
            bool repeats = seen && marker.Ordinal == previous && boundary && marker.Style is MarkerStyle.ParenNumeral or MarkerStyle.Numeral;
            bool starts = marker.Ordinal == 1;
            bool confirmed = starts && candidates.Skip(c + 1).Any(n => n.Marker.Series == marker.Series && n.Marker.Ordinal == 2);
            // A chapter written on to the text before it ("…办公室三、工作要求 （一）…") shows its heading: a short title that a
            // gap or its first section ends; "举一反三、查缺补漏" does not.
            bool headed = marker.Style == MarkerStyle.Numeral && HeadingFollows(probe, i + marker.Length, soft, candidates, c);
            bool ok = distinctive && (starts || continues || skips || repeats)
                || boundary && (starts || continues || skips)
                || continues && (marker.Style == MarkerStyle.Digit || headed)
                || confirmed && marker.Style is MarkerStyle.Digit;
            if (!ok)
                continue;
            last[marker.Series] = marker.Ordinal;
            accepted.Add((i, marker));
        }
        bool chapterLevel = accepted.Any(a => a.Marker.Style is MarkerStyle.Numeral or MarkerStyle.ParenNumeral or MarkerStyle.Chapter or MarkerStyle.Article or MarkerStyle.Bracketed);
        // A flat list (1、… 2、… 3、…) with a gap before every item is a list, not numbers in prose.
        var gapped = accepted.Where(a => soft.Contains(a.At) || probe[a.At - 1] == ' ').ToList();
        bool gappedList = gapped.Count >= 3 && gapped.Select(a => a.Marker.Ordinal).SequenceEqual(Enumerable.Range(gapped[0].Marker.Ordinal, gapped.Count))
            && gapped[0].Marker.Ordinal <= 2;
        return accepted.Count >= 3 && (chapterLevel || gappedList) ? accepted.Select(a => a.At).ToList() : [];
    }

    /// <summary>"附件" just before <paramref name="at"/> (blanks and a colon between allowed: "附件：1.…" lists attachments).</summary>
    static bool AttachmentBefore(string probe, int at)
    {
        int k = at - 1;
        while (k >= 0 && probe[k] is ' ' or ':') k--;
        return k >= 1 && probe[k] == '件' && probe[k - 1] == '附';
    }

    static bool HeadingFollows(string probe, int from, HashSet<int> soft, List<(int At, OutlineMarker Marker)> candidates, int c)
    {
        for (int k = from + 2; k < Math.Min(probe.Length, from + 25); k++)
        {
            if (probe[k] is '。' or ',' or ';')
                return false;
            if (soft.Contains(k) || probe[k] == ' ')
                return true;
        }
        return candidates.Skip(c + 1).FirstOrDefault() is { Marker: { Style: MarkerStyle.ParenNumeral, Ordinal: 1 } } next && next.At - from <= 25;
    }

    /// <summary>A year written at <paramref name="at"/>: 19xx年 or 20xx年.</summary>
    static bool YearAt(string probe, int at) =>
        at + 5 <= probe.Length && (probe.AsSpan(at, 2) is "19" or "20") && char.IsAsciiDigit(probe[at + 2]) && char.IsAsciiDigit(probe[at + 3]) && probe[at + 4] == '年';

    static char PreviousNonSpace(string probe, int i)
    {
        for (int k = i - 1; k >= 0; k--)
            if (probe[k] != ' ')
                return probe[k];
        return '\0';
    }
}
