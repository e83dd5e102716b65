using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

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
            _sharedCollector = new FacetCollector(_shared, oncePerDocument);
            _filteredCollectors = _filtered.Select(f => new FacetCollector([f], oncePerDocument)).ToArray();
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
        var collector = new FacetCollector(fields, oncePerDocument);
        searcher.Search(query, collector);
        collector.Flush();
        return ToFacets(collector, fields);
    }

    private IReadOnlyList<Facet> ToFacets(FacetCollector collector, IReadOnlyList<string> fields)
    {
        return fields.Select((f, i) => new Facet(f, collector.Counts[i]
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(_maxValues).Select(p => new FacetValue(p.Key, p.Value)).ToList())).ToList();
    }

    /// <summary>Collects facet counts for a query, once per policy document.</summary>
    /// <remarks>Counts segment ordinals in arrays and turns them into strings once per segment: per-hit string work would
    /// dominate a broad query's latency.</remarks>
    private sealed class FacetCollector(IReadOnlyList<string> fields, bool oncePerDocument) : ICollector
    {
        private readonly HashSet<string> _seenDocuments = new(StringComparer.Ordinal);
        private readonly BytesRef _scratch = new();
        private SortedDocValues? _docIds;
        private int _docBase;
        private FieldValues[] _values = [];
        private SortedSetDocValues?[] _sets = [];
        private int[]?[] _singles = [];
        private MultiOrdinals?[] _multis = [];
        private string[]?[] _names = [];
        private int[][] _ordCounts = [];

        public Dictionary<string, int>[] Counts { get; } = fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            _docBase = context.DocBase;
            _docIds = oncePerDocument ? reader.GetSortedDocValues(IndexFields.DocId) : null;
            _values = fields.Select(f => FieldValues.Open(reader, f)).ToArray();
            _sets = fields.Select(f => reader.GetSortedSetDocValues(f) ?? (reader.GetSortedDocValues(f) is { } one ? DocValues.Singleton(one) : null)).ToArray();
            _singles = fields.Select((f, i) => _sets[i] is null ? null : SegmentFacets.Ordinals(reader, f)).ToArray();
            _multis = fields.Select((f, i) => _sets[i] is null ? null : SegmentFacets.Multi(reader, f)).ToArray();
            _names = fields.Select((f, i) => _sets[i] is null ? null : SegmentFacets.Names(reader, f)).ToArray();
            _ordCounts = _sets.Select(set => set is null ? [] : new int[checked((int)set.ValueCount)]).ToArray();
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
            for (var i = 0; i < _sets.Length; i++)
            {
                if (_singles[i] is { } single)
                {
                    int ord = single[doc];
                    if (ord >= 0) _ordCounts[i][ord]++;
                }
                else if (_multis[i] is { } multi)
                {
                    var counts = _ordCounts[i];
                    for (int k = multi.Starts[doc], end = multi.Starts[doc + 1]; k < end; k++) counts[multi.Ordinals[k]]++;
                }
                else if (_sets[i] is { } set)
                {
                    set.SetDocument(doc);
                    var counts = _ordCounts[i];
                    for (var ord = set.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = set.NextOrd()) counts[ord]++;
                }
                else
                    foreach (var value in _values[i].Read(doc, _scratch))
                        Counts[i][value] = Counts[i].GetValueOrDefault(value) + 1;
            }
        }

        /// <summary>Adds the current segment's ordinal counts to the totals by value.</summary>
        public void Flush()
        {
            for (var i = 0; i < _sets.Length; i++)
            {
                if (_sets[i] is not { } set) continue;
                var counts = _ordCounts[i];
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] == 0) continue;
                    string value;
                    if (_names[i] is { } names) value = names[ord];
                    else
                    {
                        set.LookupOrd(ord, _scratch);
                        value = _scratch.Utf8ToString();
                    }
                    Counts[i][value] = Counts[i].GetValueOrDefault(value) + counts[ord];
                    counts[ord] = 0;
                }
            }
        }
    }

    /// <summary>Every doc's ordinals of a multi-valued field in one array: doc d's are <c>Ordinals[Starts[d]..Starts[d + 1]]</c>.</summary>
    private sealed record MultiOrdinals(int[] Starts, int[] Ordinals);

    /// <summary>Per segment and facet field, kept while the segment lives: every value's string (by ordinal), and every doc's
    /// ordinals in heap arrays (one per doc for single-valued fields, start offsets plus ordinals for multi-valued ones).</summary>
    /// <remarks>Through Lucene.Net's doc values an ordinal read costs ~60 ns (a seek and a packed read on the mapped file) and
    /// an ordinal's string ~0.5 µs (a block of the compressed terms dictionary); a broad query at 100,000 documents counted six
    /// fields for every hit and turned every counted ordinal of every segment (thousands of districts and issuers) into a
    /// string again, about 30 ms per query. The multi-valued year went through Lucene's reader on every hit (~15 % of a broad
    /// query at 100,000 documents). Built on first use per segment, keyed by the segment's core (shared by every later commit
    /// that keeps the segment) and dropped with it.</remarks>
    private static class SegmentFacets
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(int[]? Ordinals, MultiOrdinals? Multi, string[] Names)>>> Cache = new();

        public static int[]? Ordinals(AtomicReader reader, string field) => Get(reader, field).Ordinals;

        public static MultiOrdinals? Multi(AtomicReader reader, string field) => Get(reader, field).Multi;

        public static string[] Names(AtomicReader reader, string field) => Get(reader, field).Names;

        private static (int[]? Ordinals, MultiOrdinals? Multi, string[] Names) Get(AtomicReader reader, string field)
        {
            var perField = Cache.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal));
            return perField.GetOrAdd(field, _ => new Lazy<(int[]?, MultiOrdinals?, string[])>(() => Build(reader, field))).Value;
        }

        private static (int[]? Ordinals, MultiOrdinals? Multi, string[] Names) Build(AtomicReader reader, string field)
        {
            // Read afresh: doc values iterators are not shared between threads.
            var set = reader.GetSortedSetDocValues(field) ?? (reader.GetSortedDocValues(field) is { } one ? DocValues.Singleton(one) : null);
            if (set is null) return (null, null, []);
            var scratch = new BytesRef();
            var names = new string[checked((int)set.ValueCount)];
            for (int o = 0; o < names.Length; o++)
            {
                set.LookupOrd(o, scratch);
                names[o] = scratch.Utf8ToString();
            }
            if (DocValues.UnwrapSingleton(set) is { } single)
            {
                var ords = new int[reader.MaxDoc];
                for (int d = 0; d < ords.Length; d++) ords[d] = single.GetOrd(d);
                return (ords, null, names);
            }
            var starts = new int[reader.MaxDoc + 1];
            var all = new List<int>(reader.MaxDoc);
            for (int d = 0; d < reader.MaxDoc; d++)
            {
                starts[d] = all.Count;
                set.SetDocument(d);
                for (long ord = set.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = set.NextOrd()) all.Add(checked((int)ord));
            }
            starts[reader.MaxDoc] = all.Count;
            return (null, new MultiOrdinals(starts, all.ToArray()), names);
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
