namespace Search.Semantic.Similar;

/// <summary>Finds measures like a given one in other districts: the seam the shells depend on, so another finder (another
/// model, another ranking) can replace the product's without touching them.</summary>
public interface ISimilarMeasureFinder
{
    /// <summary>Up to <paramref name="top"/> measures, best first, none from the measure's own district; empty for a measure the
    /// finder has no vector or terms for.</summary>
    IReadOnlyList<SimilarMeasure> Find(string measureId, int top);
}
