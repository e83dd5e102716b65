using Search.Analysis;
using Search.Ingest;
using Search.Ingest.Describing;

namespace Search.Evaluation.Synthesis;

/// <summary>A county-level unit with the names a document title would carry: 南宁市 + 兴宁区.</summary>
public sealed record SynthesisDistrict(string Code, string Province, string? City, string County);

/// <summary>What synthetic documents are made of: the real corpus's measures and headings, and every county of the gazetteer.</summary>
/// <remarks>Everything is kept in Simplified form (Traditional source documents are folded) so a synthetic document's script is decided
/// by the synthesizer alone, and in a fixed order so the same corpus always gives the same synthetic output.</remarks>
public sealed class SynthesisSource
{
    public IReadOnlyList<string> Measures { get; }
    public IReadOnlyList<string> Headings { get; }
    public IReadOnlyList<string> Subheadings { get; }
    public IReadOnlyList<SynthesisDistrict> Districts { get; }

    SynthesisSource(IReadOnlyList<string> measures, IReadOnlyList<string> headings, IReadOnlyList<string> subheadings, IReadOnlyList<SynthesisDistrict> districts)
    {
        Measures = measures;
        Headings = headings;
        Subheadings = subheadings;
        Districts = districts;
    }

    /// <summary>Ingests the real corpus with the product's own ingestor and collects its measures and section titles.</summary>
    public static SynthesisSource FromCorpus(string corpusRoot)
    {
        var measures = new List<string>();
        var headings = new SortedSet<string>(StringComparer.Ordinal);
        var subheadings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var outcome in new DocumentIngestor().IngestCorpus(corpusRoot))
        {
            if (outcome.Document is not { } document) continue;
            foreach (var m in document.Measures)
            {
                // A measure that spans lines would be re-cut by the outliner; a one-line paragraph stays one measure.
                string text = TextFolder.ToSimplified(m.Text.Replace("\r", "").Replace('\n', ' ')).Trim();
                if (text.Length >= 30) measures.Add(text);
            }
            foreach (var s in document.Sections)
            {
                if (s.Title is not { Length: >= 4 and <= 40 } title || title.Contains('\n')) continue;
                (s.Level <= 1 ? headings : subheadings).Add(TextFolder.ToSimplified(title).Trim());
            }
        }
        if (measures.Count < 10) throw new UserError($"corpus '{corpusRoot}' has {measures.Count} usable measures; the synthesizer needs at least 10");
        if (headings.Count == 0) headings.UnionWith(FallbackHeadings);
        if (subheadings.Count == 0) subheadings.UnionWith(headings);
        return new SynthesisSource(measures, headings.ToList(), subheadings.ToList(), CountyDistricts(Gazetteer.China));
    }

    static readonly string[] FallbackHeadings = ["加强党建引领", "推进教育公平", "提升教育质量", "建设教师队伍", "强化保障措施"];

    /// <summary>Every county-level unit in code order, with its prefecture (absent for province-administered counties and municipal districts' provinces).</summary>
    public static IReadOnlyList<SynthesisDistrict> CountyDistricts(Gazetteer gazetteer) =>
        gazetteer.Units.Where(u => u.Level == "county")
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(u =>
            {
                var (province, city, _) = gazetteer.Chain(u);
                return new SynthesisDistrict(u.Code, province?.Name ?? "", city?.Name, u.Name);
            })
            .Where(d => d.Province.Length > 0)
            .ToList();
}
