using Search.Ingest;
using Search.Querying;

namespace Search.Responses;

/// <summary>One indexed policy document (<c>GET /api/documents/{id}</c>): metadata (with where each field was found), outline,
/// measures, glossary, the document's parts in text order (版头, 标题, 主送, 正文, 附件说明, 署名, 成文日期, 附件, 版记, a cover notice,
/// the page's disclosure table), its tables as rows of cells, and with a query the measures where it matches.</summary>
/// <param name="Highlights">Measure id → the measure's whole text as HTML (escaped, matches in &lt;mark&gt;).</param>
/// <param name="Marks">Measure id → where the query matches in the measure's text.</param>
public sealed record DocumentResponse(string Id, string Source, string Title, IngestJson.MetadataView Metadata,
    IReadOnlyList<IngestJson.SectionView> Sections, IReadOnlyList<IngestJson.MeasureView> Measures, IReadOnlyList<IngestJson.GlossaryView> Glossary,
    IReadOnlyDictionary<string, string> Highlights, IReadOnlyDictionary<string, IReadOnlyList<MarkRange>> Marks)
{
    /// <summary>The parts in text order: kind, zone (page, cover, main, attachment), attachment number, span, text (a measure part
    /// names its measure instead) and the Chinese name of the part.</summary>
    public IReadOnlyList<IngestJson.PartView> Parts { get; init; } = [];

    /// <summary>Measure id → its path as a reader writes it (<see cref="MeasureLabel"/>).</summary>
    public IReadOnlyDictionary<string, string> PathLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Tables with the part of the document they belong to.</summary>
    public IReadOnlyList<IngestJson.TableView> Tables { get; init; } = [];

    /// <param name="marked">The measures where the query matches, each its whole text marked.</param>
    public static DocumentResponse From(IngestJson.DocumentView d, IReadOnlyDictionary<string, MarkedText> marked) => new(
        d.Id, d.Source, d.Title, d.Metadata, d.Sections, d.Measures, d.Glossary,
        marked.ToDictionary(m => m.Key, m => m.Value.ToHtml(), StringComparer.Ordinal),
        marked.ToDictionary(m => m.Key, m => m.Value.Marks, StringComparer.Ordinal)) { Parts = d.Parts, Tables = d.Tables, PathLabels = d.Measures.ToDictionary(m => m.Id, m => MeasureLabel.Of(m.Path), StringComparer.Ordinal) };
}

/// <summary>One measure as stored in the index (<c>GET /api/measures/{id}</c>), with its document's metadata and its place in the
/// document (offsets into the clean text, ordinal among its measures).</summary>
public sealed record MeasureResponse(
    string Id, string DocId, string Source, string Title, string Province, string City, string District,
    IReadOnlyList<int> Years, string Type, string Path, string Text, int Start, int End, int Ordinal);

