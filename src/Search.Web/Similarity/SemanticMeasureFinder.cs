using Search.Semantic;
using Search.Web.Services;
using Search.Semantic.Similar;

namespace Search.Web.Similarity;

/// <summary>Similar measures by the engine's hybrid (the ML.NET embedding index that the current Lucene commit names, fused with BM25
/// MoreLikeThis over its measure docs; via the shared engine, so it follows re-indexing); MoreLikeThis alone only when the index has
/// no semantic folder (a corpus with fewer than two measures).</summary>
public sealed class SemanticMeasureFinder(PolicyLibrary library, MoreLikeThisMeasureFinder fallback) : ISimilarMeasureFinder
{
    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top)
    {
        if (library.Engine.Semantic() is not { } index) return fallback.Find(measureId, top);
        if (!index.Store.TryGetRow(measureId, out _)) return [];
        var hits = library.Engine.FindSimilar(SimilarTarget.ForMeasure(measureId), new SimilarOptions { Top = top });
        if (hits is null) return fallback.Find(measureId, top); // the semantic folder went away between the two calls
        return hits.Select(m => new SimilarMeasure(m.Id, m.DocId, m.Source, m.District ?? "", m.Path, m.Text, (float)m.Score, m.SharedTerms))
            .ToList();
    }
}
