using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Search.Ingest.Reading;

/// <summary>Optical character recognition of scans: Debian's tesseract-ocr with the Simplified Chinese model (chi_sim), and the
/// Traditional one (chi_tra) for pages chi_sim reads with low confidence; PDF pages rasterised by poppler's pdftoppm; each
/// page comes back as laid-out lines for <see cref="PagedText"/>.</summary>
public static class Ocr
{
    /// <summary>Resolution pages are rasterised at: enough for 10.5-point Chinese type.</summary>
    const int Dpi = 300;
    const string Language = "chi_sim";
    const string Traditional = "chi_tra";

    /// <summary>Below this mean word confidence a page may be in Traditional characters (chi_sim reads the Traditional seed's
    /// pages at 80–88, the Simplified seeds' at 91–92; chi_tra reads them at 88–92 and about 86), so chi_tra reads it too and
    /// the more confident reading is kept. A poor scan of a Simplified page is read twice and keeps chi_sim's reading.</summary>
    const double TraditionalRetry = 90;

    /// <summary>The given pages of a PDF (1-based numbers), each rasterised and OCR'd.</summary>
    public static IEnumerable<LayoutPage> PdfPages(byte[] pdf, IReadOnlyList<int> numbers, ReadLimits limits, CancellationToken cancel)
    {
        if (numbers.Count == 0) yield break;
        using var tool = new ExternalTool(limits);
        var input = Path.Combine(tool.Folder, "in.pdf");
        File.WriteAllBytes(input, pdf);
        foreach (var number in numbers)
        {
            cancel.ThrowIfCancellationRequested();
            var n = number.ToString(CultureInfo.InvariantCulture);
            var image = Path.Combine(tool.Folder, "page");
            tool.Run("pdftoppm", ["-r", Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-f", n, "-l", n, "-singlefile", input, image],
                $"rasterising page {n} for OCR", "poppler-utils", cancel);
            var pages = Recognise(tool, image + ".png", cancel);
            File.Delete(image + ".png");
            // Points, like the text layer's pages: pixels × 72 / dpi.
            foreach (var page in pages)
                yield return Scale(page with { Number = number }, 72.0 / Dpi);
        }
    }

    /// <summary>An image file (.png .jpg .tif, several pages for a multi-page TIFF), OCR'd page by page.</summary>
    public static SourceText Image(byte[] bytes, string extension, ReadLimits limits, CancellationToken cancel)
    {
        if (!limits.Ocr)
            throw new UnreadableDocumentError("an image is read by OCR, which is off (SEARCH_OCR=0)");
        if (Dimensions(bytes) is { } size && (long)size.Width * size.Height > limits.MaxImagePixels)
            throw new UnreadableDocumentError($"image too large for OCR ({size.Width} × {size.Height} pixels; limit {limits.MaxImagePixels / 1_000_000} megapixels)");
        using var tool = new ExternalTool(limits);
        var input = Path.Combine(tool.Folder, "in" + extension);
        File.WriteAllBytes(input, bytes);
        var pages = Recognise(tool, input, cancel);
        var notes = new List<string>();
        if (pages.Count > limits.MaxOcrPages)
        {
            notes.Add($"{pages.Count} pages; the first {limits.MaxOcrPages} were read");
            pages = pages.Take(limits.MaxOcrPages).ToList();
        }
        return PagedText.Assemble(pages, extension.TrimStart('.'), notes);
    }

    static List<LayoutPage> Recognise(ExternalTool tool, string image, CancellationToken cancel)
    {
        var tsv = Encoding.UTF8.GetString(tool.Run("tesseract", [image, "stdout", "-l", Language, "tsv"], "OCR", "tesseract-ocr and tesseract-ocr-chi-sim", cancel));
        double confidence = MeanConfidence(tsv);
        if (confidence < TraditionalRetry && HasModel(Traditional))
        {
            var traditional = Encoding.UTF8.GetString(tool.Run("tesseract", [image, "stdout", "-l", Traditional, "tsv"], "OCR", "tesseract-ocr-chi-tra", cancel));
            if (MeanConfidence(traditional) > confidence)
                tsv = traditional;
        }
        return Parse(tsv);
    }

    static bool HasModel(string language) =>
        Directory.Exists("/usr/share/tesseract-ocr") && Directory.EnumerateFiles("/usr/share/tesseract-ocr", language + ".traineddata", SearchOption.AllDirectories).Any()
        || Environment.GetEnvironmentVariable("TESSDATA_PREFIX") is { } prefix && File.Exists(Path.Combine(prefix, language + ".traineddata"));

    /// <summary>Mean confidence of the recognised words, each weighted by its length (0 when nothing was read).</summary>
    internal static double MeanConfidence(string tsv)
    {
        double sum = 0, weight = 0;
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || f[0] != "5" || f[11].Trim().Length == 0 || !double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) || conf < 0)
                continue;
            sum += conf * f[11].Trim().Length;
            weight += f[11].Trim().Length;
        }
        return weight == 0 ? 0 : sum / weight;
    }

    /// <summary>Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height, confidence, text) as pages of lines.</summary>
    internal static List<LayoutPage> Parse(string tsv)
    {
        var pages = new SortedDictionary<int, (double Width, double Height, SortedDictionary<(int, int, int), List<(string Text, double Left, double Right, double Top, double Bottom)>> Lines)>();
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], out int level) || !int.TryParse(f[1], out int pageNumber))
                continue;
            if (!int.TryParse(f[6], out int left) || !int.TryParse(f[7], out int top) || !int.TryParse(f[8], out int width) || !int.TryParse(f[9], out int height))
                continue;
            if (!pages.TryGetValue(pageNumber, out var page))
                pages[pageNumber] = page = (0, 0, new());
            if (level == 1)
                pages[pageNumber] = (width, height, page.Lines);
            else if (level == 5 && f[11].Trim().Length > 0)
            {
                var key = (int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture));
                if (!page.Lines.TryGetValue(key, out var words))
                    page.Lines[key] = words = [];
                words.Add((RadicalIdeographs.Map(f[11].Trim()), left, left + width, top, top + height));
            }
        }
        var result = new List<LayoutPage>();
        foreach (var (number, page) in pages)
        {
            var lines = new List<LayoutLine>();
            foreach (var words in page.Lines.Values)
            {
                // The line's em: the median word height (a Chinese glyph is about one em high).
                var heights = words.Select(w => w.Bottom - w.Top).OrderBy(h => h).ToList();
                double em = Math.Max(1, heights[heights.Count / 2]);
                double baseline = words.Max(w => w.Bottom);
                if (PagedText.Line(words.Select(w => (w.Text, w.Left, w.Right)).ToList(), baseline, em) is { } line)
                    lines.Add(line);
            }
            result.Add(new LayoutPage(number, page.Width, page.Height, lines.OrderBy(l => l.Baseline).ToList(), Ocr: true));
        }
        return result;
    }

    static LayoutPage Scale(LayoutPage page, double factor) => page with
    {
        Width = page.Width * factor,
        Height = page.Height * factor,
        Lines = page.Lines.Select(l => l with
        {
            PieceLefts = l.PieceLefts.Select(x => x * factor).ToList(),
            Left = l.Left * factor, Right = l.Right * factor, Baseline = l.Baseline * factor, Size = l.Size * factor,
        }).ToList(),
    };

    /// <summary>Width and height from a PNG or JPEG header, to refuse a decompression bomb before decoding it; null for other files.</summary>
    internal static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return (BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]));
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            int i = 2;
            while (i + 9 < bytes.Length)
            {
                if (bytes[i] != 0xFF) { i++; continue; }
                byte marker = bytes[i + 1];
                if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF) { i += marker == 0xFF ? 1 : 2; continue; }
                int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
                if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
                    return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
                i += 2 + length;
            }
        }
        return null;
    }
}
