using Search.Semantic;
using Search.Web.Services;

namespace Search.Web.Similarity;

/// <summary>Similar measures from the ML.NET embedding index that the current Lucene commit names (via the shared engine, so it follows
/// re-indexing); MoreLikeThis only when the index has no semantic folder (a corpus with fewer than two measures).</summary>
public sealed class SemanticMeasureFinder(PolicyLibrary library, MoreLikeThisMeasureFinder fallback) : ISimilarMeasureFinder
{
    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top)
    {
        if (library.Engine.Semantic() is not { } index) return fallback.Find(measureId, top);
        if (!index.Store.TryGetRow(measureId, out _)) return [];
        return index.FindSimilar(SimilarTarget.ForMeasure(measureId), new SimilarOptions { Top = top })
            .Select(m => new SimilarMeasure(m.Id, m.DocId, m.Source, m.District ?? "", m.Path, m.Text, (float)m.Score, m.SharedTerms))
            .ToList();
    }
}
