namespace Search.Ingest;

/// <summary>One ingested policy document: its metadata, outline, measures, glossary, parts, tables and the audit trail of
/// what cleaning removed. Every character of <see cref="CleanText"/> lies in exactly one of <see cref="Parts"/>; every
/// character of the text as read is in <see cref="CleanText"/> or in a <see cref="RemovedBlock"/>.</summary>
public sealed record PolicyDocument(
    string Id,
    string Source,
    string Title,
    DocumentMetadata Metadata,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<GlossaryEntry> Glossary,
    IReadOnlyList<RemovedBlock> Removed,
    string CleanText)
{
    /// <summary>The document's parts in text order, tiling <see cref="CleanText"/> (paragraph breaks aside).</summary>
    public IReadOnlyList<DocumentPart> Parts { get; init; } = [];
    /// <summary>Tables, each with the part of the document it belongs to.</summary>
    public IReadOnlyList<DocumentTable> Tables { get; init; } = [];
}

/// <summary>Where, when, by whom and what kind of document this is; region values are canonical simplified gazetteer names.</summary>
public sealed record DocumentMetadata
{
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    /// <summary>GB/T 2260 code of the most specific region resolved.</summary>
    public string? RegionCode { get; init; }
    public string? Issuer { get; init; }
    public string? Type { get; init; }
    public int? Year { get; init; }
    public IReadOnlyList<int> Years { get; init; } = [];
    public DateOnly? Date { get; init; }
    /// <summary>This document's own 发文字号, never one it only cites.</summary>
    public string? Number { get; init; }
    public string? IndexNumber { get; init; }
    /// <summary>True when the document is marked as a draft (征求意见稿, 草案, …).</summary>
    public bool Draft { get; init; }
    /// <summary>Every genre the title names, the one it ends with first (工作总结及工作计划 → 工作计划, 工作总结).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
    /// <summary>When the hosting site published it (发布日期), apart from <see cref="Date"/> (成文日期).</summary>
    public DateOnly? PublishedDate { get; init; }
    /// <summary>The file's format as read: txt, html, docx, doc, wps, pdf, png, jpg, tif.</summary>
    public string? Format { get; init; }
    /// <summary>Pages whose text came from optical character recognition (1-based; [1] for an image).</summary>
    public IReadOnlyList<int> OcrPages { get; init; } = [];
    /// <summary>True when any of the text was recognised from an image.</summary>
    public bool Ocr => OcrPages.Count > 0;
    /// <summary>What the reader noticed but read past (pages not OCR'd, a page limit reached…).</summary>
    public IReadOnlyList<string> ReadNotes { get; init; } = [];
    /// <summary>Where each field was found, by field name (title, issuer, number, date, publishedDate, type, region, year):
    /// the part of the document or page it was read from, e.g. "署名", "发文机关标志", "标题", "政府信息公开表".</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    public Region Region => new(Province, City, District, RegionCode);
}

/// <summary>An administrative region down to district/county level, as named in the gazetteer.</summary>
public sealed record Region(string? Province, string? City, string? District, string? Code);

/// <summary>A heading of the document's outline (一、 / (一) / …) with its title.</summary>
public sealed record Section(string Path, int Level, string? Title, int Start);

/// <summary>One measure: a numbered item or a content-bearing goal/guarantee paragraph; Text is CleanText[Start..End) without numbering or responsibility trailer.</summary>
public sealed record Measure(
    string Id,
    string Path,
    string? Title,
    string Text,
    IReadOnlyList<string> Departments,
    IReadOnlyList<string> LeadDepartments,
    int Start,
    int End);

/// <summary>The role a stretch of text plays in an official document (GB/T 9704-2012 and the 党政机关公文处理工作条例) or
/// around it on a web page.</summary>
public enum PartKind
{
    /// <summary>政府信息公开 table or the page's information line: 索引号, 发布机构, 发文字号, 成文日期, 发布日期, 来源….</summary>
    Disclosure,
    /// <summary>The hosting page's own headline (often the title again, maybe with the site's name).</summary>
    Headline,
    /// <summary>发文机关标志: "…文件".</summary>
    Letterhead,
    /// <summary>发文字号, with 签发人 when printed beside it.</summary>
    IssueNumber,
    /// <summary>标题.</summary>
    Title,
    /// <summary>A date or adoption note under the title: （2022年12月）.</summary>
    Dateline,
    /// <summary>主送机关.</summary>
    Addressee,
    /// <summary>Body text outside any measure: the preamble, a lead-in, a closing paragraph, an attachment's text.</summary>
    Text,
    /// <summary>A numbered heading whose content lies in the measures under it.</summary>
    Heading,
    /// <summary>One measure: its numbering, text and responsibility note.</summary>
    Measure,
    /// <summary>名词解释 and its entries.</summary>
    Glossary,
    /// <summary>目录.</summary>
    Contents,
    /// <summary>A table's rows.</summary>
    Table,
    /// <summary>附件说明: the list of attachments after the body.</summary>
    AttachmentNote,
    /// <summary>发文机关署名.</summary>
    Signature,
    /// <summary>成文日期.</summary>
    Date,
    /// <summary>附注 and remarks after the date.</summary>
    Note,
    /// <summary>An attachment's label: 附件1.</summary>
    AttachmentLabel,
    /// <summary>抄送机关.</summary>
    CopyTo,
    /// <summary>印发机关和印发日期.</summary>
    Imprint,
    /// <summary>Other text of the hosting page that is neither chrome nor the document.</summary>
    Page,
}

/// <summary>Which document a part belongs to: the hosting page, a cover or forwarding notice around the real document, the
/// document itself, or one of its attachments.</summary>
public enum PartZone { Page, Cover, Main, Attachment }

/// <summary>Parts and zones as a Chinese reader names them (公文 terms of GB/T 9704-2012).</summary>
public static class PartNames
{
    public static string Of(PartKind kind) => kind switch
    {
        PartKind.Disclosure => "公开信息",
        PartKind.Headline => "网页标题",
        PartKind.Letterhead => "发文机关标志",
        PartKind.IssueNumber => "发文字号",
        PartKind.Title => "标题",
        PartKind.Dateline => "题注",
        PartKind.Addressee => "主送机关",
        PartKind.Text => "正文",
        PartKind.Heading => "层次标题",
        PartKind.Measure => "措施",
        PartKind.Glossary => "名词解释",
        PartKind.Contents => "目录",
        PartKind.Table => "表格",
        PartKind.AttachmentNote => "附件说明",
        PartKind.Signature => "发文机关署名",
        PartKind.Date => "成文日期",
        PartKind.Note => "附注",
        PartKind.AttachmentLabel => "附件标识",
        PartKind.CopyTo => "抄送机关",
        PartKind.Imprint => "印发机关和印发日期",
        _ => "网页其他内容",
    };

    public static string Of(PartZone zone, int attachment = 0) => zone switch
    {
        PartZone.Page => "网页",
        PartZone.Cover => "印发/转发通知",
        PartZone.Main => "正文文件",
        _ => attachment > 0 ? $"附件{attachment}" : "附件",
    };
}

/// <summary>A stretch [Start, End) of the clean text with its role; attachments are numbered from 1; a measure part names
/// its measure.</summary>
public sealed record DocumentPart(PartKind Kind, PartZone Zone, int Start, int End, int Attachment = 0, string? MeasureId = null);

/// <summary>A table kept as rows of cells, with the span of clean text its rows occupy and the part it belongs to.</summary>
public sealed record DocumentTable(int Start, int End, PartZone Zone, int Attachment, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A term explained in the document's glossary (名词解释).</summary>
public sealed record GlossaryEntry(string Term, string Definition);

/// <summary>A piece of the source text that cleaning dropped, with the reason, so a reader can audit it; offsets point into the read text.</summary>
public sealed record RemovedBlock(string Reason, string Text, int Start = 0, int End = 0)
{
    /// <summary>For a line the reader left out of the text (a PDF page's running header or number), the page it was on;
    /// such a block is not in the read text, so its offsets are -1.</summary>
    public int? Page { get; init; }
}

/// <summary>A file that could not be ingested, and why.</summary>
public sealed record IngestError(string Source, string Message);

/// <summary>The result of ingesting one corpus file: a document or an error, never both.</summary>
public sealed record IngestOutcome(string Source, PolicyDocument? Document, IngestError? Error)
{
    public bool Succeeded => Document is not null;
}

/// <summary>A file could not be read or understood; the message names the file and the reason.</summary>
public sealed class UnreadableDocumentError(string message, Exception? inner = null) : UserError(message, inner);
