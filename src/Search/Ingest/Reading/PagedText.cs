using System.Text;
using System.Text.RegularExpressions;

namespace Search.Ingest.Reading;

/// <summary>One visual line of a page: its pieces separated by wide gaps (table cells, or a header's left and right parts),
/// where it sits (points from the page's top-left corner) and its character size.</summary>
/// <remarks>A line inside a ruled table has one piece per column (empty for an empty cell) and <see cref="Ruled"/> set;
/// <see cref="RowStart"/> is false when no rule separates it from the line above, i.e. it carries on that row's cells.</remarks>
public sealed record LayoutLine(IReadOnlyList<string> Pieces, IReadOnlyList<double> PieceLefts, double Left, double Right, double Baseline, double Size)
{
    public bool Ruled { get; init; }
    public bool RowStart { get; init; } = true;

    public string Text => string.Concat(Pieces);
}

/// <summary>The lines of one page, top to bottom, from a PDF's text layer or from OCR.</summary>
public sealed record LayoutPage(int Number, double Width, double Height, IReadOnlyList<LayoutLine> Lines, bool Ocr);

/// <summary>Turns laid-out pages into reading text: page headers, footers and page numbers dropped, lines re-joined into
/// paragraphs (within and across pages), lines of several aligned pieces kept as table rows (cells separated by
/// <see cref="SourceText.CellSeparator"/>), one paragraph or row per line.</summary>
public static partial class PagedText
{
    [GeneratedRegex(@"^(第\s*[0-9一二三四五六七八九十百]+\s*页(\s*[,，/]?\s*共\s*[0-9一二三四五六七八九十百]+\s*页)?|[-—–－~·\s]*[0-9]{1,4}[-—–－~·\s]*|[0-9]{1,4}\s*/\s*[0-9]{1,4}|(page|p\.)\s*[0-9]{1,4}(\s*(of|/)\s*[0-9]{1,4})?|[-—–\s]*[ivxlcIVXLC]{1,6}[-—–\s]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    /// <summary>Assembles the pages into one text with page ranges, the dropped lines and the number of tables.</summary>
    public static SourceText Assemble(IReadOnlyList<LayoutPage> pages, string format, IReadOnlyList<string>? notes = null)
    {
        var dropped = new List<DroppedLine>();
        var kept = pages.Select(p => AlignedRowsOnly(DropRunningLines(p, pages, dropped))).ToList();
        var body = kept.SelectMany(p => p).Where(l => l.Pieces.Count == 1 && !l.Ruled).ToList();
        // The body's left edge and right edge: where a full line starts and ends.
        double left = Mode(body.Select(l => l.Left), fallback: 0);
        double right = Percentile(body.Select(l => l.Right), 0.9);

        var text = new StringBuilder();
        var ranges = new List<SourcePage>();
        LayoutLine? previous = null;
        int previousPage = -1;
        bool inTable = false;
        int tables = 0;
        List<string>? row = null;
        void FlushRow()
        {
            if (row is null) return;
            if (row.Any(c => c.Length > 0))
                text.Append(string.Join(SourceText.CellSeparator, row.Select(c => c.Trim().Replace('|', '｜')))).Append('\n');
            row = null;
        }
        for (int p = 0; p < pages.Count; p++)
        {
            int start = text.Length;
            foreach (var line in kept[p])
            {
                if (line.Pieces.Count > 1 || line.Ruled)
                {
                    if (!inTable) { EndLine(text); tables++; inTable = true; }
                    if (row is not null && line.Ruled && !line.RowStart && row.Count == line.Pieces.Count)
                    {
                        // A wrapped cell: the text under a cell's first line belongs to the same cell.
                        for (int c = 0; c < row.Count; c++)
                            if (line.Pieces[c].Length > 0)
                                row[c] = row[c].Length == 0 ? line.Pieces[c] : row[c] + (NeedsSpace(row[c], line.Pieces[c]) ? " " : "") + line.Pieces[c];
                    }
                    else
                    {
                        FlushRow();
                        row = line.Pieces.ToList();
                    }
                    previous = null;
                    continue;
                }
                FlushRow();
                if (inTable) { text.Append('\n'); inTable = false; }
                if (previous is not null && Continues(previous, line, left, right, samePage: previousPage == p))
                {
                    if (NeedsSpace(text, line.Text)) text.Append(' ');
                }
                else
                    EndLine(text);
                text.Append(line.Text.Trim());
                previous = line;
                previousPage = p;
            }
            ranges.Add(new SourcePage(pages[p].Number, start, text.Length, pages[p].Ocr));
        }
        FlushRow();
        EndLine(text);
        return new SourceText(text.ToString(), format) { Pages = ranges, Dropped = dropped, Tables = tables, Notes = notes ?? [] };
    }

    static void EndLine(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
    }

    /// <summary>True when <paramref name="next"/> carries on the paragraph of <paramref name="line"/>: the line ran to the right
    /// edge, the next starts at the left edge without an indent, is the same size, and no wider gap than a line separates them.</summary>
    static bool Continues(LayoutLine line, LayoutLine next, double left, double right, bool samePage)
    {
        double em = Math.Max(line.Size, 1);
        if (line.Right < right - 1.5 * em) return false;
        if (next.Left > left + 0.6 * em) return false;
        if (Math.Abs(next.Size - line.Size) > 0.15 * em) return false;
        if (samePage && next.Baseline - line.Baseline > 2.0 * em) return false;
        // A line that ends a sentence at the edge may still be a paragraph's end; the next one starting with an item number says so.
        return !StartsItem(next.Text);
    }

    [GeneratedRegex(@"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.．、]\D|[①-⑳]|第[一二三四五六七八九十百]+[章节条])")]
    private static partial Regex ItemStart();

    static bool StartsItem(string text) => ItemStart().IsMatch(text);

    static bool NeedsSpace(StringBuilder text, string next) => text.Length > 0 && NeedsSpace(text[^1].ToString(), next);

    static bool NeedsSpace(string before, string next)
    {
        if (before.Length == 0 || next.TrimStart().Length == 0) return false;
        return IsLatinLetter(before[^1]) && IsLatinLetter(next.TrimStart()[0]);
    }

    static bool IsLatinLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>The page's lines without its running header and footer: lines at the top or bottom that repeat (digits aside) on
    /// at least half the pages, and lone page numbers near the edges.</summary>
    static List<LayoutLine> DropRunningLines(LayoutPage page, IReadOnlyList<LayoutPage> pages, List<DroppedLine> dropped)
    {
        var lines = page.Lines.ToList();
        if (lines.Count == 0) return lines;
        var result = new List<LayoutLine>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            bool top = i < 2 && line.Baseline < page.Height * 0.12, bottom = i >= lines.Count - 2 && line.Baseline > page.Height * 0.88;
            string? reason = null;
            if (top || bottom)
            {
                if (line.Pieces.All(p => PageNumber().IsMatch(p.Trim())) || (line.Pieces.Count > 1 && line.Pieces.Any(p => PageNumber().IsMatch(p.Trim())) && !line.Pieces.Any(IsProse)))
                    reason = "page number";
                else if (pages.Count >= 2 && Repeats(line, top, pages))
                    reason = top ? "page header" : "page footer";
            }
            if (reason is null) result.Add(line);
            else dropped.Add(new DroppedLine(page.Number, reason, string.Join(' ', line.Pieces.Select(p => p.Trim()))));
        }
        return result;
    }

    /// <summary>An unruled line of several pieces is a table row only when the line above or below has as many pieces starting at
    /// the same places (columns); otherwise its gaps are just wide spacing, and its pieces are rejoined into one.</summary>
    static List<LayoutLine> AlignedRowsOnly(List<LayoutLine> lines)
    {
        bool Aligned(LayoutLine a, LayoutLine b) =>
            !b.Ruled && a.Pieces.Count == b.Pieces.Count && a.PieceLefts.Zip(b.PieceLefts).All(x => Math.Abs(x.First - x.Second) <= Math.Max(a.Size, b.Size));
        var result = new List<LayoutLine>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Ruled || line.Pieces.Count < 2 || (i > 0 && Aligned(line, lines[i - 1])) || (i + 1 < lines.Count && Aligned(line, lines[i + 1])))
            {
                result.Add(line);
                continue;
            }
            var joined = new StringBuilder(line.Pieces[0]);
            foreach (var piece in line.Pieces.Skip(1))
                joined.Append(IsWide(joined[^1]) && IsWide(piece[0]) ? "" : " ").Append(piece);
            result.Add(line with { Pieces = [joined.ToString()], PieceLefts = [line.Left] });
        }
        return result;
    }

    /// <summary>A piece that reads like a sentence of body text (it ends a clause), unlike a running title or a URL.</summary>
    static bool IsProse(string piece) => piece.TrimEnd().EndsWith('。') || piece.TrimEnd().EndsWith('，') || piece.TrimEnd().EndsWith('；');

    static bool Repeats(LayoutLine line, bool top, IReadOnlyList<LayoutPage> pages)
    {
        var key = Key(line);
        if (key.Length == 0) return false;
        int count = 0;
        foreach (var page in pages)
        {
            var candidates = top ? page.Lines.Take(2) : page.Lines.TakeLast(2);
            if (candidates.Any(c => Key(c) == key)) count++;
        }
        return count * 2 >= pages.Count && count >= 2;
    }

    static string Key(LayoutLine line)
    {
        var key = new StringBuilder();
        foreach (var c in line.Text)
            if (char.IsDigit(c)) { if (key.Length == 0 || key[^1] != '#') key.Append('#'); }
            else if (!char.IsWhiteSpace(c)) key.Append(c);
        return key.ToString();
    }

    static double Mode(IEnumerable<double> values, double fallback)
    {
        var groups = values.GroupBy(v => Math.Round(v)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
        return groups is null ? fallback : groups.Min();
    }

    static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    /// <summary>Builds a line from positioned pieces of text (glyphs or OCR words) on one baseline: pieces further apart than
    /// 1.5 em become separate cells; closer ones are joined, with a space between two Latin words.</summary>
    public static LayoutLine? Line(IReadOnlyList<(string Text, double Left, double Right)> glyphs, double baseline, double size)
    {
        if (glyphs.Count == 0) return null;
        var ordered = glyphs.OrderBy(g => g.Left).ToList();
        var pieces = new List<string>();
        var lefts = new List<double>();
        var current = new StringBuilder();
        double currentLeft = ordered[0].Left, lastRight = ordered[0].Left;
        double em = Math.Max(size, 1);
        foreach (var (glyph, l, r) in ordered)
        {
            if (current.Length > 0)
            {
                double gap = l - lastRight;
                if (gap > 1.5 * em && current.ToString().Trim().Length > 0 && glyph.Trim().Length > 0)
                {
                    pieces.Add(current.ToString());
                    lefts.Add(currentLeft);
                    current.Clear();
                    currentLeft = l;
                }
                else if (gap > 0.2 * em && current[^1] != ' ' && glyph.Length > 0 && glyph[0] != ' ' && !(IsWide(current[^1]) || IsWide(glyph[0])))
                    current.Append(' ');
            }
            if (current.Length == 0 && glyph.Trim().Length == 0) { currentLeft = r; lastRight = Math.Max(lastRight, r); continue; }
            if (current.Length == 0) currentLeft = l;
            if (!(glyph == " " && current.Length > 0 && current[^1] == ' ')) current.Append(glyph);
            lastRight = Math.Max(lastRight, r);
        }
        if (current.ToString().Trim().Length > 0) { pieces.Add(current.ToString()); lefts.Add(currentLeft); }
        if (pieces.Count == 0) return null;
        pieces = pieces.Select(p => p.Trim()).ToList();
        return new LayoutLine(pieces, lefts, lefts[0], lastRight, baseline, size);
    }

    /// <summary>CJK ideographs and full-width punctuation: text in these scripts has no spaces between words.</summary>
    internal static bool IsWide(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F' or '“' or '”' or '‘' or '’' or '—' or '…' or '·' || char.IsSurrogate(c);
}
