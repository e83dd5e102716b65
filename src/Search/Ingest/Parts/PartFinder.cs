using System.Text.RegularExpressions;
using Search.Ingest.Cleaning;
using Search.Ingest.Grammar;

namespace Search.Ingest.Parts;

/// <summary>Parts stage: reads the cleaned paragraphs as an official document (GB/T 9704-2012) — 版头 (发文机关标志, 发文字号),
/// 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注, 附件, 版记 (抄送, 印发) — and the shapes around it: the hosting page
/// (its headline, disclosure table, navigation) and a cover or forwarding notice wrapping the real document. Every
/// paragraph gets a role; page navigation left over before the document is removed with a reason.</summary>
public sealed partial class PartFinder
{
    sealed class Slot(Paragraph paragraph, ParagraphShape shape)
    {
        public readonly Paragraph Paragraph = paragraph;
        public readonly ParagraphShape Shape = shape;
        public PartKind Kind = PartKind.Text;
        public PartZone Zone = PartZone.Main;
        public int Attachment;
        public bool Body;
        public string? Removed;
    }

    public DocumentLayout Find(CleanedText cleaned)
    {
        var slots = cleaned.Paragraphs.Select(p => new Slot(p, new ParagraphShape(p.Text, p.SoftBreaks))).ToList();
        var removed = cleaned.Removed.ToList();
        if (slots.Count > 0)
            Label(slots);
        foreach (var s in slots.Where(s => s.Removed is not null))
            removed.Add(new RemovedBlock(s.Removed!, cleaned.Original[s.Paragraph.Start..s.Paragraph.End], s.Paragraph.Start, s.Paragraph.End));
        var kept = slots.Where(s => s.Removed is null).Select(s => (s.Paragraph, s.Shape, s.Kind, s.Zone, s.Attachment, s.Body)).ToList();
        return new DocumentLayout(cleaned.Original, kept, MergeAdjacent(removed, cleaned.Original));
    }

    /// <summary>Removed lines next to each other for the same reason (nothing but whitespace between them) read as one block.</summary>
    static List<RemovedBlock> MergeAdjacent(List<RemovedBlock> removed, string original)
    {
        var merged = new List<RemovedBlock>();
        foreach (var r in removed.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Reason == r.Reason && last.Page is null && r.Page is null
                && last.End <= r.Start && string.IsNullOrWhiteSpace(original[last.End..r.Start]))
                merged[^1] = last with { Text = original[last.Start..r.End], End = r.End };
            else
                merged.Add(r);
        }
        return merged;
    }

    // ---- the whole text -------------------------------------------------------------------------

    void Label(List<Slot> s)
    {
        int n = s.Count;
        var titles = TitleBlocks(s);
        int tailStart = PageTail(s, titles);
        var cover = Cover(s, titles, tailStart) ?? ClosedEarly(s, titles, tailStart) ?? PassedOn(s, titles, tailStart);

        (int Start, int End)? mainTitle;
        int docStart;
        if (cover is { } c)
        {
            mainTitle = c.Enclosed.End > c.Enclosed.Start ? c.Enclosed : null;
            docStart = c.Title is { } coverTitle ? HeadStart(s, coverTitle.Start) : Math.Min(c.Start, FirstDocumentParagraph(s, tailStart));
        }
        else
        {
            mainTitle = DocumentTitle(s, titles, tailStart);
            docStart = mainTitle is { } t ? HeadStart(s, t.Start) : FirstDocumentParagraph(s, tailStart);
        }

        for (int i = 0; i < docStart; i++)
            PageParagraph(s[i], mainTitle is { } t2 ? Compact(s, t2) : null);
        for (int i = tailStart; i < n; i++)
            PageParagraph(s[i], mainTitle is { } t3 ? Compact(s, t3) : null);

        if (cover is { } cv)
        {
            Zone(s, docStart, cv.Enclosed.Start, PartZone.Cover, cv.Title);
            Zone(s, cv.Enclosed.Start, tailStart, PartZone.Main, cv.Enclosed.End > cv.Enclosed.Start ? cv.Enclosed : null);
        }
        else
            Zone(s, docStart, tailStart, PartZone.Main, mainTitle);

        Tables(s);
    }

    static string Compact(List<Slot> s, (int Start, int End) block) =>
        string.Concat(s.Skip(block.Start).Take(block.End - block.Start).Select(x => x.Shape.Compact));

    /// <summary>Runs of one to three lines that read as a title together (a long title is often broken over lines).</summary>
    static List<(int Start, int End)> TitleBlocks(List<Slot> s)
    {
        var blocks = new List<(int, int)>();
        for (int i = 0; i < s.Count; i++)
        {
            if (!s[i].Shape.CouldBeTitleLine)
                continue;
            if (s[i].Shape.IsTitle)
            {
                // "关于…工作的" / "实施意见": a subject line whose genre word was broken on to the next line.
                bool broken = !ParagraphShape.EndsInGenre(s[i].Shape.Compact) && i + 1 < s.Count && s[i + 1].Shape.CouldBeTitleLine
                    && s[i + 1].Shape.Compact.Length <= 20 && ParagraphShape.EndsInGenre(s[i].Shape.Compact + s[i + 1].Shape.Compact);
                int end = Qualified(s, broken ? i + 2 : i + 1);
                blocks.Add((i, end));
                i = end - 1;
                continue;
            }
            // A title broken over lines fills each line but the last; menu entries ("高三", "教科室") above a title do not.
            if (s[i].Shape.Compact.Length < 8)
                continue;
            var joined = s[i].Shape.Compact;
            for (int k = i + 1; k < Math.Min(s.Count, i + 3); k++)
            {
                if (!s[k].Shape.CouldBeTitleLine || s[k].Shape.Compact.Length > 40 && k > i + 1 || k > i + 1 && s[k - 1].Shape.Compact.Length < 8)
                    break;
                joined += s[k].Shape.Compact;
                if (joined.Length > 110)
                    break;
                if (ParagraphShape.EndsInGenre(joined))
                {
                    int end = Qualified(s, k + 1);
                    blocks.Add((i, end));
                    i = end - 1;
                    break;
                }
            }
        }
        return blocks;
    }

    /// <summary>A title's qualifier printed on the line under it — （暂行）, （试行）, （2019—2021） — is part of the title:
    /// where the title block ends, with it.</summary>
    static int Qualified(List<Slot> s, int end) =>
        end < s.Count && TitleQualifier().IsMatch(s[end].Shape.Compact) ? end + 1 : end;

    [GeneratedRegex(@"^[(（](暂行|试行|修订|修订稿|修正|\d{4}\s*[—\-–~～至到]+\s*\d{4}\s*年?|\d{4}\s*年版|\d{4}\s*版)[)）]$")]
    private static partial Regex TitleQualifier();

    /// <summary>Letterhead, issue number and signer lines just above a title belong to the document's head.</summary>
    static int HeadStart(List<Slot> s, int title)
    {
        int start = title;
        for (int i = title - 1; i >= Math.Max(0, title - 4); i--)
        {
            var shape = s[i].Shape;
            if (shape.Letterhead is not null || shape.IssueNumberLine is not null || shape.Compact.StartsWith("签发人"))
                start = i;
            else if (!shape.IsDisclosure)
                break;
        }
        return start;
    }

    /// <summary>Without a title, the document starts at its first paragraph that is not page information.</summary>
    static int FirstDocumentParagraph(List<Slot> s, int tailStart)
    {
        for (int i = 0; i < tailStart; i++)
        {
            var shape = s[i].Shape;
            if (shape.IsDisclosure || s[i].Removed is not null)
                continue;
            if (shape.Letterhead is not null || shape.IssueNumberLine is not null || shape.IsAddressee || shape.IsProse || shape.IsDateline
                || OutlineMarker.At(shape.Probe, 0) is not null || shape.Compact.Length > 40)
                return i;
        }
        return 0;
    }

    /// <summary>Is the paragraph after a title block the start of a body (so the block is the document's title)?</summary>
    static bool OpensBody(List<Slot> s, int after, int end)
    {
        for (int i = after; i < Math.Min(end, after + 6); i++)
        {
            var shape = s[i].Shape;
            if (shape.IssueNumberLine is not null || shape.IsDateline || shape.IsDisclosure || shape.Compact.StartsWith("签发人"))
                continue;
            return shape.IsAddressee || shape.IsProse || OutlineMarker.At(shape.Probe, 0) is not null || shape.Compact.Length > 60
                || shape.IsContentsHeading;
        }
        return false;
    }

    /// <summary>The document's title: the first title block that a body follows. A page's own headline is followed by its
    /// information line and the document's title again, not by a body, so it is passed over.</summary>
    static (int Start, int End)? DocumentTitle(List<Slot> s, List<(int Start, int End)> titles, int tailStart)
    {
        foreach (var t in titles)
            if (t.End <= tailStart && OpensBody(s, t.End, tailStart))
                return t;
        return null;
    }

    // ---- cover and forwarding notices -----------------------------------------------------------


    [GeneratedRegex(@"现将.{0,40}?《(.+?)》.{0,30}?(?:印发|转发|下发|发)给|《(.+?)》.{0,60}?现(?:予)?(?:印发|转发|下发|公布)|现(?:公布|印发|转发|下发)《(.+?)》")]
    private static partial Regex ForwardingSentence();

    sealed record CoverShape(int Start, (int Start, int End)? Title, (int Start, int End) Enclosed);

    /// <summary>A cover or forwarding notice ("关于印发《X》的通知", "现将《X》转发给你们") whose enclosed document X follows it,
    /// starting with X's title.</summary>
    static CoverShape? Cover(List<Slot> s, List<(int Start, int End)> titles, int tailStart)
    {
        int limit = Math.Min(tailStart, 30);
        for (int i = 0; i < limit; i++)
        {
            string? enclosed = null;
            (int, int)? title = null;
            var block = titles.FirstOrDefault(t => t.Start == i);
            if (block != default && ForwardingTitle.Enclosed(Compact(s, block)) is var (name, _))
            {
                enclosed = name;
                title = block;
            }
            else if (ForwardingSentence().Match(s[i].Shape.Compact) is { Success: true } f)
                enclosed = f.Groups.Values.Skip(1).FirstOrDefault(g => g.Success)?.Value;
            if (enclosed is null || enclosed.Length < 4)
                continue;
            var target = Bare(enclosed);
            var from = title?.Item2 ?? i + 1;
            foreach (var t in titles.Where(t => t.Start >= from && t.End <= tailStart))
            {
                var candidate = Bare(Compact(s, t));
                if (candidate == target || candidate.EndsWith(target, StringComparison.Ordinal) && candidate.Length - target.Length <= 12)
                {
                    // The notice's signature, undated, straight after its last sentence and above X's title is not part
                    // of the title (after a signature and date, a body's name above 关于… is X's own title line).
                    for (int k = t.Start + 1; k < t.End && candidate != target && t.Start > 0 && s[t.Start - 1].Shape.IsProse; k++)
                        if (Bare(Compact(s, (k, t.End))) == target)
                            return Covering(s, from, i, title, (k, t.End));
                    return Covering(s, from, i, title, t);
                }
            }
        }
        return null;
    }

    /// <summary>A short notice of the page's own (a school passing a bureau's notice on to its teachers: a few lines, no
    /// numbered items, perhaps an attachment note) above the whole document it passes on, which opens with its own title
    /// and 主送机关 and has a numbered body: that document is the one read.</summary>
    static CoverShape? PassedOn(List<Slot> s, List<(int Start, int End)> titles, int tailStart)
    {
        if (DocumentTitle(s, titles, tailStart) is not { } first)
            return null;
        foreach (var t in titles.Where(t => t.Start >= first.End && t.Start - first.End <= 6 && t.End < tailStart))
        {
            var between = Enumerable.Range(first.End, t.Start - first.End).Select(k => s[k].Shape).ToList();
            if (between.Any(b => OutlineMarker.At(b.Probe.TrimStart(), 0) is not null) || !between.Any(b => b.IsProse))
                return null;
            int at = t.End;
            while (at < tailStart && (s[at].Shape.IssueNumberLine is not null || s[at].Shape.IsDateline))
                at++;
            int numbered = Enumerable.Range(at, tailStart - at).Count(k => OutlineMarker.At(s[k].Shape.Probe.TrimStart(), 0) is not null);
            if (at < tailStart && s[at].Shape.IsAddressee && numbered >= 3)
                return new CoverShape(HeadStart(s, first.Start), first, t);
        }
        return null;
    }

    /// <summary>A title as a cover names it and as it is printed compare without decorations, book-title marks and 的 (a
    /// notice's title may drop a 的 that the enclosed title prints: "印发关于…机制实施意见的通知").</summary>
    static string Bare(string title) => Genre.TrimDecorations(title.Trim('《', '》')).Replace("的", "");

    /// <summary>A cover is a notice with its own body; a page headline that merely says 转发 is the page's.</summary>
    static CoverShape? Covering(List<Slot> s, int from, int start, (int, int)? title, (int Start, int End) enclosed)
    {
        bool hasBody = Enumerable.Range(from, enclosed.Start - from).Any(k => s[k].Shape.IsAddressee || s[k].Shape.IsProse)
            || title is null;
        return hasBody ? new CoverShape(start, title, enclosed) : null;
    }

    /// <summary>A notice that signs and dates itself near the top and is followed by a long numbered document is a cover
    /// around it, even when it does not name what it encloses: the enclosed document starts after the date (and the
    /// 版记 under it), with the first title there, if any.</summary>
    static CoverShape? ClosedEarly(List<Slot> s, List<(int Start, int End)> titles, int tailStart)
    {
        int start = FirstDocumentParagraph(s, tailStart);
        for (int i = start + 1; i < Math.Min(tailStart, start + 30); i++)
        {
            if (!s[i].Shape.IsDate(out _, out var printed) || printed || s[i - 1].Shape.SignatureNames.Count == 0)
                continue;
            int after = i + 1;
            while (after < tailStart && (s[after].Shape.IsImprint || s[after].Shape.IsCopyTo || s[after].Shape.IsRemark)) after++;
            int numbered = Enumerable.Range(after, tailStart - after).Count(k => OutlineMarker.At(s[k].Shape.Probe, 0) is not null);
            // Attachments after a signed notice are its attachments, not a document it encloses.
            if (tailStart - after < 10 || numbered < 3 || after < tailStart && s[after].Shape.Compact.StartsWith("附件"))
                return null;
            var enclosed = titles.FirstOrDefault(t => t.Start >= after && t.Start < after + 4);
            // The notice's own title, where it has one: its head (文号 above it) is the cover's, what is above that the page's.
            var own = titles.LastOrDefault(t => t.Start >= start && t.End < i - 1);
            return new CoverShape(start, own != default ? own : null, enclosed != default ? enclosed : (after, after));
        }
        return null;
    }

    // ---- page around the document ---------------------------------------------------------------

    /// <summary>Where the page's own text after the document starts: disclosure lines, a repeated headline and short
    /// furniture at the very end.</summary>
    static int PageTail(List<Slot> s, List<(int Start, int End)> titles)
    {
        int n = s.Count;
        int tail = n;
        var titleTexts = titles.Select(t => Compact(s, t)).ToHashSet();
        for (int i = n - 1; i >= 1; i--)
        {
            var shape = s[i].Shape;
            bool information = shape.IsDisclosure || titleTexts.Contains(shape.Compact) && i > n / 2;
            bool furniture = shape.Compact.Length <= 24 && !shape.IsProse && OutlineMarker.At(shape.Probe, 0) is null
                && shape.SignatureNames.Count == 0 && !shape.IsDate(out _, out _) && shape.AfterAttachmentLabel is null && !shape.IsTableRow
                && !shape.IsCopyTo && !shape.IsImprint && !shape.IsRemark;
            if (information)
                tail = i;
            else if (!furniture)
                break;
        }
        return tail;
    }

    static void PageParagraph(Slot slot, string? title)
    {
        slot.Zone = PartZone.Page;
        var shape = slot.Shape;
        if (shape.IsDisclosure)
            slot.Kind = PartKind.Disclosure;
        else if (shape.CouldBeTitleLine && shape.Compact.Length >= 8 && (title is not null && Similar(shape.Compact, title) || shape.Compact.Length >= 12 && (ParagraphShape.EndsInGenre(shape.Compact) || HasGenreBeforeSuffix(shape.Compact))))
            slot.Kind = PartKind.Headline;
        else if (shape.Compact.Length <= 40 && !shape.IsProse && !Introduces(shape.Compact))
            slot.Removed = "site navigation";
        else
            slot.Kind = PartKind.Page;
    }

    /// <summary>A clause that introduces what follows ("现将有关事项通知如下："): the document's words, not a menu.</summary>
    static bool Introduces(string compact) =>
        compact.Length >= 6 && compact[^1] is '：' or ':' && (compact.Contains('，') || compact.Contains("如下"));

    /// <summary>A page title with the site's name after it: "…的通知--党政办-某某中学".</summary>
    static bool HasGenreBeforeSuffix(string compact)
    {
        for (var t = compact; SiteSuffix().Match(t) is { Success: true } m && m.Index >= 4; t = t[..m.Index])
            if (ParagraphShape.EndsInGenre(t[..m.Index]))
                return true;
        return false;
    }

    [GeneratedRegex(@"(--|——|_|\||-|－)[^-—_|－]{1,30}$")]
    internal static partial Regex SiteSuffix();

    static bool Similar(string a, string b)
    {
        if (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal))
            return true;
        var shorter = a.Length < b.Length ? a : b;
        var longer = a.Length < b.Length ? b : a;
        int common = 0;
        for (int i = 0; i + 1 < shorter.Length; i++)
            if (longer.Contains(shorter.AsSpan(i, 2), StringComparison.Ordinal)) common++;
        return shorter.Length > 3 && common >= (shorter.Length - 1) * 0.6;
    }

    static void Tables(List<Slot> s)
    {
        foreach (var slot in s)
            if (slot.Removed is null && slot.Kind is PartKind.Text or PartKind.Page && slot.Shape.IsTableRow && !slot.Shape.IsDisclosure)
            {
                slot.Kind = PartKind.Table;
                slot.Body = false;
            }
    }
}
