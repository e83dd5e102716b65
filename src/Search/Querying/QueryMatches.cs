using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>A matching policy document as the whole-result views count it: where it is from, its years, and how many of its
/// measures match.</summary>
/// <param name="Handle">Names the document doc on the commit the matches were found on (for <see cref="QueryMatches.MatchedMeasuresOf"/>).</param>
/// <param name="Years">The years the document covers, ascending (a 2022–2023 plan has both); empty when undated.</param>
/// <param name="Date">成文日期 (else 发布日期) as yyyymmdd, 0 when unknown.</param>
public readonly record struct MatchedDocument(DocHandle Handle, string Province, string City, string District,
    IReadOnlyList<int> Years, int Date, int MatchedMeasures);

/// <summary>A Lucene doc of one commit: its segment and its number there.</summary>
public readonly record struct DocHandle(int Leaf, int Doc);

/// <summary>A matching measure with the score the measure ranking gives it.</summary>
public readonly record struct ScoredMeasure(DocHandle Handle, DocHandle Document, float Score);

/// <summary>Every policy document and every measure a query matches on one commit, held as bit sets over the commit's docs
/// (one bit per doc, whatever the hit count), with the passes the whole-result views (trend, comparison, matrix, export) read.</summary>
/// <remarks>
/// <para>A matching <b>document</b> is a document doc the query's plan matches (the same plan a result page counts as its total).
/// A matching <b>measure</b> is a measure of a matching document that the measure ranking selects: the measures meeting the
/// whole query or holding any of its positive terms or phrases (the measures a result page marks); with no positive term
/// (a filter-only query), every measure of a matching document.</para>
/// <para>Everything is counted from the index, never from a capped list of hits; memory is the bit sets (an eighth of a byte per
/// doc of the index) plus whatever a caller keeps.</para>
/// <para>Hold the searcher (one commit) for as long as the matches are read.</para>
/// </remarks>
public sealed class QueryMatches
{
    private readonly IndexSearcher _searcher;
    private readonly FixedBitSet?[] _documents;
    private readonly FixedBitSet?[] _measures;
    private readonly Query _measureRanking;

    /// <summary>The plan the documents were matched with (its highlight terms mark snippets).</summary>
    public SearchPlan Plan { get; }

    public int DocumentCount { get; }
    public int MeasureCount { get; }

    private QueryMatches(IndexSearcher searcher, SearchPlan plan, Query measureRanking, FixedBitSet?[] documents, FixedBitSet?[] measures)
    {
        _searcher = searcher;
        Plan = plan;
        _measureRanking = measureRanking;
        _documents = documents;
        _measures = measures;
        DocumentCount = documents.Sum(b => b?.Cardinality ?? 0);
        MeasureCount = measures.Sum(b => b?.Cardinality ?? 0);
    }

    /// <summary>Finds the matches of a parsed query; a query that expands to too many terms is a <see cref="QuerySyntaxException"/>.</summary>
    public static QueryMatches Find(IndexSearcher searcher, LuceneQueryBuilder builder, QueryNode query, string text)
    {
        var reader = searcher.IndexReader;
        SearchPlan plan;
        Query ranking;
        try
        {
            plan = builder.Build(query, reader, IndexFields.KindDocument);
            ranking = builder.BuildMeasureRanking(query, reader);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            throw new QuerySyntaxException(new QuerySyntaxError("查询展开的词过多，请写得更具体（The query expands to too many terms; make it more specific）。", 0, Math.Max(1, text.Length)), text);
        }
        var leaves = reader.Leaves;
        var documents = new FixedBitSet?[leaves.Count];
        searcher.Search(new ConstantScoreQuery(plan.Query), new BitsCollector(documents));
        var measures = new FixedBitSet?[leaves.Count];
        searcher.Search(new ConstantScoreQuery(ranking), new MeasureBitsCollector(documents, measures));
        return new QueryMatches(searcher, plan, ranking, documents, measures);
    }

    /// <summary>The matching documents in index order, each with its metadata from doc values.</summary>
    public IEnumerable<MatchedDocument> Documents()
    {
        var leaves = _searcher.IndexReader.Leaves;
        for (int leaf = 0; leaf < leaves.Count; leaf++)
        {
            if (_documents[leaf] is not { } bits) continue;
            var facts = new LeafFacts(leaves[leaf].AtomicReader);
            for (int doc = bits.NextSetBit(0); doc >= 0; doc = doc + 1 < bits.Length ? bits.NextSetBit(doc + 1) : -1)
                yield return Describe(facts, leaf, doc);
        }
    }

    private MatchedDocument Describe(LeafFacts facts, int leaf, int doc) =>
        new(new DocHandle(leaf, doc), facts.First(IndexFields.Province, doc), facts.First(IndexFields.City, doc),
            facts.First(IndexFields.District, doc), facts.Years(doc), facts.Date(doc), CountMeasures(leaf, doc, facts.MeasureCount(doc)));

    private int CountMeasures(int leaf, int doc, int count)
    {
        if (_measures[leaf] is not { } bits || count <= 0) return 0;
        int n = 0;
        for (int m = doc + 1; m <= doc + count && m < bits.Length; m++)
            if (bits.Get(m)) n++;
        return n;
    }

    /// <summary>The matching measures of a matching document, in document order.</summary>
    public IEnumerable<DocHandle> MatchedMeasuresOf(DocHandle document)
    {
        if (_measures[document.Leaf] is not { } bits) yield break;
        var facts = new LeafFacts(_searcher.IndexReader.Leaves[document.Leaf].AtomicReader);
        int count = facts.MeasureCount(document.Doc);
        for (int m = document.Doc + 1; m <= document.Doc + count && m < bits.Length; m++)
            if (bits.Get(m)) yield return new DocHandle(document.Leaf, m);
    }

    /// <summary>The best-scoring matching measures of groups of matching documents (a district's documents, say): for each group,
    /// at most <paramref name="perGroup"/> measures, best first (score, then index order). One scored pass over the matching
    /// measures of the grouped documents; only the kept measures are held, whatever the match count.</summary>
    /// <param name="groupOf">The group (0 to <paramref name="groups"/> - 1) of each document whose measures are wanted.</param>
    public ScoredMeasure[][] BestMeasures(IReadOnlyDictionary<DocHandle, int> groupOf, int groups, int perGroup)
    {
        var measures = MeasuresOf(groupOf.Keys);
        var collector = new BestMeasureCollector(measures, groupOf, groups, Math.Max(0, perGroup));
        if (perGroup > 0)
            _searcher.Search(new FilteredQuery(_measureRanking, new BitsFilter(measures), FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY), collector);
        return collector.Best();
    }

    /// <summary>The matching measures of some matching documents, as bit sets like <see cref="_measures"/>.</summary>
    private FixedBitSet?[] MeasuresOf(IEnumerable<DocHandle> documents)
    {
        var leaves = _searcher.IndexReader.Leaves;
        var kept = new FixedBitSet?[leaves.Count];
        foreach (var group in documents.GroupBy(d => d.Leaf))
        {
            if (_measures[group.Key] is not { } bits) continue;
            var facts = new LeafFacts(leaves[group.Key].AtomicReader);
            var set = kept[group.Key] = new FixedBitSet(bits.Length);
            foreach (var d in group)
                for (int m = d.Doc + 1, end = Math.Min(bits.Length - 1, d.Doc + facts.MeasureCount(d.Doc)); m <= end; m++)
                    if (bits.Get(m)) set.Set(m);
        }
        return kept;
    }

    private static readonly ISet<string> MeasureFields = new HashSet<string> { IndexFields.Id, IndexFields.DocId, IndexFields.Title, IndexFields.Path, IndexFields.Text };

    /// <summary>A measure's stored id, document id, document title, path and text.</summary>
    public (string Id, string DocId, string Title, string Path, string Text) StoredMeasure(DocHandle measure)
    {
        var d = _searcher.Doc(GlobalDoc(measure), MeasureFields);
        return (d.Get(IndexFields.Id) ?? "", d.Get(IndexFields.DocId) ?? "", d.Get(IndexFields.Title) ?? "", d.Get(IndexFields.Path) ?? "", d.Get(IndexFields.Text) ?? "");
    }

    /// <summary>The stored fields of a doc (for a document doc, e.g. its <c>document_json</c>).</summary>
    public Lucene.Net.Documents.Document Stored(DocHandle handle, ISet<string> fields) => _searcher.Doc(GlobalDoc(handle), fields);

    /// <summary>Where the query's terms and phrases occur in a text (on the characters as written).</summary>
    public IReadOnlyList<TextSpan> Matches(string text) => MatchLocator.Find(text, Plan.HighlightTerms, Search.Analysis.TextFolder.FoldToString);

    /// <summary>The global doc id of a handle (for stored-field reads through the searcher).</summary>
    public int GlobalDoc(DocHandle handle) => _searcher.IndexReader.Leaves[handle.Leaf].DocBase + handle.Doc;

    /// <summary>The handle of a global doc id.</summary>
    public DocHandle HandleOf(int globalDoc)
    {
        var leaves = _searcher.IndexReader.Leaves;
        int leaf = ReaderUtil.SubIndex(globalDoc, leaves);
        return new DocHandle(leaf, globalDoc - leaves[leaf].DocBase);
    }

    /// <summary>Whether a document doc is one of the matches.</summary>
    public bool IsMatch(DocHandle document) => _documents[document.Leaf] is { } bits && bits.Get(document.Doc);

    /// <summary>Sets one bit per collected doc.</summary>
    private sealed class BitsCollector(FixedBitSet?[] bits) : ICollector
    {
        private FixedBitSet? _current;
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context) => _current = bits[context.Ord] = new FixedBitSet(context.AtomicReader.MaxDoc);
        public void Collect(int doc) => _current!.Set(doc);
    }

    /// <summary>Keeps a measure doc when the document doc opening its block is a match (blocks: see <see cref="IndexFields"/>).</summary>
    private sealed class MeasureBitsCollector(FixedBitSet?[] documents, FixedBitSet?[] measures) : ICollector
    {
        private FixedBitSet? _documents, _current, _kind;
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            _documents = documents[context.Ord];
            _current = measures[context.Ord] = _documents is null ? null : new FixedBitSet(context.AtomicReader.MaxDoc);
            _kind = _documents is null ? null : BlockStarts.Of(context.AtomicReader);
        }

        public void Collect(int doc)
        {
            if (_current is null || doc == 0) return;
            int parent = _kind!.PrevSetBit(doc - 1);
            if (parent >= 0 && _documents!.Get(parent)) _current.Set(doc);
        }
    }

    /// <summary>Admits the docs set in per-segment bit sets.</summary>
    private sealed class BitsFilter(FixedBitSet?[] bits) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
            bits[context.Ord] is { } set ? BitsFilteredDocIdSet.Wrap(set, acceptDocs) : null;
    }

    /// <summary>Keeps each group's best measures in a small sorted array (insertion: groups hold a handful).</summary>
    private sealed class BestMeasureCollector(FixedBitSet?[] measures, IReadOnlyDictionary<DocHandle, int> groupOf, int groups, int perGroup) : ICollector
    {
        private readonly ScoredMeasure[][] _best = Enumerable.Range(0, groups).Select(_ => new ScoredMeasure[perGroup]).ToArray();
        private readonly int[] _counts = new int[groups];
        private Scorer? _scorer;
        private int _leaf, _lastParent = -1, _lastGroup = -1;
        private FixedBitSet? _kind;
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            _leaf = context.Ord;
            _kind = measures[context.Ord] is null ? null : BlockStarts.Of(context.AtomicReader);
            _lastParent = -1;
        }

        public void Collect(int doc)
        {
            if (_kind is null) return;
            int parent = _kind.PrevSetBit(doc);
            if (parent != _lastParent)
            {
                _lastParent = parent;
                _lastGroup = groupOf.TryGetValue(new DocHandle(_leaf, parent), out int g) ? g : -1;
            }
            if (_lastGroup < 0) return;
            float score = _scorer?.GetScore() ?? 0f;
            Offer(_best[_lastGroup], ref _counts[_lastGroup], new ScoredMeasure(new DocHandle(_leaf, doc), new DocHandle(_leaf, parent), float.IsNaN(score) ? 0f : score));
        }

        private static void Offer(ScoredMeasure[] kept, ref int count, ScoredMeasure m)
        {
            int at = count;
            while (at > 0 && Before(m, kept[at - 1])) at--;
            if (at >= kept.Length) return;
            int last = Math.Min(count, kept.Length - 1);
            Array.Copy(kept, at, kept, at + 1, last - at);
            kept[at] = m;
            if (count < kept.Length) count++;
        }

        /// <summary>Higher score first, then index order (segment, then doc).</summary>
        private static bool Before(ScoredMeasure a, ScoredMeasure b) =>
            a.Score != b.Score ? a.Score > b.Score : a.Handle.Leaf != b.Handle.Leaf ? a.Handle.Leaf < b.Handle.Leaf : a.Handle.Doc < b.Handle.Doc;

        public ScoredMeasure[][] Best() => _best.Select((b, g) => b[.._counts[g]]).ToArray();
    }
}

/// <summary>The docs of a segment that open a block (its document docs, kind=document; blocks: see <see cref="IndexFields"/>),
/// read once per segment and kept while it is open: the block structure of a segment never changes.</summary>
internal static class BlockStarts
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, FixedBitSet> Cache = new();

    public static FixedBitSet Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Read(reader));

    private static FixedBitSet Read(AtomicReader reader)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        // All docs, deleted ones too (no live docs): the cache outlives a reopening with other deletions, and a block's
        // place does not depend on them.
        var terms = reader.GetTerms(IndexFields.Kind)?.GetEnumerator();
        var postings = terms is not null && terms.SeekExact(new BytesRef(IndexFields.KindDocument)) ? terms.Docs(null, null, DocsFlags.NONE) : null;
        if (postings is not null)
            for (int d = postings.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.NextDoc()) bits.Set(d);
        return bits;
    }
}

/// <summary>Reads one segment's doc values for the metadata a view groups by; ordinals are turned into strings once each.</summary>
internal sealed class LeafFacts(AtomicReader reader)
{
    private readonly Dictionary<string, (SortedSetDocValues? Values, string?[] Names)> _sets = new(StringComparer.Ordinal);
    private readonly BytesRef _scratch = new();
    private NumericDocValues? _dates, _counts;
    private bool _numericsOpened;

    private (SortedSetDocValues? Values, string?[] Names) Set(string field)
    {
        if (!_sets.TryGetValue(field, out var entry))
        {
            var values = reader.GetSortedSetDocValues(field) ?? (reader.GetSortedDocValues(field) is { } one ? DocValues.Singleton(one) : null);
            _sets[field] = entry = (values, values is null ? [] : SegmentNames.For(reader, field, values.ValueCount));
        }
        return entry;
    }

    private string Name((SortedSetDocValues? Values, string?[] Names) entry, long ord)
    {
        if (entry.Names[ord] is not { } name)
        {
            entry.Values!.LookupOrd(ord, _scratch);
            entry.Names[ord] = name = _scratch.Utf8ToString();
        }
        return name;
    }

    /// <summary>The first (smallest) value of a field on the doc, or "".</summary>
    public string First(string field, int doc)
    {
        var entry = Set(field);
        if (entry.Values is null) return "";
        entry.Values.SetDocument(doc);
        long ord = entry.Values.NextOrd();
        return ord == SortedSetDocValues.NO_MORE_ORDS ? "" : Name(entry, ord);
    }

    /// <summary>The years of a doc, ascending; ordinals are parsed once each.</summary>
    public IReadOnlyList<int> Years(int doc)
    {
        var entry = Set(IndexFields.Year);
        if (entry.Values is null) return [];
        entry.Values.SetDocument(doc);
        long ord = entry.Values.NextOrd();
        if (ord == SortedSetDocValues.NO_MORE_ORDS) return [];
        long next = entry.Values.NextOrd();
        if (next == SortedSetDocValues.NO_MORE_ORDS) return SingleYear(entry, ord);
        var years = new List<int>(4);
        if (YearOf(entry, ord) is int first) years.Add(first);
        for (long o = next; o != SortedSetDocValues.NO_MORE_ORDS; o = entry.Values.NextOrd())
            if (YearOf(entry, o) is int year) years.Add(year);
        return years;
    }

    private int? YearOf((SortedSetDocValues? Values, string?[] Names) entry, long ord) => SegmentNames.ParseYear(Name(entry, ord));

    private int[]?[]? _singleYears;

    /// <summary>The one-year list of an ordinal, made once per ordinal: most documents have one year, and a view walks them all.</summary>
    private IReadOnlyList<int> SingleYear((SortedSetDocValues? Values, string?[] Names) entry, long ord)
    {
        _singleYears ??= new int[]?[entry.Names.Length];
        return _singleYears[ord] ??= YearOf(entry, ord) is int year ? [year] : [];
    }

    private void OpenNumerics()
    {
        if (_numericsOpened) return;
        _dates = reader.GetNumericDocValues(IndexFields.Date);
        _counts = reader.GetNumericDocValues(IndexFields.MeasureCount);
        _numericsOpened = true;
    }

    public int Date(int doc)
    {
        OpenNumerics();
        return (int)(_dates?.Get(doc) ?? 0);
    }

    public int MeasureCount(int doc)
    {
        OpenNumerics();
        return (int)(_counts?.Get(doc) ?? 0);
    }
}

/// <summary>The decoded values of a segment's metadata fields by ordinal, kept while the segment is open, so the views decode
/// each district or year name of a segment once, not once per query.</summary>
internal static class SegmentNames
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, string?[]>> Cache = new();

    /// <summary>The (lazily filled) names of <paramref name="field"/>'s ordinals in <paramref name="reader"/>'s segment.</summary>
    public static string?[] For(AtomicReader reader, string field, long valueCount) =>
        Cache.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal)).GetOrAdd(field, _ => new string?[valueCount]);

    /// <summary>The year an ordinal of <paramref name="years"/> (the segment's year field) names, or null for a value that is not one.</summary>
    public static int? Year(AtomicReader reader, SortedSetDocValues years, long ord, BytesRef scratch)
    {
        var names = For(reader, IndexFields.Year, years.ValueCount);
        if (names[ord] is not { } name)
        {
            years.LookupOrd(ord, scratch);
            names[ord] = name = scratch.Utf8ToString();
        }
        return ParseYear(name);
    }

    /// <summary>A year field's value as a number, or null.</summary>
    public static int? ParseYear(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int y) ? y : null;
}
