using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Search.Ingest;

/// <summary>The PolicyDocument's JSON shape of the CLI contract (<c>ingest FILE --json</c>, <c>show DOCID --json</c>).</summary>
public static class IngestJson
{
    /// <summary>JSON view of a document's metadata; <c>sources</c> says where each field was found.</summary>
    public sealed record MetadataView(string? Province, string? City, string? District, string? Issuer, string? Type, int? Year, IReadOnlyList<int> Years, string? Date, string? Number, string? IndexNumber, string? RegionCode, bool Draft)
    {
        public IReadOnlyList<string> Types { get; init; } = [];
        public string? PublishedDate { get; init; }
        public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
        public string? Format { get; init; }
        public IReadOnlyList<int> OcrPages { get; init; } = [];
        public IReadOnlyList<string> ReadNotes { get; init; } = [];
    }
    /// <summary>JSON view of a part: its role, the document it belongs to (page, cover, main, attachment N), its span of
    /// the clean text, and its text (a measure part names its measure instead). The index stores this view for every
    /// document, so empty fields are left out.</summary>
    public sealed record PartView(string Kind, string Zone,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attachment, int Start, int End,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MeasureId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text)
    {
        /// <summary>The part's name as a reader calls it (发文字号, 成文日期, 附件说明…); left out for body text, headings and measures.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Name { get; init; }
    }
    /// <summary>JSON view of a table.</summary>
    public sealed record TableView(string Zone, int Attachment, int Start, int End, IReadOnlyList<IReadOnlyList<string>> Rows);
    /// <summary>JSON view of a measure.</summary>
    public sealed record MeasureView(string Id, string Path, string Text, string? Title, IReadOnlyList<string> Departments, IReadOnlyList<string> LeadDepartments, int Start, int End);
    /// <summary>JSON view of a section heading.</summary>
    public sealed record SectionView(string Path, int Level, string? Title);
    /// <summary>JSON view of a glossary entry.</summary>
    public sealed record GlossaryView(string Term, string Definition);
    /// <summary>JSON view of a removed block.</summary>
    public sealed record RemovedView(string Reason, string Text)
    {
        /// <summary>The page a reader left the line out of, for page furniture of a PDF.</summary>
        public int? Page { get; init; }
    }
    /// <summary>JSON view of a whole document.</summary>
    public sealed record DocumentView(string Id, string Source, string Title, MetadataView Metadata, IReadOnlyList<SectionView> Sections, IReadOnlyList<MeasureView> Measures, IReadOnlyList<GlossaryView> Glossary, IReadOnlyList<RemovedView> Removed)
    {
        public IReadOnlyList<PartView> Parts { get; init; } = [];
        public IReadOnlyList<TableView> Tables { get; init; } = [];
    }

    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static DocumentView View(PolicyDocument d)
    {
        var m = d.Metadata;
        return new DocumentView(d.Id, d.Source, d.Title,
            new MetadataView(m.Province, m.City, m.District, m.Issuer, m.Type, m.Year, m.Years, Day(m.Date), m.Number, m.IndexNumber, m.RegionCode, m.Draft)
            {
                Types = m.Types,
                PublishedDate = Day(m.PublishedDate),
                Sources = m.Sources,
                Format = m.Format,
                OcrPages = m.OcrPages,
                ReadNotes = m.ReadNotes,
            },
            d.Sections.Select(s => new SectionView(s.Path, s.Level, s.Title)).ToList(),
            d.Measures.Select(x => new MeasureView(x.Id, x.Path, x.Text, x.Title, x.Departments, x.LeadDepartments, x.Start, x.End)).ToList(),
            d.Glossary.Select(g => new GlossaryView(g.Term, g.Definition)).ToList(),
            d.Removed.Select(r => new RemovedView(r.Reason, r.Text) { Page = r.Page }).ToList())
        {
            Parts = d.Parts.Select(p => new PartView(Name(p.Kind), Name(p.Zone), p.Attachment, p.Start, p.End, p.MeasureId,
                p.MeasureId is null && p.End <= d.CleanText.Length ? d.CleanText[p.Start..p.End] : null)
            {
                Name = p.Kind is PartKind.Measure or PartKind.Heading or PartKind.Text ? null : PartNames.Of(p.Kind),
            }).ToList(),
            Tables = d.Tables.Select(t => new TableView(Name(t.Zone), t.Attachment, t.Start, t.End, t.Rows)).ToList(),
        };
    }

    static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An enum value as JSON names it: camelCase (<c>issueNumber</c>, <c>attachmentNote</c>).</summary>
    static string Name<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string Serialize(PolicyDocument document) => JsonSerializer.Serialize(View(document), Options);

    /// <summary>A PolicyDocument rebuilt from its stored view (the index keeps no clean text, so <c>CleanText</c> is empty and
    /// removed blocks carry no offsets); enough for stages that work on measures and metadata, like the semantic fit.</summary>
    public static PolicyDocument ToDocument(DocumentView v)
    {
        var m = v.Metadata;
        var metadata = new DocumentMetadata
        {
            Province = m.Province, City = m.City, District = m.District, RegionCode = m.RegionCode, Issuer = m.Issuer, Type = m.Type,
            Year = m.Year, Years = m.Years, Number = m.Number, IndexNumber = m.IndexNumber, Draft = m.Draft,
            Date = ParseDay(m.Date), PublishedDate = ParseDay(m.PublishedDate), Types = m.Types ?? [], Sources = m.Sources ?? new Dictionary<string, string>(),
            Format = m.Format, OcrPages = m.OcrPages ?? [], ReadNotes = m.ReadNotes ?? [],
        };
        return new PolicyDocument(v.Id, v.Source, v.Title, metadata,
            v.Sections.Select(s => new Section(s.Path, s.Level, s.Title, 0)).ToList(),
            v.Measures.Select(x => new Measure(x.Id, x.Path, x.Title, x.Text, x.Departments, x.LeadDepartments, x.Start, x.End)).ToList(),
            v.Glossary.Select(g => new GlossaryEntry(g.Term, g.Definition)).ToList(),
            v.Removed.Select(r => new RemovedBlock(r.Reason, r.Text) { Page = r.Page }).ToList(),
            "")
        {
            Parts = (v.Parts ?? []).Select(p => new DocumentPart(Parse<PartKind>(p.Kind), Parse<PartZone>(p.Zone), p.Start, p.End, p.Attachment, p.MeasureId)).ToList(),
            Tables = (v.Tables ?? []).Select(t => new DocumentTable(t.Start, t.End, Parse<PartZone>(t.Zone), t.Attachment, t.Rows)).ToList(),
        };
    }

    static DateOnly? ParseDay(string? day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    static T Parse<T>(string name) where T : struct, Enum => Enum.Parse<T>(name, ignoreCase: true);

    /// <summary>Reads back what <see cref="Serialize"/> wrote (the index stores it for <c>show</c>).</summary>
    public static DocumentView Deserialize(string json) =>
        JsonSerializer.Deserialize<DocumentView>(json, Options) ?? throw new InvalidDataException("empty document JSON");
}
