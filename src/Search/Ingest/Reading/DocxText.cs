using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Search.Ingest.Reading;

/// <summary>Text of a Word (.docx) document: one line per paragraph with its list number as a reader sees it (一、 （一） 1.),
/// one line per table row with cells separated by <see cref="SourceText.CellSeparator"/>; the archive is checked for zip bombs first.</summary>
public static class DocxText
{
    public static SourceText Extract(byte[] bytes, ReadLimits limits, string format = "docx")
    {
        CheckArchive(bytes, limits);
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, false);
        var main = document.MainDocumentPart;
        var body = main?.Document?.Body
            ?? throw new UnreadableDocumentError($"the .{format} has no document body");
        var numbering = new ListNumbering(main!.NumberingDefinitionsPart?.Numbering, main.StyleDefinitionsPart?.Styles);
        var text = new StringBuilder();
        int tables = 0;
        AppendBlocks(body, text, numbering, ref tables);
        return new SourceText(text.ToString(), format) { Tables = tables };
    }

    static void AppendBlocks(OpenXmlElement container, StringBuilder text, ListNumbering numbering, ref int tables)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    text.Append(numbering.Label(paragraph));
                    AppendRuns(paragraph, text);
                    text.Append('\n');
                    break;
                case Table table:
                    tables++;
                    AppendTable(table, text, numbering);
                    break;
                case SectionProperties:
                    break;
                default:
                    // Content controls, custom XML and the like hold paragraphs and tables of their own.
                    AppendBlocks(element, text, numbering, ref tables);
                    break;
            }
        }
    }

    static void AppendTable(Table table, StringBuilder text, ListNumbering numbering)
    {
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var cellText = new StringBuilder();
                int nested = 0;
                AppendBlocks(cell, cellText, numbering, ref nested);
                // A cell is one field of the row: its paragraphs run on, and a '|' of its own cannot split it.
                cells.Add(string.Join(' ', cellText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace('|', '｜'));
            }
            if (cells.Any(c => c.Length > 0))
                text.Append(string.Join(SourceText.CellSeparator, cells)).Append('\n');
        }
        text.Append('\n');
    }

    static void AppendRuns(OpenXmlElement paragraph, StringBuilder text)
    {
        foreach (var node in paragraph.Descendants())
        {
            if (node is Text t) text.Append(t.Text);
            else if (node is Break or CarriageReturn) text.Append('\n');
            else if (node is TabChar) text.Append(' ');
            else if (node is NoBreakHyphen) text.Append('-');
        }
    }

    /// <summary>Rejects archives whose declared expansion is absurd before any part is inflated.</summary>
    internal static void CheckArchive(byte[] bytes, ReadLimits limits)
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
