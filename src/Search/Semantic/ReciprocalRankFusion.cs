namespace Search.Semantic;

/// <summary>Fuses a BM25 ranking with a vector ranking by reciprocal rank; it re-ranks the BM25 list and never adds ids, so filters and exact phrases decided by BM25 stay exact.</summary>
public static class ReciprocalRankFusion
{
    /// <summary>Scores each BM25 id by 1/(k + bm25Rank) + w/(k + vectorRank) (ranks from 1; absent from the vector list adds nothing); ties keep BM25 order.</summary>
    public static IReadOnlyList<string> Fuse(IReadOnlyList<string> bm25Ids, IReadOnlyList<string> vectorIds, int k = 60, double vectorWeight = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(vectorWeight);
        var vectorRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vectorIds.Count; i++) vectorRank.TryAdd(vectorIds[i], i + 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scored = new List<(string Id, double Score, int Bm25Rank)>(bm25Ids.Count);
        for (int i = 0; i < bm25Ids.Count; i++)
        {
            string id = bm25Ids[i];
            if (!seen.Add(id)) continue;
            double score = 1.0 / (k + i + 1);
            if (vectorRank.TryGetValue(id, out int r)) score += vectorWeight / (k + r);
            scored.Add((id, score, i));
        }
        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Bm25Rank).Select(s => s.Id).ToList();
    }
}
