using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>The best hits by score, ties by <see cref="IndexFields.Id"/> ascending: what a <see cref="TopFieldCollector"/> on
/// (score, <see cref="IdTieBreak"/>) collects, without its per-hit comparator calls.</summary>
/// <remarks>Docs without an id come first among equal scores and then in doc order, as with the sort. Most hits of a broad query are rejected by one float comparison with the worst kept score; ids are compared
/// only on equal scores, by segment ordinal within a segment and by bytes across segments (docs without an id first).
/// The generic collector dispatches through a comparator per sort field and copies sort values into slots for each entry.</remarks>
public sealed class RelevanceCollector : ICollector
{
    private readonly int _size;
    private readonly float[] _scores;
    private readonly int[] _docs, _leaves, _ords;
    private int _count;
    // Per segment seen, in visiting order; a kept hit names its segment by index here.
    private readonly List<SortedDocValues?> _ids = [];
    private readonly BytesRef _left = new(), _right = new();
    private Scorer? _scorer;
    private SortedDocValues? _currentIds;
    private int _docBase, _leaf = -1;

    /// <summary>Hits seen, kept or not.</summary>
    public int TotalHits { get; private set; }

    public RelevanceCollector(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
        _size = size;
        _scores = new float[size];
        _docs = new int[size];
        _leaves = new int[size];
        _ords = new int[size];
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        _docBase = context.DocBase;
        _currentIds = context.AtomicReader.GetSortedDocValues(IndexFields.Id);
        _ids.Add(_currentIds);
        _leaf = _ids.Count - 1;
    }

    public void Collect(int doc)
    {
        TotalHits++;
        float score = _scorer!.GetScore();
        if (_count == _size)
        {
            // The heap's root is the worst kept hit.
            float worst = _scores[0];
            if (score < worst) return;
            int ord = _currentIds?.GetOrd(doc) ?? -1;
            if (score == worst)
            {
                int byId = CompareIds(_leaf, ord, _leaves[0], _ords[0]);
                if (byId > 0 || (byId == 0 && _docBase + doc > _docs[0])) return;
            }
            Set(0, score, doc, ord);
            SiftDown(0);
        }
        else
        {
            Set(_count, score, doc, _currentIds?.GetOrd(doc) ?? -1);
            SiftUp(_count++);
        }
    }

    /// <summary>The kept hits, best first.</summary>
    public TopDocs GetTopDocs()
    {
        var order = Enumerable.Range(0, _count).ToArray();
        Array.Sort(order, (a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        var hits = order.Select(i => new ScoreDoc(_docs[i], _scores[i])).ToArray();
        return new TopDocs(TotalHits, hits, hits.Length > 0 ? hits[0].Score : float.NaN);
    }

    /// <summary>Merges the best <paramref name="size"/> of collectors that saw disjoint segments, in the same order.</summary>
    public static TopDocs Merge(IReadOnlyList<RelevanceCollector> parts, int size)
    {
        var kept = parts.SelectMany((c, p) => Enumerable.Range(0, c._count).Select(i => (Part: c, Slot: i))).ToList();
        kept.Sort((a, b) =>
        {
            float scoreA = a.Part._scores[a.Slot], scoreB = b.Part._scores[b.Slot];
            if (scoreA != scoreB) return scoreB.CompareTo(scoreA);
            int byId = CompareBytes(a.Part, a.Slot, b.Part, b.Slot);
            return byId != 0 ? byId : a.Part._docs[a.Slot].CompareTo(b.Part._docs[b.Slot]);
        });
        var hits = kept.Take(size).Select(k => new ScoreDoc(k.Part._docs[k.Slot], k.Part._scores[k.Slot])).ToArray();
        return new TopDocs(parts.Sum(p => p.TotalHits), hits, hits.Length > 0 ? hits[0].Score : float.NaN);
    }

    private void Set(int slot, float score, int doc, int ord)
    {
        _scores[slot] = score;
        _docs[slot] = _docBase + doc;
        _leaves[slot] = _leaf;
        _ords[slot] = ord;
    }

    /// <summary>True when slot a ranks before slot b: higher score, then lower id, then (docs without an id) lower doc.</summary>
    private bool Better(int a, int b)
    {
        if (_scores[a] != _scores[b]) return _scores[a] > _scores[b];
        int byId = CompareIds(_leaves[a], _ords[a], _leaves[b], _ords[b]);
        return byId != 0 ? byId < 0 : _docs[a] < _docs[b];
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Better(parent, i)) break; // the parent must be the worse of the two
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < _count && Better(worst, left)) worst = left;
            if (right < _count && Better(worst, right)) worst = right;
            if (worst == i) return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
        (_leaves[a], _leaves[b]) = (_leaves[b], _leaves[a]);
        (_ords[a], _ords[b]) = (_ords[b], _ords[a]);
    }

    private int CompareIds(int leaf1, int ord1, int leaf2, int ord2) =>
        IdTieBreak.CompareOrdinals(_ids[leaf1], ord1, _ids[leaf2], ord2, leaf1 == leaf2, _left, _right);

    /// <summary>Compares ids kept by two collectors (always by bytes: their segment indexes are their own).</summary>
    private static int CompareBytes(RelevanceCollector a, int slotA, RelevanceCollector b, int slotB)
    {
        int ordA = a._ords[slotA], ordB = b._ords[slotB];
        return IdTieBreak.CompareOrdinals(a._ids[a._leaves[slotA]], ordA, b._ids[b._leaves[slotB]], ordB,
            sameSegment: false, a._left, b._right);
    }
}
