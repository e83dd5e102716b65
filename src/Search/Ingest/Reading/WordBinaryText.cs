using System.Text;

namespace Search.Ingest.Reading;

/// <summary>Text of a Word 97–2003 (.doc) or WPS Office (.wps) document. WPS Office writes .wps in the Word 97 binary format
/// (an OLE2 compound file with a WordDocument stream); LibreOffice (headless, private profile) converts either to .docx, which
/// <see cref="DocxText"/> reads with its automatic numbering and tables. A .doc that is really a .docx, an RTF or a web page
/// (as some sites publish) is read as what it is.</summary>
public static class WordBinaryText
{
    static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static SourceText Extract(byte[] bytes, string extension, ReadLimits limits, CancellationToken cancel)
    {
        var format = extension.TrimStart('.');
        if (bytes.AsSpan().StartsWith(CompoundFile) || bytes.AsSpan().StartsWith("{\\rtf"u8))
            return Convert(bytes, extension, format, limits, cancel);
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
            return DocxText.Extract(bytes, limits, format);
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 2048)).ToLowerInvariant();
        if (head.Contains("<html") || head.Contains("<!doctype html") || head.Contains("<body"))
        {
            var (html, encoding) = TextDecoder.Decode(bytes);
            return new SourceText(HtmlText.Extract(html), format, encoding);
        }
        throw new UnreadableDocumentError($"not a Word 97 or WPS document (no OLE2 compound file header)");
    }

    static SourceText Convert(byte[] bytes, string extension, string format, ReadLimits limits, CancellationToken cancel)
    {
        using var tool = new ExternalTool(limits);
        var input = Path.Combine(tool.Folder, "in" + extension);
        var output = Path.Combine(tool.Folder, "out");
        File.WriteAllBytes(input, bytes);
        var profile = new Uri(Path.Combine(tool.Folder, "profile")).AbsoluteUri;
        tool.Run("soffice", [$"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", output, input], $"converting the .{format}", "libreoffice-writer-nogui", cancel);
        var docx = Path.Combine(output, "in.docx");
        // LibreOffice exits 0 even when its filters reject a file; no output file is how a failure shows.
        if (!File.Exists(docx))
            throw new UnreadableDocumentError($"LibreOffice could not read the .{format} (damaged or not a word-processor document)");
        var text = DocxText.Extract(File.ReadAllBytes(docx), limits, format);
        // A damaged file can still come out as "text": code units of random bytes, many of them private-use or control characters.
        if (TextDecoder.LooksBinary(text.Text))
            throw new UnreadableDocumentError($"LibreOffice could not read the .{format} (damaged: what it read is not text)");
        return text;
    }
}
