using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Search.Ingest.Reading;

/// <summary>Text of a Word (.docx) document, one line per paragraph, after checking the archive is not a zip bomb.</summary>
public static class DocxText
{
    public static string Extract(byte[] bytes, ReadLimits limits)
    {
        CheckArchive(bytes, limits);
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart?.Document?.Body
            ?? throw new UnreadableDocumentError("the .docx has no document body");
        var text = new StringBuilder();
        foreach (var paragraph in body.Descendants<Paragraph>())
        {
            foreach (var run in paragraph.Descendants())
            {
                if (run is Text t) text.Append(t.Text);
                else if (run is Break or CarriageReturn) text.Append('\n');
                else if (run is TabChar) text.Append(' ');
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Rejects archives whose declared expansion is absurd before any part is inflated.</summary>
    static void CheckArchive(byte[] bytes, ReadLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > limits.MaxExpandedBytes)
                    throw new UnreadableDocumentError($"archive expands to more than {limits.MaxExpandedBytes / (1024 * 1024)} MB (zip bomb?)");
                if (entry.CompressedLength > 0 && entry.Length > 1024 * 1024 && entry.Length / entry.CompressedLength > 200)
                    throw new UnreadableDocumentError($"archive entry {entry.FullName} has a compression ratio over 200:1 (zip bomb?)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableDocumentError($"not a valid .docx (zip) archive: {e.Message}", e);
        }
    }
}

/// <summary>Text of a PDF, page by page in content order; a page break becomes a blank line for the cleaner to re-join.</summary>
public static class PdfText
{
    public static string Extract(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.Append(ContentOrderTextExtractor.GetText(page));
            text.Append("\n\n");
        }
        return text.ToString();
    }
}
