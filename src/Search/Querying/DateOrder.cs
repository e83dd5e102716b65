using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>The key documents are sorted by in date order: the document's date (成文日期, else 发布日期) as yyyymmdd; a document
/// with no date but a year sorts as yyyy0000 of its first year, i.e. after the dated documents of that year and before those of
/// the year before (newest first); with neither, 0 (last).</summary>
/// <remarks>Read at query time from the <c>date</c> and <c>year</c> doc values, so an index needs no new field.</remarks>
public static class DateOrder
{
    /// <summary>A sort field on the key, descending when <paramref name="newestFirst"/>.</summary>
    public static SortField Field(bool newestFirst = true) => new(IndexFields.Date, new Source(), newestFirst);

    /// <summary>The key from a date (yyyymmdd or 0) and a first year (or null).</summary>
    public static long Key(long date, int? firstYear) => date != 0 ? date : firstYear is int y ? y * 10_000L : 0;

    /// <summary>Reads the key of each doc of one segment.</summary>
    internal sealed class Reader(AtomicReader reader)
    {
        private readonly NumericDocValues? _dates = reader.GetNumericDocValues(IndexFields.Date);
        private readonly SortedSetDocValues? _years = reader.GetSortedSetDocValues(IndexFields.Year);
        private readonly BytesRef _scratch = new();

        public long Key(int doc)
        {
            long date = _dates?.Get(doc) ?? 0;
            if (date != 0 || _years is null) return date;
            _years.SetDocument(doc);
            long ord = _years.NextOrd(); // ordinals are in byte order, and years are four ASCII digits: the first is the earliest
            if (ord == SortedSetDocValues.NO_MORE_ORDS) return 0;
            int year = SegmentNames.Year(reader, _years, ord, _scratch) ?? 0;
            return year * 10_000L;
        }
    }

    private sealed class Source : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(numHits);
    }

    private sealed class Comparer(int slots) : FieldComparer<J2N.Numerics.Int64>
    {
        private readonly long[] _values = new long[slots];
        private Reader? _current;
        private long _bottom, _top;

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _current = new Reader(context.AtomicReader);
            return this;
        }

        public override int Compare(int slot1, int slot2) => _values[slot1].CompareTo(_values[slot2]);
        public override void SetBottom(int slot) => _bottom = _values[slot];
        public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value?.ToInt64() ?? 0;
        public override int CompareBottom(int doc) => _bottom.CompareTo(_current!.Key(doc));
        public override int CompareTop(int doc) => _top.CompareTo(_current!.Key(doc));
        public override void Copy(int slot, int doc) => _values[slot] = _current!.Key(doc);
        public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_values[slot]);
        public override int CompareValues(J2N.Numerics.Int64 first, J2N.Numerics.Int64 second) => first.ToInt64().CompareTo(second.ToInt64());
    }
}
