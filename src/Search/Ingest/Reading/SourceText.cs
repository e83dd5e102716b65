namespace Search.Ingest.Reading;

/// <summary>The text read from one file, before cleaning, with the format and encoding it came in.</summary>
/// <remarks>
/// <para><see cref="Pages"/> locates each page of a paged format (.pdf, a multi-page .tif) in <see cref="Text"/> and says
/// whether its text came from OCR; formats without pages (.txt, .html, .docx, .doc) have none.</para>
/// <para>A table reaches the text as one line per row, its cells separated by <see cref="CellSeparator"/>
/// (" | ", the same convention as the disclosure tables of web pages saved as text).</para>
/// </remarks>
public sealed record SourceText(string Text, string Format, string? Encoding = null)
{
    /// <summary>Between two cells of one table row.</summary>
    public const string CellSeparator = " | ";

    /// <summary>The pages, in order, with their character ranges in <see cref="Text"/>; empty for formats without pages.</summary>
    public IReadOnlyList<SourcePage> Pages { get; init; } = [];

    /// <summary>Lines the reader left out (page headers, footers, page numbers), with the reason, for the audit trail.</summary>
    public IReadOnlyList<DroppedLine> Dropped { get; init; } = [];

    /// <summary>What the reader noticed but could still read past (pages not OCR'd because OCR is off or over the limit, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when any of the text came from optical character recognition (a scan or an image).</summary>
    public bool Ocr => Pages.Any(p => p.Ocr);

    /// <summary>How many tables the reader kept as rows of cells.</summary>
    public int Tables { get; init; }
}

/// <summary>One page of a paged source: its 1-based number, where its text sits in <see cref="SourceText.Text"/>, and whether it was OCR'd.</summary>
public sealed record SourcePage(int Number, int Start, int End, bool Ocr);

/// <summary>A line the reader dropped and why ("page header", "page footer", "page number").</summary>
public sealed record DroppedLine(int Page, string Reason, string Text);

/// <summary>Bounds that keep one hostile or huge file from stalling a corpus run.</summary>
public sealed record ReadLimits
{
    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;
    /// <summary>Maximum total uncompressed size of an office archive (zip bombs).</summary>
    public long MaxExpandedBytes { get; init; } = 100L * 1024 * 1024;
    /// <summary>Time for parsing a file in this process (text, HTML, .docx, a PDF's text layer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Time for one run of an external program: converting one .doc/.wps, rasterising or OCR-ing one page.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>Address-space bound of an external program (bytes).</summary>
    public long ToolMemoryBytes { get; init; } = 4L * 1024 * 1024 * 1024;
    /// <summary>Pages of a PDF read at most (text or OCR); a longer file is read up to here, with a note.</summary>
    public int MaxPages { get; init; } = 1000;
    /// <summary>Pages OCR'd at most per file; further pages without text are left out, with a note.</summary>
    public int MaxOcrPages { get; init; } = 30;
    /// <summary>Time a file may spend per page it OCRs, on top of its other budget: rasterising and one or two readings
    /// (chi_sim, then chi_tra for a page chi_sim reads with low confidence).</summary>
    public TimeSpan OcrPageTime { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Largest image accepted for OCR, in pixels (width × height): a decompression bomb stops here.</summary>
    public long MaxImagePixels { get; init; } = 60_000_000;
    /// <summary>Whether scans and images are OCR'd; off gives "no text layer (OCR is off)" for them.
    /// Default on, unless the environment variable <c>SEARCH_OCR</c> is <c>0</c>/<c>false</c>/<c>off</c>.</summary>
    public bool Ocr { get; init; } = OcrFromEnvironment();

    public static ReadLimits Default { get; } = new();

    static bool OcrFromEnvironment() =>
        Environment.GetEnvironmentVariable("SEARCH_OCR")?.Trim().ToLowerInvariant() is not ("0" or "false" or "off" or "no");
}
