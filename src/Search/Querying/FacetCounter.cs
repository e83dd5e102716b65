using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>One value of a facet and how many policy documents have it.</summary>
public sealed record FacetValue(string Value, int Count);

/// <summary>The counts of one facet field, most frequent first (ties by value, ordinal).</summary>
public sealed record Facet(string Field, IReadOnlyList<FacetValue> Values);

/// <summary>Counts policy documents per metadata value (province, city, district, year, type, issuer) from Lucene core doc values.</summary>
/// <remarks>
/// <para><b>Documents, not hits.</b> A query over measures hits many measures of one document; counting them would make a
/// long plan outweigh a short one. The collector reads <c>doc_id</c> (sorted doc values) and counts each policy document
/// once, taking its metadata from its first hit (all measures of a document carry the same metadata).</para>
/// <para><b>Drill-down, multi-select.</b> <see cref="Count(IndexSearcher, SearchPlan)"/> counts every facet on the
/// query with all its top-level filters, except that a facet whose own field is being filtered is counted without that
/// filter: choosing <c>province:广西</c> still shows 云南 with the count it would have, so the user can switch or compare.</para>
/// <para>A field may hold <c>SortedSetDocValues</c> (several values, e.g. years of a multi-year plan), <c>SortedDocValues</c>
/// or <c>NumericDocValues</c>; values are shown as strings (numbers in invariant culture).</para>
/// </remarks>
public sealed class FacetCounter
{
    private readonly IReadOnlyList<string> _fields;
    private readonly int _maxValues;

    /// <param name="fields">Facet fields in display order; <see cref="IndexFields.FacetFields"/> by default.</param>
    /// <param name="maxValues">Most values reported per field.</param>
    public FacetCounter(IReadOnlyList<string>? fields = null, int maxValues = 100)
    {
        _fields = fields ?? IndexFields.FacetFields;
        _maxValues = Math.Max(1, maxValues);
    }

    /// <summary>Counts for the plan: its full query, but each filtered facet without its own filter (multi-select).</summary>
    /// <param name="oncePerDocument">True when the plan's hits are measures (several per policy document); false when they are
    /// policy-document docs already, which skips the per-hit document-id lookup.</param>
    /// <remarks>The plain definition, one search per filtered field; searches use the one-pass <see cref="Start"/>, which must agree with it.</remarks>
    public IReadOnlyList<Facet> Count(IndexSearcher searcher, SearchPlan plan, bool oncePerDocument = true)
    {
        var filtered = plan.DrillDowns.Select(d => d.Field).ToHashSet(StringComparer.Ordinal);
        var shared = _fields.Where(f => !filtered.Contains(f)).ToList();
        var counts = Collect(searcher, plan.Query, shared, oncePerDocument).ToDictionary(f => f.Field, StringComparer.Ordinal);
        foreach (var field in _fields.Where(filtered.Contains))
            counts[field] = Collect(searcher, plan.WithDrillDownsExcept(field), [field], oncePerDocument)[0];
        return _fields.Select(f => counts[f]).ToList();
    }

    /// <summary>Begins one pass that both collects the plan's hits (into <paramref name="hits"/>) and counts every facet the way
    /// <see cref="Count(IndexSearcher, SearchPlan, bool)"/> does: run <see cref="FacetRun.Query"/> with <see cref="FacetRun.Collector"/>,
    /// then <see cref="FacetRun.Finish"/>.</summary>
    /// <remarks>Drill-sideways: with filters, the pass runs the unfiltered match and tests each hit against every filtered field
    /// (bit sets per segment). A hit passing all filters is a hit of the plan and counts for every facet; a hit failing the
    /// filters of exactly one field counts only for that field's facet (what it would add if that filter were lifted); others
    /// count nowhere. One evaluation of the text query replaces one per filtered field. Scores are those of the full query:
    /// filters are constant-score with boost 0 and BM25 has no coordination factor.</remarks>
    public FacetRun Start(IndexSearcher searcher, SearchPlan plan, ICollector hits, bool oncePerDocument = true) =>
        new(this, searcher, plan, hits, oncePerDocument);

    /// <summary>Facet counting in progress for one plan, fused with the collection of its hits.</summary>
    public sealed class FacetRun
    {
        private readonly FacetCounter _counter;
        private readonly IReadOnlyList<string> _shared;
        private readonly string[] _filtered;
        private readonly FacetCollector _sharedCollector;
        private readonly FacetCollector[] _filteredCollectors;

        internal FacetRun(FacetCounter counter, IndexSearcher searcher, SearchPlan plan, ICollector hits, bool oncePerDocument)
        {
            _counter = counter;
            _filtered = plan.DrillDowns.Select(d => d.Field).Distinct(StringComparer.Ordinal).Where(counter._fields.Contains).ToArray();
            _shared = counter._fields.Where(f => !_filtered.Contains(f)).ToList();
            _sharedCollector = new FacetCollector(_shared, oncePerDocument, counter._fields);
            _filteredCollectors = _filtered.Select(f => new FacetCollector([f], oncePerDocument, counter._fields)).ToArray();
            if (plan.DrillDowns.Count == 0)
            {
                Query = plan.Query;
                Collector = MultiCollector.Wrap(hits, _sharedCollector);
                return;
            }
            Query = plan.Match;
            // Filters on fields that are not facets still restrict the hits: they join the group that is never lifted.
            var groups = _filtered.Select(f => plan.DrillDowns.Where(d => d.Field == f).ToList()).ToList();
            var always = plan.DrillDowns.Where(d => !_filtered.Contains(d.Field)).ToList();
            var weights = groups.Select(g => g.Select(d => searcher.CreateNormalizedWeight(d.Filter)).ToArray()).ToArray();
            var alwaysWeights = always.Select(d => searcher.CreateNormalizedWeight(d.Filter)).ToArray();
            Collector = new SidewaysCollector(hits, _sharedCollector, _filteredCollectors, weights, alwaysWeights);
        }

        /// <summary>The query to run: the plan's full query, or its unfiltered match when it has filters.</summary>
        public Query Query { get; }

        /// <summary>Feed it every hit of <see cref="Query"/>.</summary>
        public ICollector Collector { get; }

        /// <summary>Adds the counts of a run over other segments of the same plan (then <see cref="Finish"/> this one).</summary>
        public void Absorb(FacetRun other)
        {
            if (!other._filtered.SequenceEqual(_filtered)) throw new ArgumentException("runs of different plans", nameof(other));
            _sharedCollector.Absorb(other._sharedCollector);
            for (int i = 0; i < _filteredCollectors.Length; i++) _filteredCollectors[i].Absorb(other._filteredCollectors[i]);
        }

        public IReadOnlyList<Facet> Finish()
        {
            _sharedCollector.Flush();
            foreach (var c in _filteredCollectors) c.Flush();
            var counts = new Dictionary<string, Facet>(StringComparer.Ordinal);
            foreach (var facet in _counter.ToFacets(_sharedCollector, _shared)) counts[facet.Field] = facet;
            for (int i = 0; i < _filtered.Length; i++) counts[_filtered[i]] = _counter.ToFacets(_filteredCollectors[i], [_filtered[i]])[0];
            return _counter._fields.Select(f => counts[f]).ToList();
        }
    }

    /// <summary>Routes each hit of the unfiltered match: all filters passed → hits and every facet; one field's filters failed → that facet only.</summary>
    private sealed class SidewaysCollector(ICollector hits, FacetCollector shared, FacetCollector[] perField, Weight[][] fieldFilters, Weight[] alwaysFilters) : ICollector
    {
        private FixedBitSet?[] _fieldBits = [];
        private FixedBitSet?[] _alwaysBits = [];

        public bool AcceptsDocsOutOfOrder => hits.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => hits.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            hits.SetNextReader(context);
            shared.SetNextReader(context);
            foreach (var c in perField) c.SetNextReader(context);
            _fieldBits = fieldFilters.Select(group => Intersect(group, context)).ToArray();
            _alwaysBits = alwaysFilters.Select(w => Intersect([w], context)).ToArray();
        }

        /// <summary>The docs of this segment passing every filter of the group (null: none does).</summary>
        private static FixedBitSet? Intersect(Weight[] group, AtomicReaderContext context)
        {
            FixedBitSet? result = null;
            foreach (var weight in group)
            {
                var bits = new FixedBitSet(context.AtomicReader.MaxDoc);
                if (weight.GetScorer(context, context.AtomicReader.LiveDocs) is { } scorer)
                    for (int d = scorer.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = scorer.NextDoc()) bits.Set(d);
                if (result is null) result = bits;
                else result.And(bits);
            }
            return result;
        }

        public void Collect(int doc)
        {
            foreach (var bits in _alwaysBits)
                if (bits is null || !bits.Get(doc)) return;
            int missed = -1;
            for (int g = 0; g < _fieldBits.Length; g++)
            {
                if (_fieldBits[g] is { } bits && bits.Get(doc)) continue;
                if (missed >= 0) return; // fails two fields: counts nowhere
                missed = g;
            }
            if (missed >= 0)
            {
                perField[missed].Collect(doc);
                return;
            }
            hits.Collect(doc);
            shared.Collect(doc);
            foreach (var c in perField) c.Collect(doc);
        }
    }

    /// <summary>Counts for exactly the documents matching <paramref name="query"/>.</summary>
    public IReadOnlyList<Facet> Count(IndexSearcher searcher, Query query) => Collect(searcher, query, _fields, oncePerDocument: true);

    private IReadOnlyList<Facet> Collect(IndexSearcher searcher, Query query, IReadOnlyList<string> fields, bool oncePerDocument)
    {
        var collector = new FacetCollector(fields, oncePerDocument, _fields);
        searcher.Search(query, collector);
        collector.Flush();
        return ToFacets(collector, fields);
    }

    private IReadOnlyList<Facet> ToFacets(FacetCollector collector, IReadOnlyList<string> fields)
    {
        return fields.Select((f, i) => new Facet(f, Top(collector.CountsOf(i)))).ToList();
    }

    /// <summary>The <see cref="_maxValues"/> most frequent values, ties by value (ordinal).</summary>
    /// <remarks>Only values at or above the cut-off count are sorted with their strings: a broad query has thousands of
    /// districts and issuers, most of them ties on small counts, and sorting them all by name was most of a facet's cost.</remarks>
    private List<FacetValue> Top(List<KeyValuePair<string, int>> counts)
    {
        if (counts.Count > _maxValues)
        {
            var values = counts.Select(p => p.Value).ToArray();
            Array.Sort(values);
            int cutOff = values[^_maxValues];
            counts = counts.Where(p => p.Value >= cutOff).ToList();
        }
        counts.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return counts.Take(_maxValues).Select(p => new FacetValue(p.Key, p.Value)).ToList();
    }

    /// <summary>Collects facet counts for a query, once per policy document.</summary>
    /// <remarks>Counts segment ordinals in arrays, adds each segment's counts up by process-wide value id, and turns ids into
    /// strings once per query: per-hit (or per-segment) string work would dominate a broad query's latency.</remarks>
    private sealed class FacetCollector(IReadOnlyList<string> fields, bool oncePerDocument, IReadOnlyList<string> tableFields) : ICollector
    {
        private readonly HashSet<string> _seenDocuments = new(StringComparer.Ordinal);
        private readonly BytesRef _scratch = new();
        private SortedDocValues? _docIds;
        private int _docBase;
        private FieldValues?[] _values = [];
        private SegmentFacets.Table _table = SegmentFacets.Table.Empty;
        private int[] _columns = [];
        private SortedSetDocValues?[] _sets = [];
        private int[][] _ordCounts = [];

        // Values read through the slow path (fields without ordinal doc values), by string.
        private readonly Dictionary<string, int>[] _byValue = fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        // Everything else, by process-wide value id (FacetValueIds): adding a segment's counts is then array arithmetic.
        private readonly int[][] _byId = fields.Select(_ => Array.Empty<int>()).ToArray();

        /// <summary>The non-zero counts of the i-th field by value, once every segment is flushed.</summary>
        /// <remarks>Read off the id array in one pass (names fetched once) rather than through a dictionary over every value id the
        /// process knows (thousands of districts and issuers).</remarks>
        public List<KeyValuePair<string, int>> CountsOf(int i)
        {
            var byId = _byId[i];
            var names = FacetValueIds.Names(byId.Length);
            if (_byValue[i].Count == 0)
            {
                var counts = new List<KeyValuePair<string, int>>();
                for (int id = 0; id < byId.Length; id++)
                    if (byId[id] != 0) counts.Add(new(names[id], byId[id]));
                return counts;
            }
            var merged = new Dictionary<string, int>(_byValue[i], StringComparer.Ordinal);
            for (int id = 0; id < byId.Length; id++)
                if (byId[id] != 0) merged[names[id]] = merged.GetValueOrDefault(names[id]) + byId[id];
            return [.. merged];
        }

        /// <summary>Adds another collector's counts (same fields, other segments).</summary>
        /// <remarks>Per-document de-duplication needs nothing more: a policy document's docs are one block in one segment.</remarks>
        public void Absorb(FacetCollector other)
        {
            Flush();
            other.Flush();
            for (int i = 0; i < _byId.Length; i++)
            {
                if (_byId[i].Length < other._byId[i].Length) Array.Resize(ref _byId[i], other._byId[i].Length);
                for (int id = 0; id < other._byId[i].Length; id++) _byId[i][id] += other._byId[i][id];
                foreach (var (value, count) in other._byValue[i]) _byValue[i][value] = _byValue[i].GetValueOrDefault(value) + count;
            }
        }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            _docBase = context.DocBase;
            _docIds = oncePerDocument ? reader.GetSortedDocValues(IndexFields.DocId) : null;
            _table = SegmentFacets.For(reader, tableFields);
            _columns = fields.Select(f => _table.Column(f)).ToArray();
            _values = fields.Select((f, i) => _columns[i] < 0 ? FieldValues.Open(reader, f) : null).ToArray();
            _sets = fields.Select((f, i) => _columns[i] < 0 ? null : reader.GetSortedSetDocValues(f) ?? DocValues.Singleton(reader.GetSortedDocValues(f))).ToArray();
            _ordCounts = _columns.Select(c => c < 0 ? [] : new int[_table.Names[c].Length]).ToArray();
        }

        public void Collect(int doc)
        {
            if (oncePerDocument)
            {
                string documentKey;
                if (_docIds is not null && _docIds.GetOrd(doc) >= 0)
                {
                    _docIds.Get(doc, _scratch);
                    documentKey = _scratch.Utf8ToString();
                }
                else documentKey = "#" + (_docBase + doc).ToString(CultureInfo.InvariantCulture);
                if (!_seenDocuments.Add(documentKey)) return;
            }
            int rank = _table.RowOf(doc);
            if (rank < 0)
            {
                CollectOutsideTable(doc);
                return;
            }
            var rows = _table.Rows;
            int row = rank * _table.Width;
            for (var i = 0; i < _columns.Length; i++)
            {
                int column = _columns[i];
                if (column < 0)
                {
                    CountValues(i, doc);
                    continue;
                }
                int ord = rows[row + column];
                if (ord >= 0) _ordCounts[i][ord]++;
                else if (ord == SegmentFacets.Table.Several)
                {
                    var multi = _table.Multi[column]!;
                    var counts = _ordCounts[i];
                    for (int k = multi.Starts[rank], end = multi.Starts[rank + 1]; k < end; k++) counts[multi.Ordinals[k]]++;
                }
            }
        }

        /// <summary>A measure doc (the table holds policy-document docs only): its ordinals straight from doc values.</summary>
        private void CollectOutsideTable(int doc)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                if (_columns[i] < 0)
                {
                    CountValues(i, doc);
                    continue;
                }
                var set = _sets[i]!;
                set.SetDocument(doc);
                for (long ord = set.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = set.NextOrd()) _ordCounts[i][ord]++;
            }
        }

        /// <summary>The slow path for a field without ordinal doc values: its values as strings.</summary>
        private void CountValues(int i, int doc)
        {
            foreach (var value in _values[i]!.Read(doc, _scratch))
                _byValue[i][value] = _byValue[i].GetValueOrDefault(value) + 1;
        }

        /// <summary>Adds the current segment's ordinal counts to the totals by value.</summary>
        public void Flush()
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                if (_columns[i] < 0) continue;
                var counts = _ordCounts[i];
                var ids = _table.Ids[_columns[i]];
                if (_byId[i].Length < FacetValueIds.Count) Array.Resize(ref _byId[i], FacetValueIds.Count);
                var total = _byId[i];
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] == 0) continue;
                    total[ids[ord]] += counts[ord];
                    counts[ord] = 0;
                }
            }
        }
    }

    /// <summary>A small id for every facet value string the process has seen, so counts from different segments (each with its
    /// own ordinals) add up in arrays instead of string-keyed dictionaries (~2,900 districts and issuers per segment per query).</summary>
    private static class FacetValueIds
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
        private static readonly List<string> NameList = [];
        private static readonly Lock Gate = new();

        public static int Count { get { lock (Gate) return NameList.Count; } }

        public static int Of(string value)
        {
            if (Ids.TryGetValue(value, out var id)) return id;
            lock (Gate)
            {
                if (Ids.TryGetValue(value, out id)) return id;
                id = NameList.Count;
                NameList.Add(value);
                Ids[value] = id;
                return id;
            }
        }

        private static volatile string[] _snapshot = [];

        /// <summary>Names by id, at least the first <paramref name="count"/>: ids never change, so a copy stays right and is
        /// re-made only after new values arrived (new segments), not per query.</summary>
        public static string[] Names(int count)
        {
            var names = _snapshot;
            if (names.Length >= count) return names;
            lock (Gate) return _snapshot = [.. NameList];
        }
    }

    /// <summary>Ordinals of the docs that hold several values of a field: doc d's are <c>Ordinals[Starts[d]..Starts[d + 1]]</c>.</summary>
    private sealed record MultiOrdinals(int[] Starts, int[] Ordinals);

    /// <summary>Per segment, kept while the segment lives: every facet value's string (by ordinal) and every policy-document
    /// doc's ordinals of all facet fields side by side in one heap array (a row per doc, found by its rank in a bit set).</summary>
    /// <remarks>Through Lucene.Net's doc values an ordinal read is a seek and a packed read on the mapped file, and an ordinal's
    /// string a block of the compressed terms dictionary; a broad query counts six fields for every hit and would turn every
    /// counted ordinal of every segment (thousands of districts and issuers) into a string again. Arrays over every doc would
    /// still cost a memory stall per hit (hits far apart); rows for document docs only are a small fraction of that. Multi-valued fields (years of a
    /// multi-year plan) keep a doc's only ordinal in the row and mark docs with several. Built on first use per segment, keyed
    /// by the segment's core (shared by every later commit that keeps the segment) and dropped with it.</remarks>
    private static class SegmentFacets
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Table>>> Cache = new();

        /// <summary>The facet table of one segment over <paramref name="fields"/> (fields without ordinal doc values get no column).</summary>
        public sealed class Table(string[] fields, int[] rows, MultiOrdinals?[] multi, string[][] names, ulong[] documentDocs, int[] wordRanks)
        {
            /// <summary>The row of a policy-document doc (its rank among them), or −1 for any other doc.</summary>
            public int RowOf(int doc)
            {
                int word = doc >> 6;
                if (word >= documentDocs.Length) return -1;
                ulong bits = documentDocs[word], mask = 1UL << (doc & 63);
                if ((bits & mask) == 0) return -1;
                return wordRanks[word] + System.Numerics.BitOperations.PopCount(bits & (mask - 1));
            }

            /// <summary>Per column, each ordinal's process-wide value id.</summary>
            public int[][] Ids { get; } = names.Select(n => n.Select(FacetValueIds.Of).ToArray()).ToArray();
            /// <summary>Row value of a doc with several ordinals in the field (they are in <see cref="Multi"/>); −1 means none.</summary>
            public const int Several = -2;
            public static readonly Table Empty = new([], [], [], [], [], []);
            public int Width { get; } = fields.Length;
            public int[] Rows { get; } = rows;
            public MultiOrdinals?[] Multi { get; } = multi;
            public string[][] Names { get; } = names;
            public int Column(string field) => Array.IndexOf(fields, field);
        }

        public static Table For(AtomicReader reader, IReadOnlyList<string> fields)
        {
            var perFields = Cache.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal));
            return perFields.GetOrAdd(string.Join('\u0001', fields), _ => new Lazy<Table>(() => Build(reader, fields))).Value;
        }

        private static Table Build(AtomicReader reader, IReadOnlyList<string> fields)
        {
            // Read afresh: doc values iterators are not shared between threads.
            var sets = fields.Select(f => (Field: f, Set: reader.GetSortedSetDocValues(f) ?? (reader.GetSortedDocValues(f) is { } one ? DocValues.Singleton(one) : null)))
                .Where(x => x.Set is not null).ToArray();
            int width = sets.Length, maxDoc = reader.MaxDoc;
            // Rows only for policy-document docs: they are what searches count, and a table over every doc (measures are ~20×
            // as many) is too big for the caches, which cost a memory stall per hit.
            var documentDocs = new ulong[(maxDoc + 63) >> 6];
            var docs = new List<int>();
            var postings = reader.GetTermDocsEnum(new Lucene.Net.Index.Term(IndexFields.Kind, IndexFields.KindDocument));
            if (postings is not null)
                for (int d = postings.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.NextDoc())
                {
                    documentDocs[d >> 6] |= 1UL << (d & 63);
                    docs.Add(d);
                }
            var wordRanks = new int[documentDocs.Length];
            for (int w = 1; w < wordRanks.Length; w++) wordRanks[w] = wordRanks[w - 1] + System.Numerics.BitOperations.PopCount(documentDocs[w - 1]);
            var rows = new int[checked(docs.Count * width)];
            var multi = new MultiOrdinals?[width];
            var names = new string[width][];
            var scratch = new BytesRef();
            for (int c = 0; c < width; c++)
            {
                var set = sets[c].Set!;
                names[c] = new string[checked((int)set.ValueCount)];
                for (int o = 0; o < names[c].Length; o++)
                {
                    set.LookupOrd(o, scratch);
                    names[c][o] = scratch.Utf8ToString();
                }
                if (DocValues.UnwrapSingleton(set) is { } single)
                {
                    for (int r = 0; r < docs.Count; r++) rows[r * width + c] = single.GetOrd(docs[r]);
                    continue;
                }
                var starts = new int[docs.Count + 1];
                var several = new List<int>();
                var ords = new List<int>(4);
                for (int r = 0; r < docs.Count; r++)
                {
                    starts[r] = several.Count;
                    ords.Clear();
                    set.SetDocument(docs[r]);
                    for (long ord = set.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = set.NextOrd()) ords.Add(checked((int)ord));
                    rows[r * width + c] = ords.Count switch { 0 => -1, 1 => ords[0], _ => Table.Several };
                    if (ords.Count > 1) several.AddRange(ords);
                }
                starts[docs.Count] = several.Count;
                multi[c] = new MultiOrdinals(starts, several.ToArray());
            }
            return new Table(sets.Select(x => x.Field).ToArray(), rows, multi, names, documentDocs, wordRanks);
        }
    }

    /// <summary>Reads one field's values for a document from whichever doc-values type the field has.</summary>
    private abstract class FieldValues
    {
        public abstract IEnumerable<string> Read(int doc, BytesRef scratch);

        public static FieldValues Open(AtomicReader reader, string field)
        {
            if (reader.GetSortedSetDocValues(field) is { } set) return new SetValues(set);
            if (reader.GetSortedDocValues(field) is { } single) return new SetValues(DocValues.Singleton(single));
            if (reader.GetNumericDocValues(field) is { } numbers) return new NumberValues(numbers, reader.GetDocsWithField(field));
            return new NoValues();
        }

        private sealed class SetValues(SortedSetDocValues values) : FieldValues
        {
            public override IEnumerable<string> Read(int doc, BytesRef scratch)
            {
                values.SetDocument(doc);
                var result = new List<string>(1);
                for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
                {
                    values.LookupOrd(ord, scratch);
                    result.Add(scratch.Utf8ToString());
                }
                return result;
            }
        }

        private sealed class NumberValues(NumericDocValues values, IBits? present) : FieldValues
        {
            public override IEnumerable<string> Read(int doc, BytesRef scratch) =>
                present is not null && !present.Get(doc) ? [] : [values.Get(doc).ToString(CultureInfo.InvariantCulture)];
        }

        private sealed class NoValues : FieldValues
        {
            public override IEnumerable<string> Read(int doc, BytesRef scratch) => [];
        }
    }
}
