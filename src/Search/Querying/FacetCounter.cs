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
    public IReadOnlyList<Facet> Count(IndexSearcher searcher, SearchPlan plan, bool oncePerDocument = true)
    {
        var run = Start(plan, oncePerDocument);
        searcher.Search(plan.Query, run.Collector);
        return run.Finish(searcher);
    }

    /// <summary>Begins counting for a plan: feed <see cref="FacetRun.Collector"/> the hits of <c>plan.Query</c> (e.g. in the same
    /// pass that collects the top documents), then <see cref="FacetRun.Finish"/> adds the multi-select counts of filtered fields.</summary>
    public FacetRun Start(SearchPlan plan, bool oncePerDocument = true)
    {
        var filtered = plan.DrillDowns.Select(d => d.Field).ToHashSet(StringComparer.Ordinal);
        var shared = _fields.Where(f => !filtered.Contains(f)).ToList();
        return new FacetRun(this, plan, shared, oncePerDocument);
    }

    /// <summary>Facet counting in progress for one plan.</summary>
    public sealed class FacetRun
    {
        private readonly FacetCounter _counter;
        private readonly SearchPlan _plan;
        private readonly IReadOnlyList<string> _shared;
        private readonly FacetCollector _collector;
        private readonly bool _oncePerDocument;

        internal FacetRun(FacetCounter counter, SearchPlan plan, IReadOnlyList<string> shared, bool oncePerDocument)
        {
            _counter = counter;
            _plan = plan;
            _shared = shared;
            _oncePerDocument = oncePerDocument;
            _collector = new FacetCollector(shared, oncePerDocument);
        }

        /// <summary>Collects the shared (unfiltered) facet fields; give it every hit of the plan's full query.</summary>
        public ICollector Collector => _collector;

        public IReadOnlyList<Facet> Finish(IndexSearcher searcher)
        {
            _collector.Flush();
            var counts = new Dictionary<string, Facet>(StringComparer.Ordinal);
            foreach (var facet in _counter.ToFacets(_collector, _shared)) counts[facet.Field] = facet;
            foreach (var field in _counter._fields.Where(f => !_shared.Contains(f)))
                counts[field] = _counter.Collect(searcher, _plan.WithDrillDownsExcept(field), [field], _oncePerDocument)[0];
            return _counter._fields.Select(f => counts[f]).ToList();
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
                if (_sets[i] is { } set)
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
                    set.LookupOrd(ord, _scratch);
                    var value = _scratch.Utf8ToString();
                    Counts[i][value] = Counts[i].GetValueOrDefault(value) + counts[ord];
                    counts[ord] = 0;
                }
            }
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
