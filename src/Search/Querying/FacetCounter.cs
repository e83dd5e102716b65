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
    public IReadOnlyList<Facet> Count(IndexSearcher searcher, SearchPlan plan)
    {
        var filtered = plan.DrillDowns.Select(d => d.Field).ToHashSet(StringComparer.Ordinal);
        var shared = _fields.Where(f => !filtered.Contains(f)).ToList();
        var counts = new Dictionary<string, Facet>(StringComparer.Ordinal);
        if (shared.Count > 0)
            foreach (var facet in Collect(searcher, plan.Query, shared)) counts[facet.Field] = facet;
        foreach (var field in _fields.Where(filtered.Contains))
            counts[field] = Collect(searcher, plan.WithDrillDownsExcept(field), [field])[0];
        return _fields.Select(f => counts[f]).ToList();
    }

    /// <summary>Counts for exactly the documents matching <paramref name="query"/>.</summary>
    public IReadOnlyList<Facet> Count(IndexSearcher searcher, Query query) => Collect(searcher, query, _fields);

    private IReadOnlyList<Facet> Collect(IndexSearcher searcher, Query query, IReadOnlyList<string> fields)
    {
        var collector = new FacetCollector(fields);
        searcher.Search(query, collector);
        return fields.Select((f, i) => new Facet(f, collector.Counts[i]
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(_maxValues).Select(p => new FacetValue(p.Key, p.Value)).ToList())).ToList();
    }

    /// <summary>Collects facet counts for a query, once per policy document.</summary>
    private sealed class FacetCollector(IReadOnlyList<string> fields) : ICollector
    {
        private readonly HashSet<string> _seenDocuments = new(StringComparer.Ordinal);
        private readonly BytesRef _scratch = new();
        private SortedDocValues? _docIds;
        private int _docBase;
        private FieldValues[] _values = [];

        public Dictionary<string, int>[] Counts { get; } = fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            var reader = context.AtomicReader;
            _docBase = context.DocBase;
            _docIds = reader.GetSortedDocValues(IndexFields.DocId);
            _values = fields.Select(f => FieldValues.Open(reader, f)).ToArray();
        }

        public void Collect(int doc)
        {
            string documentKey;
            if (_docIds is not null && _docIds.GetOrd(doc) >= 0)
            {
                _docIds.Get(doc, _scratch);
                documentKey = _scratch.Utf8ToString();
            }
            else documentKey = "#" + (_docBase + doc).ToString(CultureInfo.InvariantCulture);
            if (!_seenDocuments.Add(documentKey)) return;
            for (var i = 0; i < _values.Length; i++)
                foreach (var value in _values[i].Read(doc, _scratch))
                    Counts[i][value] = Counts[i].GetValueOrDefault(value) + 1;
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
