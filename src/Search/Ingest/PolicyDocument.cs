namespace Search.Ingest;

/// <summary>One ingested policy document: its metadata, outline, measures, glossary and the audit trail of what cleaning removed.</summary>
public sealed record PolicyDocument(
    string Id,
    string Source,
    string Title,
    DocumentMetadata Metadata,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<GlossaryEntry> Glossary,
    IReadOnlyList<RemovedBlock> Removed,
    string CleanText);

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
    public string? Number { get; init; }
    public string? IndexNumber { get; init; }
    /// <summary>True when the document is marked as a draft (征求意见稿, 草案, …).</summary>
    public bool Draft { get; init; }

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

/// <summary>A term explained in the document's glossary (名词解释).</summary>
public sealed record GlossaryEntry(string Term, string Definition);

/// <summary>A piece of the source text that cleaning dropped, with the reason, so a reader can audit it; offsets point into the read text.</summary>
public sealed record RemovedBlock(string Reason, string Text, int Start = 0, int End = 0);

/// <summary>A file that could not be ingested, and why.</summary>
public sealed record IngestError(string Source, string Message);

/// <summary>The result of ingesting one corpus file: a document or an error, never both.</summary>
public sealed record IngestOutcome(string Source, PolicyDocument? Document, IngestError? Error)
{
    public bool Succeeded => Document is not null;
}

/// <summary>A file could not be read or understood; the message names the file and the reason.</summary>
public sealed class UnreadableDocumentError(string message, Exception? inner = null) : UserError(message, inner);
