using System.Text;
using Search.Ingest.Cleaning;

namespace Search.Ingest.Parts;

/// <summary>One paragraph of the final clean text, placed: its span, its role, the document it belongs to and whether it
/// is body text for the Outline stage to cut into headings and measures.</summary>
public sealed record LaidParagraph(int Start, int End, PartKind Kind, PartZone Zone, int Attachment, bool Body, ParagraphShape Shape);

/// <summary>Parts stage output: the clean text (paragraphs joined by '\n'), each paragraph with its role, the tables,
/// and everything cleaning and the Parts stage removed.</summary>
public sealed class DocumentLayout
{
    public string Text { get; }
    public string Original { get; }
    public IReadOnlyList<LaidParagraph> Paragraphs { get; }
    public IReadOnlyList<DocumentTable> Tables { get; }
    public IReadOnlyList<RemovedBlock> Removed { get; }
    readonly int[] _map;

    internal DocumentLayout(string original, IReadOnlyList<(Paragraph Paragraph, ParagraphShape Shape, PartKind Kind, PartZone Zone, int Attachment, bool Body)> kept,
        IReadOnlyList<RemovedBlock> removed)
    {
        Original = original;
        Removed = removed.OrderBy(r => r.Start).ThenBy(r => r.End).ToList();
        var text = new StringBuilder();
        var map = new List<int>();
        var paragraphs = new List<LaidParagraph>();
        foreach (var k in kept)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
                map.Add(k.Paragraph.Start);
            }
            int start = text.Length;
            text.Append(k.Paragraph.Text);
            map.AddRange(k.Paragraph.Map);
            paragraphs.Add(new LaidParagraph(start, text.Length, k.Kind, k.Zone, k.Attachment, k.Body, k.Shape));
        }
        Text = text.ToString();
        _map = [.. map];
        Paragraphs = paragraphs;
        Tables = TablesOf(paragraphs);
    }

    /// <summary>Offset in <see cref="Original"/> of the clean character at <paramref name="cleanOffset"/>.</summary>
    public int ToOriginal(int cleanOffset) => cleanOffset >= _map.Length ? Original.Length : _map[cleanOffset];

    /// <summary>The paragraphs of one kind, in order.</summary>
    public IEnumerable<LaidParagraph> Of(PartKind kind, PartZone? zone = null) =>
        Paragraphs.Where(p => p.Kind == kind && (zone is null || p.Zone == zone));

    /// <summary>The text of a paragraph.</summary>
    public string TextOf(LaidParagraph p) => Text[p.Start..p.End];

    static List<DocumentTable> TablesOf(List<LaidParagraph> paragraphs)
    {
        var tables = new List<DocumentTable>();
        for (int i = 0; i < paragraphs.Count;)
        {
            if (paragraphs[i].Kind != PartKind.Table) { i++; continue; }
            int j = i;
            while (j + 1 < paragraphs.Count && paragraphs[j + 1].Kind == PartKind.Table && paragraphs[j + 1].Zone == paragraphs[i].Zone && paragraphs[j + 1].Attachment == paragraphs[i].Attachment) j++;
            var rows = paragraphs.Skip(i).Take(j - i + 1).Select(p => p.Shape.Cells).ToList();
            tables.Add(new DocumentTable(paragraphs[i].Start, paragraphs[j].End, paragraphs[i].Zone, paragraphs[i].Attachment, rows));
            i = j + 1;
        }
        return tables;
    }
}
