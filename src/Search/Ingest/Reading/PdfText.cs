using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Search.Ingest.Reading;

/// <summary>Text of a PDF: each page's text layer laid out into lines (<see cref="PagedText"/> then drops running headers and
/// footers, re-joins paragraphs and keeps tables); a page without a text layer but with an image is a scan, read by OCR.</summary>
public static class PdfText
{
    public static SourceText Extract(byte[] bytes, ReadLimits limits, CancellationToken cancel = default)
    {
        using var document = PdfDocument.Open(bytes);
        var pages = new List<LayoutPage>();
        var notes = new List<string>();
        var scans = new List<int>();
        int count = document.NumberOfPages;
        if (count > limits.MaxPages)
            notes.Add($"{count} pages; the first {limits.MaxPages} were read");
        for (int number = 1; number <= Math.Min(count, limits.MaxPages); number++)
        {
            cancel.ThrowIfCancellationRequested();
            var page = document.GetPage(number);
            var lines = Lines(page);
            if (lines.Count == 0 && HasImage(page))
                scans.Add(number);
            pages.Add(new LayoutPage(number, page.Width, page.Height, lines, Ocr: false));
        }
        if (scans.Count > 0)
        {
            if (!limits.Ocr)
                notes.Add($"{scans.Count} page(s) without a text layer were not read (OCR is off)");
            else
            {
                var ocrd = scans.Take(limits.MaxOcrPages).ToList();
                if (scans.Count > ocrd.Count)
                    notes.Add($"{scans.Count} pages without a text layer; the first {ocrd.Count} were OCR'd");
                foreach (var page in Ocr.PdfPages(bytes, ocrd, limits, cancel))
                    pages[page.Number - 1] = page;
            }
        }
        var text = PagedText.Assemble(pages, "pdf", notes);
        text = text with { Text = SharedGlyphs(text.Text) };
        if (string.IsNullOrWhiteSpace(text.Text) && scans.Count > 0 && !limits.Ocr)
            throw new UnreadableDocumentError("the PDF has no text layer (a scan) and OCR is off (SEARCH_OCR=0)");
        return text;
    }

    /// <summary>A Simplified Chinese font draws some Traditional/Simplified pairs with one glyph (户 and 戶); a PDF whose text layer
    /// does not name the character gets it back from the font's character map, which may give the Traditional one. In a text layer
    /// that is otherwise Simplified (at most 3 distinct Traditional-only characters, under 0.5 % of its ideographs), those are
    /// such artefacts and are written in their Simplified form.</summary>
    internal static string SharedGlyphs(string text)
    {
        int han = 0, traditional = 0;
        var distinct = new HashSet<char>();
        foreach (var c in text)
        {
            if (c is < '\u4E00' or > '\u9FFF') continue;
            han++;
            if (ChineseScript.ToSimplified(c) != c) { traditional++; distinct.Add(c); }
        }
        if (traditional == 0 || distinct.Count > 3 || traditional * 200 > han)
            return text;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
                span[i] = distinct.Contains(source[i]) ? ChineseScript.ToSimplified(source[i]) : source[i];
        });
    }

    static bool HasImage(Page page)
    {
        try { return page.GetImages().Any(); }
        catch (Exception e) when (e is not OutOfMemoryException) { return false; }
    }

    /// <summary>The page's horizontal glyphs grouped into lines by baseline, top to bottom, radicals mapped to ideographs.</summary>
    internal static List<LayoutLine> Lines(Page page)
    {
        var letters = page.Letters.Where(l => l.TextOrientation == TextOrientation.Horizontal && !string.IsNullOrEmpty(l.Value)).ToList();
        var result = new List<LayoutLine>();
        if (letters.Count == 0)
            return result;
        double height = page.Height;
        var (verticals, horizontals) = Rules(page);
        double previousBaseline = double.NegativeInfinity;
        // Top-down coordinates; one line gathers glyphs whose baselines lie within 0.4 em of the line's first glyph.
        var ordered = letters.Select(l => (Letter: l, Y: height - l.StartBaseLine.Y, Size: SizeOf(l))).OrderBy(g => g.Y).ThenBy(g => g.Letter.StartBaseLine.X).ToList();
        var group = new List<(Letter Letter, double Y, double Size)>();
        double lineY = ordered[0].Y;
        foreach (var glyph in ordered)
        {
            double em = group.Count > 0 ? group.Max(g => g.Size) : glyph.Size;
            if (group.Count > 0 && glyph.Y - lineY > 0.4 * em)
            {
                Flush();
                lineY = glyph.Y;
            }
            group.Add(glyph);
        }
        Flush();
        return result;

        void Flush()
        {
            if (group.Count == 0) return;
            double size = Median(group.Select(g => g.Size));
            double baseline = Median(group.Select(g => g.Y));
            var pieces = group.Select(g => (Text: RadicalIdeographs.Map(g.Letter.Value), Left: g.Letter.StartBaseLine.X, Right: Math.Max(g.Letter.EndBaseLine.X, g.Letter.StartBaseLine.X + g.Letter.Width))).ToList();
            group.Clear();
            // Vertical rules that cross this line's glyphs: the borders of a ruled table's columns.
            double glyphTop = baseline - 0.8 * size;
            var columns = verticals.Where(v => v.Top <= glyphTop + 0.1 * size && v.Bottom >= baseline - 0.1 * size).Select(v => v.X).Order().ToList();
            columns = columns.Where((x, i) => i == 0 || x - columns[i - 1] > 2).ToList();
            LayoutLine? line;
            if (columns.Count >= 3 && pieces.Min(p => p.Left) >= columns[0] - 1 && pieces.Max(p => p.Right) <= columns[^1] + 1)
            {
                var cells = new List<(string, double, double)>[columns.Count - 1];
                for (int c = 0; c < cells.Length; c++) cells[c] = [];
                foreach (var piece in pieces)
                {
                    double middle = (piece.Left + piece.Right) / 2;
                    int c = Math.Clamp(columns.FindLastIndex(x => x <= middle), 0, cells.Length - 1);
                    cells[c].Add(piece);
                }
                var texts = cells.Select(c => c.Count == 0 ? "" : PagedText.Line(c, baseline, size)?.Text ?? "").ToList();
                // A horizontal rule between the line above and this one starts a new row.
                bool rowStart = horizontals.Any(h => h.Y > previousBaseline && h.Y < glyphTop + 0.1 * size && h.Left < columns[1] && h.Right > columns[0]);
                line = new LayoutLine(texts, columns.Take(cells.Length).ToList(), columns[0], columns[^1], baseline, size) { Ruled = true, RowStart = rowStart };
            }
            else
                line = PagedText.Line(pieces, baseline, size);
            if (line is not null)
                result.Add(line);
            previousBaseline = baseline;
        }
    }

    /// <summary>Thin filled or stroked shapes: vertical ones (x, top, bottom) and horizontal ones (y, left, right), top-down.</summary>
    static (List<(double X, double Top, double Bottom)> Verticals, List<(double Y, double Left, double Right)> Horizontals) Rules(Page page)
    {
        var verticals = new List<(double, double, double)>();
        var horizontals = new List<(double, double, double)>();
        IEnumerable<UglyToad.PdfPig.Graphics.PdfPath> paths;
        try { paths = page.ExperimentalAccess.Paths; }
        catch (Exception e) when (e is not OutOfMemoryException) { return (verticals, horizontals); }
        foreach (var path in paths.Take(20_000))
        {
            foreach (var subpath in path)
            {
                if (subpath.GetBoundingRectangle() is not { } box) continue;
                double top = page.Height - box.Top, bottom = page.Height - box.Bottom;
                if (box.Width <= 2.5 && box.Height > 4)
                    verticals.Add(((box.Left + box.Right) / 2, top, bottom));
                else if (box.Height <= 2.5 && box.Width > 4)
                    horizontals.Add(((top + bottom) / 2, box.Left, box.Right));
            }
        }
        return (verticals, horizontals);
    }

    static double SizeOf(Letter letter)
    {
        double size = letter.PointSize > 0 ? letter.PointSize : letter.BoundingBox.Height;
        return size > 0 ? size : 10;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
