using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Search.Ingest;

/// <summary>The PolicyDocument's JSON shape of the CLI contract (<c>ingest FILE --json</c>, <c>show DOCID --json</c>).</summary>
public static class IngestJson
{
    /// <summary>JSON view of a document's metadata.</summary>
    public sealed record MetadataView(string? Province, string? City, string? District, string? Issuer, string? Type, int? Year, IReadOnlyList<int> Years, string? Date, string? Number, string? IndexNumber, string? RegionCode, bool Draft);
    /// <summary>JSON view of a measure.</summary>
    public sealed record MeasureView(string Id, string Path, string Text, string? Title, IReadOnlyList<string> Departments, IReadOnlyList<string> LeadDepartments, int Start, int End);
    /// <summary>JSON view of a section heading.</summary>
    public sealed record SectionView(string Path, int Level, string? Title);
    /// <summary>JSON view of a glossary entry.</summary>
    public sealed record GlossaryView(string Term, string Definition);
    /// <summary>JSON view of a removed block.</summary>
    public sealed record RemovedView(string Reason, string Text);
    /// <summary>JSON view of a whole document.</summary>
    public sealed record DocumentView(string Id, string Source, string Title, MetadataView Metadata, IReadOnlyList<SectionView> Sections, IReadOnlyList<MeasureView> Measures, IReadOnlyList<GlossaryView> Glossary, IReadOnlyList<RemovedView> Removed);

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
            new MetadataView(m.Province, m.City, m.District, m.Issuer, m.Type, m.Year, m.Years, m.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Number, m.IndexNumber, m.RegionCode, m.Draft),
            d.Sections.Select(s => new SectionView(s.Path, s.Level, s.Title)).ToList(),
            d.Measures.Select(x => new MeasureView(x.Id, x.Path, x.Text, x.Title, x.Departments, x.LeadDepartments, x.Start, x.End)).ToList(),
            d.Glossary.Select(g => new GlossaryView(g.Term, g.Definition)).ToList(),
            d.Removed.Select(r => new RemovedView(r.Reason, r.Text)).ToList());
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
            Date = DateOnly.TryParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
        };
        return new PolicyDocument(v.Id, v.Source, v.Title, metadata,
            v.Sections.Select(s => new Section(s.Path, s.Level, s.Title, 0)).ToList(),
            v.Measures.Select(x => new Measure(x.Id, x.Path, x.Title, x.Text, x.Departments, x.LeadDepartments, x.Start, x.End)).ToList(),
            v.Glossary.Select(g => new GlossaryEntry(g.Term, g.Definition)).ToList(),
            v.Removed.Select(r => new RemovedBlock(r.Reason, r.Text)).ToList(),
            "");
    }

    /// <summary>Reads back what <see cref="Serialize"/> wrote (the index stores it for <c>show</c>).</summary>
    public static DocumentView Deserialize(string json) =>
        JsonSerializer.Deserialize<DocumentView>(json, Options) ?? throw new InvalidDataException("empty document JSON");
}
