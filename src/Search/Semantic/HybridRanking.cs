namespace Search.Semantic;

/// <summary>Re-ranks a free-text query's BM25 measure hits with the vector ranking of the same text; queries with quoted phrases keep the BM25 order.</summary>
/// <remarks>The fusion only reorders ids BM25 already returned, so filters and phrases the Lucene query enforced stay exact.</remarks>
public sealed class HybridRanking(SemanticIndex index)
{
    /// <summary>How deep the vector ranking looks: enough to cover any BM25 page it is fused with.</summary>
    public int VectorDepth { get; init; } = 1000;

    public IReadOnlyList<string> Rerank(IReadOnlyList<string> bm25MeasureIds, string queryText, bool hasExactPhrase)
    {
        if (hasExactPhrase || bm25MeasureIds.Count < 2 || string.IsNullOrWhiteSpace(queryText)) return bm25MeasureIds;
        var vector = index.FindSimilar(SimilarTarget.ForText(queryText),
            new SimilarOptions { Top = Math.Max(VectorDepth, bm25MeasureIds.Count), OtherDistrictsOnly = false, Explain = false, NearDuplicate = 1f, PassageWeight = 0 });
        return ReciprocalRankFusion.Fuse(bm25MeasureIds, vector.Select(h => h.Id).ToList());
    }
}
