using System.Runtime.CompilerServices;

namespace Search.Semantic.Vectors;

/// <summary>A scored row of the matrix.</summary>
public readonly record struct VectorHit(int Row, float Score);

/// <summary>The k best hits offered (higher score first, then lower row): offers fill a buffer of 2k that is cut back to its
/// k best (quickselect) when full, and once cut, the k-th best so far turns the rest away with one comparison.</summary>
/// <remarks>Why not a binary heap: <c>similar</c> keeps a pool of thousands of candidates, and with a heap each of the ~k·ln(n/k)
/// hits that enter it pays a sift of log k tuple comparisons, which cost more than the scan of the codes itself. Cutting a full
/// buffer costs O(k) per k entries. The kept set is the same: the order is total, so the k best are one set whichever way they
/// are found.</remarks>
sealed class TopK
{
    readonly int _k;
    readonly VectorHit[] _buffer;
    int _count;
    bool _cut;
    VectorHit _worst; // once cut: the k-th best so far

    public TopK(int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k));
        _k = k;
        _buffer = new VectorHit[2 * k];
    }

    /// <summary>The k best offered so far (all of them when fewer), in no particular order.</summary>
    public IEnumerable<VectorHit> Items
    {
        get
        {
            if (_count > _k) Cut();
            return new ArraySegment<VectorHit>(_buffer, 0, _count);
        }
    }

    /// <summary>Whether an offer of this hit could be kept now (false once the k-th best so far is better).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Admits(float score, int row) => !_cut || Better(score, row, _worst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, float score)
    {
        if (_cut && !Better(score, row, _worst)) return;
        if (_count == _buffer.Length)
        {
            Cut();
            if (!Better(score, row, _worst)) return;
        }
        _buffer[_count++] = new VectorHit(row, score);
    }

    public IReadOnlyList<VectorHit> Sorted()
    {
        if (_count > _k) Cut();
        var sorted = _buffer.AsSpan(0, _count).ToArray();
        Array.Sort(sorted, static (a, b) => Better(a.Score, a.Row, b) ? -1 : Better(b.Score, b.Row, a) ? 1 : 0);
        return sorted;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Better(float score, int row, VectorHit than) => score > than.Score || (score == than.Score && row < than.Row);

    /// <summary>Keeps the k best of the buffer in its first k slots and notes the worst of them.</summary>
    void Cut()
    {
        SelectBest(_buffer.AsSpan(0, _count), _k);
        _count = _k;
        var worst = _buffer[0];
        for (int i = 1; i < _k; i++)
            if (Better(worst.Score, worst.Row, _buffer[i])) worst = _buffer[i];
        _worst = worst;
        _cut = true;
    }

    /// <summary>Reorders <paramref name="hits"/> so that its <paramref name="k"/> best come first (Hoare partitions around a
    /// median of three, narrowing to the side that holds the k-th place).</summary>
    internal static void SelectBest(Span<VectorHit> hits, int k)
    {
        int lo = 0, hi = hits.Length - 1;
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            // Median of three into hits[mid], as the pivot.
            if (Better(hits[mid].Score, hits[mid].Row, hits[lo])) (hits[lo], hits[mid]) = (hits[mid], hits[lo]);
            if (Better(hits[hi].Score, hits[hi].Row, hits[lo])) (hits[lo], hits[hi]) = (hits[hi], hits[lo]);
            if (Better(hits[hi].Score, hits[hi].Row, hits[mid])) (hits[mid], hits[hi]) = (hits[hi], hits[mid]);
            var pivot = hits[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Better(hits[i].Score, hits[i].Row, pivot)) i++;
                while (Better(pivot.Score, pivot.Row, hits[j])) j--;
                if (i <= j)
                {
                    (hits[i], hits[j]) = (hits[j], hits[i]);
                    i++;
                    j--;
                }
            }
            // Now [lo, j] are at least as good as the pivot, [i, hi] at most as good, and anything between equals it.
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    /// <summary>The k best of several tops, sorted.</summary>
    public static IReadOnlyList<VectorHit> Merge(IEnumerable<TopK> tops, int k)
    {
        var merged = new TopK(k);
        foreach (var top in tops) foreach (var hit in top.Items) merged.Offer(hit.Row, hit.Score);
        return merged.Sorted();
    }
}
