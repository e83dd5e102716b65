namespace Search.Ingest.Reading;

/// <summary>Read stage: a file on disk → its text, by format (.txt .md .html/.htm .docx .doc .wps .pdf, and .png .jpg .tif images by
/// OCR), within size, time and memory limits; radical code points are mapped to their ideographs in every format.</summary>
public sealed partial class DocumentReader(ReadLimits? limits = null)
{
    readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    public static IReadOnlySet<string> Formats { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".md", ".html", ".htm", ".docx", ".doc", ".wps", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
    };

    /// <summary>Formats read by an external program (LibreOffice, tesseract), which get the longer <see cref="ReadLimits.ToolTimeout"/> budget.</summary>
    static bool UsesTools(string extension) => extension is ".doc" or ".wps" or ".pdf" or ".png" or ".jpg" or ".jpeg" or ".tif" or ".tiff";

    public SourceText Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Formats.Contains(extension))
            throw new UnreadableDocumentError($"unsupported format '{(extension.Length > 0 ? extension : "(none)")}' (supported: {string.Join(' ', Formats.Order(StringComparer.Ordinal))})");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new UnreadableDocumentError("file not found");
        if (info.Length == 0)
            throw new UnreadableDocumentError("file is empty");
        if (info.Length > _limits.MaxFileBytes)
            throw new UnreadableDocumentError($"file too large ({info.Length / (1024.0 * 1024):0.0} MB; limit {_limits.MaxFileBytes / (1024 * 1024)} MB)");

        var bytes = File.ReadAllBytes(path);
        // Parsers for binary formats can spin on crafted input; give each file a time budget. External programs have their own
        // bound per run, and the whole file stops (killing any program still running) when its budget is spent.
        var budget = !UsesTools(extension) ? _limits.Timeout
            : extension is ".doc" or ".wps" ? _limits.Timeout + _limits.ToolTimeout * 2
            : _limits.Timeout + _limits.ToolTimeout * 2 + _limits.OcrPageTime * _limits.MaxOcrPages;
        using var stop = new CancellationTokenSource();
        var work = Task.Run(() => Read(bytes, extension, stop.Token));
        try
        {
            if (!work.Wait(budget))
            {
                stop.Cancel();
                throw new UnreadableDocumentError($"reading took longer than {budget.TotalSeconds:0} s; skipped");
            }
            return work.Result;
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            if (e.InnerException is UnreadableDocumentError u)
                throw u;
            if (e.InnerException is OperationCanceledException)
                throw new UnreadableDocumentError($"reading took longer than {budget.TotalSeconds:0} s; skipped");
            throw new UnreadableDocumentError($"cannot read {extension[1..]} file: {e.InnerException.Message}", e.InnerException);
        }
    }

    /// <summary>Reads bytes already in memory; <paramref name="extension"/> picks the format.</summary>
    public SourceText Read(byte[] bytes, string extension, CancellationToken cancel = default)
    {
        if (bytes.Length == 0)
            throw new UnreadableDocumentError("file is empty");
        extension = extension.ToLowerInvariant();
        var source = extension switch
        {
            ".txt" => Text(bytes),
            ".md" => Markdown(bytes),
            ".html" or ".htm" => Html(bytes),
            ".docx" => DocxText.Extract(bytes, _limits),
            ".doc" or ".wps" => WordBinaryText.Extract(bytes, extension, _limits, cancel),
            ".pdf" => PdfText.Extract(bytes, _limits, cancel),
            ".png" or ".jpg" or ".jpeg" or ".tif" or ".tiff" => Ocr.Image(bytes, extension, _limits, cancel),
            _ => throw new UnreadableDocumentError($"unsupported format '{extension}'"),
        };
        if (string.IsNullOrWhiteSpace(source.Text))
            throw new UnreadableDocumentError(source.Pages.Count > 0 && source.Pages.All(p => !p.Ocr) && source.Notes.Count > 0
                ? "no text found in file (" + source.Notes[0] + ")"
                : "no text found in file");
        var mapped = RadicalIdeographs.Map(source.Text);
        return ReferenceEquals(mapped, source.Text) ? source : source with { Text = mapped };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\[tnr]")]
    private static partial System.Text.RegularExpressions.Regex EscapedBreak();

    static SourceText Text(byte[] bytes)
    {
        var (text, encoding) = TextDecoder.Decode(bytes);
        if (TextDecoder.LooksBinary(text))
            throw new UnreadableDocumentError("binary content, not a text file");
        // A page's article saved as the script record it is rendered from: its title, time and content as the page shows them.
        if (ScriptRecord.TryRead(text) is { } record)
        {
            var content = record.HoldsMarkup ? HtmlText.Extract(record.Content) : record.Content;
            var time = string.IsNullOrEmpty(record.Time) ? "" : $"发布时间：{record.Time}\n";
            return new SourceText($"{record.Title}\n{time}{content}", "txt", encoding);
        }
        // A collection's page kept as Markdown with a front matter: the fields as information lines, the text without its marks.
        if (MarkdownText.HasFrontMatter(text))
            return new SourceText(MarkdownText.Extract(text), "txt", encoding);
        // Text cut out of program code keeps its escapes ("\t", "\n" as two characters): several of them are layout.
        if (EscapedBreak().Count(text) >= 5)
            text = EscapedBreak().Replace(text, m => m.Value[1] switch { 't' => " ", 'n' => "\n", _ => "" });
        // Text saved from a rich-text field or a page's source is markup, whatever the file is called.
        if (HtmlText.LooksLikeMarkup(text))
            return new SourceText(HtmlText.Extract(text), "txt", encoding);
        return new SourceText(text, "txt", encoding);
    }

    static SourceText Markdown(byte[] bytes)
    {
        var (text, encoding) = TextDecoder.Decode(bytes);
        if (TextDecoder.LooksBinary(text))
            throw new UnreadableDocumentError("binary content, not a Markdown file");
        return new SourceText(MarkdownText.Extract(text), "md", encoding);
    }

    static SourceText Html(byte[] bytes)
    {
        var (html, encoding) = TextDecoder.Decode(bytes);
        if (TextDecoder.LooksBinary(html))
            throw new UnreadableDocumentError("binary content, not an HTML file");
        return new SourceText(HtmlText.Extract(html), "html", encoding);
    }
}
