using Search.Semantic.Similar;
namespace Search.Web.Similarity;

/// <summary>A measure from another district that reads like the one asked about, with the terms the two share.</summary>
public sealed record SimilarMeasure(
    string Id, string DocId, string Source, string District, string Path, string Text, float Score, IReadOnlyList<string> SharedTerms);

/// <summary>Finds measures like a given one in other districts; the web layer depends only on this, so the embedding-based finder can replace the provisional one.</summary>
public interface ISimilarMeasureFinder
{
    /// <summary>Up to <paramref name="top"/> measures, best first, none from the measure's own district; empty for an unknown id.</summary>
    IReadOnlyList<SimilarMeasure> Find(string measureId, int top);
}
