namespace Search.Semantic.Similar;

/// <summary>Finds measures like a given one in other districts: the seam the shells depend on, so another finder (another
/// model, another ranking) can replace the product's without touching them.</summary>
public interface ISimilarMeasureFinder
{
    /// <summary>Up to <paramref name="top"/> measures, best first, none from the measure's own district; empty for a measure the
    /// finder has no vector or terms for.</summary>
    IReadOnlyList<SimilarMeasure> Find(string measureId, int top);

    /// <summary>As <see cref="Find(string, int)"/>; with <paramref name="otherDistrictsOnly"/> false the measure's own district may
    /// be listed too (never the measure itself). A finder that cannot do that lists other districts only.</summary>
    IReadOnlyList<SimilarMeasure> Find(string measureId, int top, bool otherDistrictsOnly) => Find(measureId, top);

    /// <summary>Up to <paramref name="top"/> measures like a text (a pasted paragraph, a draft), best first, from any district.</summary>
    IReadOnlyList<SimilarMeasure> FindText(string text, int top) => [];
}
