using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>The last sort key of every ranking: the <c>id</c> field in byte order, so equal scores (or dates) order the same way
/// whatever the segments are.</summary>
/// <remarks>Lucene's own string comparator copies the id's bytes into its slot each time a hit enters the queue, a look-up in
/// the compressed terms dictionary. A ranking of 100 slots over many thousands of scored hits enters the queue thousands of
/// times but needs the id only for ties, so this comparator keeps the segment and ordinal of each slot, compares ordinals
/// within a segment (they are in byte order) and reads bytes only to compare across segments. Docs without an id sort first,
/// as they do with Lucene's comparator.</remarks>
public static class IdTieBreak
{
    /// <summary>A sort field on <see cref="IndexFields.Id"/>, ascending.</summary>
    public static SortField Field() => new(IndexFields.Id, new Source());

    /// <summary>Compares two ids given by their segments' doc values and ordinals (−1: no id, which sorts first): by ordinal
    /// within one segment, by bytes (read into the scratch refs) across segments.</summary>
    internal static int CompareOrdinals(SortedDocValues? values1, int ord1, SortedDocValues? values2, int ord2, bool sameSegment,
        BytesRef scratch1, BytesRef scratch2)
    {
        if (ord1 < 0 || ord2 < 0) return (ord1 < 0 ? 0 : 1) - (ord2 < 0 ? 0 : 1);
        if (sameSegment) return ord1.CompareTo(ord2);
        values1!.LookupOrd(ord1, scratch1);
        values2!.LookupOrd(ord2, scratch2);
        return scratch1.CompareTo(scratch2);
    }

    private sealed class Source : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
            new Comparer(fieldname, numHits);
    }

    private sealed class Comparer(string field, int slots) : FieldComparer<BytesRef>
    {
        private readonly int[] _leafOf = new int[slots];
        private readonly int[] _ordOf = new int[slots];
        // Per segment seen so far, in the order the collector visits them; a slot names its segment by index here.
        private readonly List<SortedDocValues?> _leaves = [];
        private readonly BytesRef _left = new(), _right = new();
        private SortedDocValues? _current;
        private int _currentLeaf = -1, _bottom;
        private BytesRef? _top;

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _current = context.AtomicReader.GetSortedDocValues(field);
            _leaves.Add(_current);
            _currentLeaf = _leaves.Count - 1;
            return this;
        }

        public override void Copy(int slot, int doc)
        {
            _leafOf[slot] = _currentLeaf;
            _ordOf[slot] = _current?.GetOrd(doc) ?? -1;
        }

        public override void SetBottom(int slot) => _bottom = slot;

        public override int Compare(int slot1, int slot2) => CompareOrds(_leafOf[slot1], _ordOf[slot1], _leafOf[slot2], _ordOf[slot2]);

        public override int CompareBottom(int doc) => CompareOrds(_leafOf[_bottom], _ordOf[_bottom], _currentLeaf, _current?.GetOrd(doc) ?? -1);

        public override void SetTopValue(BytesRef value) => _top = value;

        public override int CompareTop(int doc)
        {
            int ord = _current?.GetOrd(doc) ?? -1;
            if (_top is null) return ord < 0 ? 0 : -1;
            if (ord < 0) return 1;
            _current!.LookupOrd(ord, _right);
            return _top.CompareTo(_right);
        }

        public override BytesRef this[int slot]
        {
            get
            {
                if (_ordOf[slot] < 0) return null!; // Lucene's comparator reports a missing value as null too
                var value = new BytesRef();
                _leaves[_leafOf[slot]]!.LookupOrd(_ordOf[slot], value);
                return value;
            }
        }

        public override int CompareValues(BytesRef first, BytesRef second) =>
            first is null ? (second is null ? 0 : -1) : second is null ? 1 : first.CompareTo(second);

        private int CompareOrds(int leaf1, int ord1, int leaf2, int ord2) =>
            CompareOrdinals(_leaves[leaf1], ord1, _leaves[leaf2], ord2, leaf1 == leaf2, _left, _right);
    }
}
