namespace Search.Ingest.Reading;

/// <summary>Read stage: a file on disk → its text, by format (.txt .html/.htm .docx .pdf), within size and time limits.</summary>
public sealed class DocumentReader(ReadLimits? limits = null)
{
    readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    public static IReadOnlySet<string> Formats { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".html", ".htm", ".docx", ".pdf" };

    public SourceText Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Formats.Contains(extension))
            throw new UnreadableDocumentError($"unsupported format '{(extension.Length > 0 ? extension : "(none)")}' (supported: .txt .html .htm .docx .pdf)");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new UnreadableDocumentError("file not found");
        if (info.Length == 0)
            throw new UnreadableDocumentError("file is empty");
        if (info.Length > _limits.MaxFileBytes)
            throw new UnreadableDocumentError($"file too large ({info.Length / (1024.0 * 1024):0.0} MB; limit {_limits.MaxFileBytes / (1024 * 1024)} MB)");

        var bytes = File.ReadAllBytes(path);
        // Parsers for binary formats can spin on crafted input; give each file a time budget.
        var work = Task.Run(() => Read(bytes, extension));
        try
        {
            if (!work.Wait(_limits.Timeout))
                throw new UnreadableDocumentError($"reading took longer than {_limits.Timeout.TotalSeconds:0} s; skipped");
            return work.Result;
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            if (e.InnerException is UnreadableDocumentError u)
                throw u;
            throw new UnreadableDocumentError($"cannot read {extension[1..]} file: {e.InnerException.Message}", e.InnerException);
        }
    }

    /// <summary>Reads bytes already in memory; <paramref name="extension"/> picks the format.</summary>
    public SourceText Read(byte[] bytes, string extension)
    {
        if (bytes.Length == 0)
            throw new UnreadableDocumentError("file is empty");
        var source = extension.ToLowerInvariant() switch
        {
            ".txt" => Text(bytes),
            ".html" or ".htm" => Html(bytes),
            ".docx" => new SourceText(DocxText.Extract(bytes, _limits), "docx"),
            ".pdf" => new SourceText(PdfText.Extract(bytes), "pdf"),
            _ => throw new UnreadableDocumentError($"unsupported format '{extension}'"),
        };
        if (string.IsNullOrWhiteSpace(source.Text))
            throw new UnreadableDocumentError("no text found in file");
        return source;
    }

    static SourceText Text(byte[] bytes)
    {
        var (text, encoding) = TextDecoder.Decode(bytes);
        if (TextDecoder.LooksBinary(text))
            throw new UnreadableDocumentError("binary content, not a text file");
        return new SourceText(text, "txt", encoding);
    }

    static SourceText Html(byte[] bytes)
    {
        var (html, encoding) = TextDecoder.Decode(bytes);
        if (TextDecoder.LooksBinary(html))
            throw new UnreadableDocumentError("binary content, not an HTML file");
        return new SourceText(HtmlText.Extract(html), "html", encoding);
    }
}
