using System.Text.RegularExpressions;
using Search.Ingest.Cleaning;
using Search.Ingest.Grammar;

namespace Search.Ingest.Parts;

/// <summary>The Parts stage on one document (a cover notice, the main document): its head, body, closing, attachments and 版记.</summary>
public sealed partial class PartFinder
{
    /// <summary>Labels the paragraphs [start, end) of one document: head, body, closing, attachments and 版记.</summary>
    static void Zone(List<Slot> s, int start, int end, PartZone zone, (int Start, int End)? title)
    {
        for (int i = start; i < end; i++)
            s[i].Zone = zone;
        int i0 = start;
        // Head: letterhead, number, title, dateline, addressee.
        while (i0 < end)
        {
            var shape = s[i0].Shape;
            if (title is { } t && i0 >= t.Start && i0 < t.End) s[i0].Kind = PartKind.Title;
            else if (shape.Letterhead is not null) s[i0].Kind = PartKind.Letterhead;
            else if (shape.IssueNumberLine is not null || shape.Compact.StartsWith("签发人")) s[i0].Kind = PartKind.IssueNumber;
            else if (shape.IsDateline && (title is null || i0 >= title.Value.End)) s[i0].Kind = PartKind.Dateline;
            else if (shape.IsDisclosure && i0 < start + 8) s[i0].Kind = PartKind.Disclosure;
            else if (title is { } t2 && i0 < t2.Start && shape.CouldBeTitleLine) s[i0].Kind = PartKind.Headline;
            else break;
            i0++;
        }
        if (i0 < end && s[i0].Shape.IsAddressee)
            s[i0++].Kind = PartKind.Addressee;
        int bodyStart = i0;

        // 版记 at the end: 抄送, 印发 and the body that prints it.
        int imprint = end;
        while (imprint - 1 >= bodyStart)
        {
            var shape = s[imprint - 1].Shape;
            bool printedDate = shape.IsDate(out _, out var printed) && printed;
            if (shape.IsCopyTo) s[imprint - 1].Kind = PartKind.CopyTo;
            else if (shape.IsImprint || printedDate) s[imprint - 1].Kind = PartKind.Imprint;
            else if (shape.SignatureNames.Count > 0 && imprint < end && s[imprint].Kind == PartKind.Imprint && s[imprint].Shape.IsDate(out _, out _)) s[imprint - 1].Kind = PartKind.Imprint;
            // "印发" on a line of its own under the printing office and date.
            else if (shape.IsDate(out _, out _) && imprint < end && s[imprint].Kind == PartKind.Imprint && s[imprint].Shape.Compact == "印发") s[imprint - 1].Kind = PartKind.Imprint;
            else break;
            imprint--;
        }

        // A web page may print the 版记 before the attachments ("…2018年3月21日印发" then "附件1 …"): the attachments after
        // it are still the document's.
        int tailAttachments = end;
        if (imprint == end && ImprintBeforeAttachments(s, bodyStart, end) is int printedAt)
        {
            tailAttachments = printedAt + 1;
            imprint = printedAt + 1;
            while (imprint - 1 >= bodyStart && (s[imprint - 1].Shape.IsImprint || s[imprint - 1].Shape.IsCopyTo))
            {
                imprint--;
                s[imprint].Kind = s[imprint].Shape.IsCopyTo ? PartKind.CopyTo : PartKind.Imprint;
            }
        }

        int listed = AttachmentListedInNote(s, bodyStart, imprint, out int noteAt);
        int dateAt = listed >= 0 ? -1 : SignatureDate(s, bodyStart, imprint);
        int bodyEnd, attachmentsFrom;
        if (listed >= 0)
        {
            // The note lists the attachments and the first one follows: what lies between is the closing.
            bool inList = true;
            for (int k = noteAt; k < listed; k++)
            {
                var shape = s[k].Shape;
                if (inList && (k == noteAt || IsListItem(shape)))
                    s[k].Kind = PartKind.AttachmentNote;
                else
                {
                    inList = false;
                    s[k].Kind = shape.IsDate(out _, out _) ? PartKind.Date : shape.SignatureNames.Count > 0 ? PartKind.Signature : PartKind.Note;
                }
            }
            bodyEnd = noteAt;
            attachmentsFrom = listed;
        }
        else if (dateAt >= 0)
        {
            s[dateAt].Kind = PartKind.Date;
            int signature = dateAt;
            while (signature - 1 > bodyStart && dateAt - signature < 12 && s[signature - 1].Shape.SignatureNames.Count > 0)
                s[--signature].Kind = PartKind.Signature;
            int note = AttachmentNoteStart(s, bodyStart, signature);
            for (int k = note; k < signature; k++)
                s[k].Kind = PartKind.AttachmentNote;
            bodyEnd = note;
            attachmentsFrom = dateAt + 1;
            while (attachmentsFrom < imprint && !StartsAttachment(s[attachmentsFrom].Shape))
            {
                var shape = s[attachmentsFrom].Shape;
                if (shape.IsGlossaryHeading)
                {
                    // A glossary printed after the date is still the document's: the Outline stage reads it.
                    for (; attachmentsFrom < imprint && !StartsAttachment(s[attachmentsFrom].Shape); attachmentsFrom++)
                    {
                        s[attachmentsFrom].Kind = PartKind.Text;
                        s[attachmentsFrom].Body = zone == PartZone.Main;
                    }
                    break;
                }
                s[attachmentsFrom].Kind = shape.IssueNumberLine is not null ? PartKind.IssueNumber : shape.IsDisclosure ? PartKind.Disclosure
                    : shape.IsCopyTo ? PartKind.CopyTo : PartKind.Note;
                attachmentsFrom++;
            }
        }
        else
        {
            attachmentsFrom = AttachmentsWithoutDate(s, bodyStart, imprint);
            int closing = attachmentsFrom;
            // A note or a signature at the end of the body, with no date under it.
            int note = AttachmentNoteStart(s, bodyStart, closing);
            if (note < closing)
            {
                for (int k = note; k < closing; k++)
                    s[k].Kind = PartKind.AttachmentNote;
                closing = note;
            }
            int signature = closing;
            while (signature - 1 > bodyStart && closing - signature < 2 && s[signature - 1].Shape.SignatureNames.Count > 0 && !s[signature - 1].Shape.IsTitle)
                s[--signature].Kind = PartKind.Signature;
            bodyEnd = signature;
            // Remarks in brackets right after the body ("（此件公开发布）").
            while (bodyEnd - 1 > bodyStart && s[bodyEnd - 1].Shape.IsRemark && s[bodyEnd - 1].Shape.Compact.Length <= 30)
                s[--bodyEnd].Kind = PartKind.Note;
        }

        Attachments(s, attachmentsFrom, imprint);
        if (tailAttachments < end)
            Attachments(s, tailAttachments, end);
        Body(s, bodyStart, bodyEnd, zone);
    }

    /// <summary>The 印发 line ("某某办公室 2018年3月21日印发") in the closing half, straight above an attachment label.</summary>
    static int? ImprintBeforeAttachments(List<Slot> s, int bodyStart, int end)
    {
        for (int i = end - 2; i > bodyStart + (end - bodyStart) / 2; i--)
            if (s[i].Shape.IsImprint && s[i].Shape.Compact.EndsWith("印发") && (StartsAttachment(s[i + 1].Shape) || NumberedAttachment().IsMatch(s[i + 1].Shape.Compact)))
                return i;
        return null;
    }

    /// <summary>An attachment's label and title run on to its text ("附件1校园及周边食品安全检查表…", however long).</summary>
    [GeneratedRegex(@"^附件\d{1,2}[^\d.、]")]
    private static partial Regex NumberedAttachment();

    /// <summary>成文日期: a date alone on its line, under the signature or in the closing half of the document.</summary>
    static int SignatureDate(List<Slot> s, int bodyStart, int end)
    {
        int span = end - bodyStart;
        for (int i = bodyStart + 1; i < end; i++)
        {
            if (!s[i].Shape.IsDate(out _, out var printed) || printed)
                continue;
            bool signed = s[i - 1].Shape.SignatureNames.Count > 0 || i >= 2 && s[i - 2].Shape.SignatureNames.Count > 0 && s[i - 1].Shape.SignatureNames.Count > 0;
            if (signed || i - bodyStart >= span / 2)
                return i;
        }
        return -1;
    }

    static bool StartsAttachment(ParagraphShape shape) =>
        shape.IsBareAttachmentLabel || shape.AfterAttachmentLabel is { Length: > 0 } rest && !rest.StartsWith('1') && !rest.StartsWith('一') || shape.AfterAttachmentLabel is not null && shape.Compact.StartsWith("附件1") && !shape.Compact.Contains('.');

    /// <summary>附件说明: a "附件：…" line and its list, ending just before <paramref name="closing"/>; returns the line it
    /// starts at, or <paramref name="closing"/> when there is none.</summary>
    static int AttachmentNoteStart(List<Slot> s, int bodyStart, int closing)
    {
        for (int i = closing - 1; i >= Math.Max(bodyStart + 1, closing - 15); i--)
        {
            var shape = s[i].Shape;
            bool file = AttachedFile().IsMatch(shape.Compact);
            if (!file && (shape.IsBareAttachmentLabel && i + 1 < closing || shape.AfterAttachmentLabel is not null && !shape.IsBareAttachmentLabel))
                return i;
            bool listItem = file || shape.Compact.Length <= 90 && !shape.Compact.TrimEnd('。', ';').Contains('。') && (!shape.IsProse || OutlineMarker.At(shape.Probe, 0) is not null);
            if (!listItem)
                break;
        }
        return closing;
    }

    /// <summary>A link to an attached file under the note: "附件1.docx".</summary>
    [GeneratedRegex(@"^附件\d*[.\-_]?\w*\.(docx?|xlsx?|wps|et|pdf|zip|rar|jpg|png)$", RegexOptions.IgnoreCase)]
    private static partial Regex AttachedFile();

    static bool IsListItem(ParagraphShape shape) =>
        shape.Compact.Length <= 90 && !shape.Compact.TrimEnd('。', ';').Contains('。') && (OutlineMarker.At(shape.Probe, 0) is not null || AttachedFile().IsMatch(shape.Compact));

    /// <summary>An attachment note ("附件：1、关于…的通知 2、…") whose first listed title appears again further on, where that
    /// attachment starts (at its 附件 label when one stands above it). Returns that line, or -1.</summary>
    static int AttachmentListedInNote(List<Slot> s, int bodyStart, int end, out int noteAt)
    {
        noteAt = -1;
        for (int i = bodyStart + 1; i < end; i++)
        {
            var shape = s[i].Shape;
            if (shape.AfterAttachmentLabel is null && !shape.IsBareAttachmentLabel)
                continue;
            var titles = new HashSet<string>(StringComparer.Ordinal);
            void Listed(string item)
            {
                var probe = TextProbe.Of(item).Replace(" ", "");
                if (OutlineMarker.At(probe, 0) is { } m)
                    probe = probe[m.Length..];
                probe = Genre.TrimDecorations(probe.Trim('《', '》'));
                if (probe.Length >= 6)
                    titles.Add(probe);
            }
            if (shape.AfterAttachmentLabel is { Length: > 0 } first)
                Listed(first);
            int k = i + 1;
            for (; k < end && k < i + 15 && IsListItem(s[k].Shape); k++)
                Listed(s[k].Shape.Compact);
            if (titles.Count == 0)
                continue;
            for (int j = k; j < end; j++)
            {
                var here = Genre.TrimDecorations(s[j].Shape.TitleCompact.Trim('《', '》'));
                var joined = j + 1 < end ? Genre.TrimDecorations(here + s[j + 1].Shape.TitleCompact) : here;
                var labelled = s[j].Shape.AfterAttachmentLabel is { Length: > 0 } rest ? Genre.TrimDecorations(rest) : null;
                if (titles.Contains(here) || titles.Contains(joined) || labelled is not null && titles.Contains(labelled))
                {
                    noteAt = i;
                    return j > k && s[j - 1].Shape.IsBareAttachmentLabel ? j - 1 : j;
                }
            }
        }
        return -1;
    }

    /// <summary>Without a signature date, attachments start at an 附件 label followed by content: a title and more than a
    /// list. A label inside the body (more chapters follow it) does not count.</summary>
    static int AttachmentsWithoutDate(List<Slot> s, int bodyStart, int end)
    {
        for (int i = bodyStart + 1; i < end; i++)
        {
            var shape = s[i].Shape;
            if (!shape.IsBareAttachmentLabel && shape.AfterAttachmentLabel is null)
                continue;
            int contentLines = 0;
            bool chapterAfter = false, ownNumbering = false;
            for (int k = i + 1; k < end; k++)
            {
                var after = s[k].Shape;
                if (after.IsProse || after.Compact.Length > 30) contentLines++;
                ownNumbering |= NumberedAttachment().IsMatch(after.Compact);
                // Chapters that go on from the body's last one mean the label was not an attachment's, unless the
                // attachment numbers its own chapters from 一.
                if (OutlineMarker.At(after.Probe, 0) is { Style: MarkerStyle.Numeral or MarkerStyle.Chapter } m)
                {
                    ownNumbering |= m.Ordinal == 1;
                    if (m.Ordinal > 1 && !ownNumbering && ContinuesBody(s, bodyStart, i, m))
                        chapterAfter = true;
                }
            }
            bool titled = shape.AfterAttachmentLabel is { Length: > 6 } t && !char.IsAsciiDigit(t[0]) || i + 1 < end && s[i + 1].Shape.CouldBeTitleLine;
            if (!chapterAfter && titled && end - i > 3 && (contentLines > 0 || end - i > 6))
                return i;
        }
        return end;
    }

    static bool ContinuesBody(List<Slot> s, int bodyStart, int at, OutlineMarker m)
    {
        for (int k = at - 1; k >= bodyStart; k--)
            if (OutlineMarker.At(s[k].Shape.Probe, 0) is { } before && before.Series == m.Series)
                return before.Ordinal == m.Ordinal - 1;
        return false;
    }

    /// <summary>Attachments from <paramref name="from"/>: each starts at a label (附件1) or a "附：title" line; its title is the
    /// line after a bare label (or two, when the title is broken).</summary>
    static void Attachments(List<Slot> s, int from, int end)
    {
        int number = 0;
        bool expectTitle = false;
        for (int i = from; i < end; i++)
        {
            var shape = s[i].Shape;
            s[i].Zone = PartZone.Attachment;
            if (StartsAttachment(shape) || number == 0)
            {
                number++;
                s[i].Attachment = number;
                s[i].Kind = PartKind.AttachmentLabel;
                expectTitle = shape.IsBareAttachmentLabel;
                continue;
            }
            s[i].Attachment = number;
            if (expectTitle && shape.CouldBeTitleLine)
            {
                s[i].Kind = PartKind.Title;
                expectTitle = i + 1 < end && !ParagraphShape.EndsInGenre(shape.Compact) && s[i + 1].Shape.CouldBeTitleLine && shape.Compact.Length < 30 && s[i + 1].Shape.Compact.Length < 40;
                continue;
            }
            expectTitle = false;
            s[i].Kind = shape.IsTableRow ? PartKind.Table : PartKind.Text;
        }
    }

    /// <summary>The body: a table of contents, tables, and the text the Outline stage cuts into measures (main document
    /// only; a cover notice's body is text).</summary>
    static void Body(List<Slot> s, int start, int end, PartZone zone)
    {
        int i = start;
        // A table of contents near the start: 目录 and its entries (or entries alone, several in a row).
        int contentsEnd = ContentsEnd(s, start, end);
        for (; i < contentsEnd; i++)
            s[i].Kind = PartKind.Contents;
        for (; i < end; i++)
        {
            if (s[i].Shape.IsTableRow)
                s[i].Kind = PartKind.Table;
            else
            {
                s[i].Kind = PartKind.Text;
                s[i].Body = zone == PartZone.Main;
            }
        }
    }

    static int ContentsEnd(List<Slot> s, int start, int end)
    {
        int limit = Math.Min(end, start + 12);
        for (int i = start; i < limit; i++)
        {
            if (!s[i].Shape.IsContentsHeading)
                continue;
            int k = i + 1;
            while (k < end && (s[k].Shape.IsContentsEntry || s[k].Shape.Compact.Length <= 30 && !s[k].Shape.IsProse && k + 1 < end && s[k + 1].Shape.IsContentsEntry))
                k++;
            return k > i + 1 ? k : start;
        }
        // Entries without a heading: at least three in a row at the start.
        int j = start;
        while (j < end && s[j].Shape.IsContentsEntry && OutlineMarker.At(s[j].Shape.Probe, 0) is not null) j++;
        return j - start >= 3 ? j : start;
    }

}
