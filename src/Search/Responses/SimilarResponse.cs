using Search.Querying;
using Search.Semantic.Similar;

namespace Search.Responses;

/// <summary>Measures like a source measure or a pasted text (<c>GET /api/measures/{id}/similar</c>, <c>GET /api/similar?text=</c>):
/// the source on top with the shared terms marked, then each similar measure with its document's title, region and year, the
/// terms it shares marked in its text, and whether it passes the relevance cut-off.</summary>
/// <param name="MeasureId">The source measure's id (null for a text).</param>
/// <param name="District">The source measure's district (null for a text).</param>
/// <param name="Strong">How many hits pass the cut-off (<see cref="SimilarHit.Strong"/>); a page shows those and offers the rest.</param>
/// <param name="OtherDistrictsOnly">Whether the source's own district was left out.</param>
public sealed record SimilarResponse(string? MeasureId, string? District, SimilarSource Source, IReadOnlyList<SimilarHit> Hits, int Strong, bool OtherDistrictsOnly)
{
    /// <summary>A hit is strong when its embedding similarity is at least this share of the best hit's.</summary>
    /// <remarks>On the seed corpus the neighbours of a 控辍保学 measure fall from 1.03–0.62 (the same policy) to 0.41 and below
    /// (campus safety, 从严治党): half the best similarity separates the two.</remarks>
    public const double CutOff = 0.5;

    internal static SimilarResponse From(string? measureId, string? district, SimilarSource source, IReadOnlyList<SimilarMeasure> hits,
        IReadOnlyDictionary<string, SimilarDocumentFacts> facts, bool otherDistrictsOnly)
    {
        double best = hits.Count == 0 ? 0 : hits.Max(h => h.Similarity);
        var list = hits.Select(h =>
        {
            var f = facts.GetValueOrDefault(h.DocId);
            return new SimilarHit(h.Id, h.DocId, f?.Title ?? "", f?.Province ?? "", f?.City ?? "", h.District ?? f?.District ?? "", f?.Year,
                h.Path, MeasureLabel.Of(h.Path), h.Text, h.Marks, h.Score, h.Similarity, h.SharedTerms, h.Similarity >= CutOff * best);
        }).ToList();
        var marks = Merge(hits.SelectMany(h => h.TargetMarks));
        return new SimilarResponse(measureId, district, source with { Marks = marks }, list, list.Count(h => h.Strong), otherDistrictsOnly);
    }

    static IReadOnlyList<MarkRange> Merge(IEnumerable<MarkRange> ranges)
    {
        var merged = new List<MarkRange>();
        foreach (var r in ranges.OrderBy(r => r.Start).ThenByDescending(r => r.Length))
        {
            if (merged.Count > 0 && r.Start < merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                int end = Math.Max(last.Start + last.Length, r.Start + r.Length);
                merged[^1] = new MarkRange(last.Start, end - last.Start);
            }
            else merged.Add(r);
        }
        return merged;
    }
}

/// <summary>What similar measures are found for: a measure (with its document) or a pasted text; <see cref="Marks"/> are where the
/// listed hits' shared terms occur in it.</summary>
public sealed record SimilarSource(string? Id, string? DocId, string? Title, string? Province, string? City, string? District, int? Year,
    string? Path, string? PathLabel, string Text, IReadOnlyList<MarkRange> Marks);

/// <summary>A similar measure with its document's title, region and first year.</summary>
/// <param name="Marks">Where the shared terms occur in <paramref name="Text"/>.</param>
/// <param name="Score">The order of the list (the hybrid's fused score).</param>
/// <param name="Similarity">The embedding's similarity, which the cut-off reads.</param>
/// <param name="Strong">At least <see cref="SimilarResponse.CutOff"/> of the best hit's similarity.</param>
public sealed record SimilarHit(string Id, string DocId, string Title, string Province, string City, string District, int? Year,
    string Path, string PathLabel, string Text, IReadOnlyList<MarkRange> Marks, double Score, double Similarity, IReadOnlyList<string> SharedTerms, bool Strong);

/// <summary>Title, region and first year of a document, for the hits of a similar list.</summary>
internal sealed record SimilarDocumentFacts(string Title, string Province, string City, string District, int? Year);
