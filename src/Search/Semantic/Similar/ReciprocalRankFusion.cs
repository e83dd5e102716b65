namespace Search.Semantic.Similar;

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

    /// <summary>Scores every vector candidate by w/(k + vectorRank) + 1/(k + bm25Rank) (absent from the BM25 list adds nothing),
    /// normalised so that first in both lists scores 1; ties keep vector order.</summary>
    /// <remarks>For similar measures the candidates are the vector search's, already filtered (other districts, region, year, type);
    /// the BM25 list only ranks some of them, so a candidate no selected term reaches keeps its vector vote.</remarks>
    public static IReadOnlyList<(string Id, double Score)> FuseCandidates(IReadOnlyList<string> vectorIds, IReadOnlyList<string> bm25Ids, int k = 60, double vectorWeight = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(vectorWeight);
        var bm25Rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < bm25Ids.Count; i++) bm25Rank.TryAdd(bm25Ids[i], i + 1);
        double best = (1 + vectorWeight) / (k + 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scored = new List<(string Id, double Score, int VectorRank)>(vectorIds.Count);
        for (int i = 0; i < vectorIds.Count; i++)
        {
            string id = vectorIds[i];
            if (!seen.Add(id)) continue;
            double score = vectorWeight / (k + i + 1);
            if (bm25Rank.TryGetValue(id, out int r)) score += 1.0 / (k + r);
            scored.Add((id, score / best, i));
        }
        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.VectorRank).Select(s => (s.Id, s.Score)).ToList();
    }
}
