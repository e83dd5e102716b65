using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>How hits are ordered.</summary>
public enum SearchOrder { Relevance, Date }

/// <summary>The names of <see cref="SearchOrder"/> as the CLI's <c>--sort</c> and the API's <c>sort</c> take them.</summary>
public static class SearchOrders
{
    /// <summary><c>relevance</c> (or nothing) or <c>date</c>; anything else is a <see cref="UserError"/> naming the option.</summary>
    public static SearchOrder Parse(string? value, string option) => (value?.Trim() ?? "") switch
    {
        "" or "relevance" => SearchOrder.Relevance,
        "date" => SearchOrder.Date,
        var s => throw new UserError($"排序 {option} 只能是 relevance（相关度）或 date（日期），而不是“{(s.Length > 40 ? s[..40] + "…" : s)}”（{option} must be relevance or date）"),
    };
}

/// <summary>What the user asked for: the query text, the page, the order, and how many measures to show per document.</summary>
public sealed record SearchQuery(string Text, int Page = 1, int PageSize = 10, SearchOrder Order = SearchOrder.Relevance, int MeasuresPerDocument = 3)
{
    /// <summary>Deepest result reachable by paging; beyond it a narrower query is the better tool.</summary>
    public const int MaxDepth = 10_000;
}

/// <summary>A measure shown under its document: where it is, its text, and a snippet with the query's matches marked.</summary>
public sealed record MeasureHit(string Id, string Path, string Text, MarkedText Snippet, float Score);

/// <summary>One policy document in the results, with its metadata and best measures.</summary>
public sealed record DocumentHit(
    string DocId, string Source, string Title, string Province, string City, string District,
    IReadOnlyList<string> Years, string Type, string Issuer, int Date, float Score, IReadOnlyList<MeasureHit> Measures)
{
    /// <summary>How many of the document's measures the query selects (those meeting it or holding a positive term; every measure
    /// for a filter-only query); <see cref="Measures"/> shows the best of them.</summary>
    public int MatchedMeasures { get; init; }
}

/// <summary>One page of results for a query, with facet counts for the whole result set.</summary>
public sealed record SearchResult(string Query, int Total, int Page, int PageSize, IReadOnlyList<DocumentHit> Hits, IReadOnlyList<Facet> Facets);

/// <summary>Either a result or the syntax error that prevented one.</summary>
public sealed record SearchOutcome(SearchResult? Result, QuerySyntaxError? Error)
{
    /// <summary>The result, or a <see cref="QuerySyntaxException"/> with the one-line message (CLI exit code 2, HTTP 400).</summary>
    public SearchResult GetResultOrThrow(string query) => Result ?? throw new QuerySyntaxException(Error!, query);
}

/// <summary>Runs a query end to end: parse, match policy documents, pick and highlight their best measures, count facets.</summary>
/// <remarks>Give it a searcher whose <c>Similarity</c> is <c>BM25Similarity</c>, as the index was written with.
/// Documents are matched on document docs (terms anywhere in the document unless /sentence or /measure narrows
/// them), so paging and totals are per document. Ties are broken by id, so equal scores or dates always come back in the
/// same order.</remarks>
public sealed class PolicySearcher
{
    private readonly IndexSearcher _searcher;
    private readonly LuceneQueryBuilder _builder;
    private readonly Func<string, string> _fold;
    private readonly SnippetHighlighter _highlighter;
    private readonly FacetCounter _facets;

    /// <summary>Re-orders the ids of a free-text query's best BM25 documents (e.g. by fusing them with a vector ranking); it may
    /// only permute the list it is given, so filters and exact phrases stay exact.</summary>
    public delegate IReadOnlyList<string> DocumentReranker(string freeText, IReadOnlyList<string> bm25DocumentIds);

    /// <summary>How many of the best BM25 documents a free-text query's re-ranking sees.</summary>
    public const int FusionDepth = 100;

    private readonly DocumentReranker? _rerank;
    private readonly Action? _prepareRerank;
    private readonly bool _splitSegments;

    /// <param name="splitSegments">Lets a query scan its segments in two halves on two threads while no other query runs (see
    /// <see cref="Pass"/>).</param>
    /// <param name="prepareRerank">Called as soon as a query is known to be re-ranked, before its BM25 pass: lets the re-ranker
    /// get ready (open its model) on another core while the pass runs.</param>
    public PolicySearcher(IndexSearcher searcher, LuceneQueryBuilder builder, Func<string, string> fold,
        SnippetHighlighter? highlighter = null, FacetCounter? facets = null, DocumentReranker? rerank = null, bool splitSegments = false,
        Action? prepareRerank = null)
    {
        _splitSegments = splitSegments;
        _rerank = rerank;
        _prepareRerank = prepareRerank;
        _searcher = searcher;
        _builder = builder;
        _fold = fold;
        _highlighter = highlighter ?? new SnippetHighlighter();
        _facets = facets ?? new FacetCounter();
    }

    /// <summary>Searches; a malformed query or an out-of-range page comes back as an error, never as an exception.</summary>
    public SearchOutcome Search(SearchQuery request)
    {
        Interlocked.Increment(ref s_running);
        try { return Run(request); }
        finally { Interlocked.Decrement(ref s_running); }
    }

    // Queries running in this process now: a query splits its segments across threads only while it runs alone.
    private static int s_running;

    private SearchOutcome Run(SearchQuery request)
    {
        var parsed = SearchQueryParser.Parse(request.Text);
        if (parsed.Error is { } error) return new SearchOutcome(null, error);
        if (request.Page < 1 || request.PageSize < 1 || request.PageSize > 100)
            return new SearchOutcome(null, new QuerySyntaxError("分页参数错误：页码须从 1 起，每页 1 到 100 条（Page must be 1 or more and page size between 1 and 100）", 0, 1));
        var depth = (long)request.Page * request.PageSize;
        if (depth > SearchQuery.MaxDepth)
            return new SearchOutcome(null, new QuerySyntaxError($"结果过深：无法翻到第 {SearchQuery.MaxDepth} 条之后，请缩小检索范围（Results deeper than {SearchQuery.MaxDepth} cannot be paged to; narrow the query）", 0, 1));

        var reader = _searcher.IndexReader;
        SearchPlan plan;
        TopDocs top;
        FacetCounter.FacetRun facetRun;
        string? freeText;
        try
        {
            plan = _builder.Build(parsed.Query!, reader, IndexFields.KindDocument);
            // One pass feeds both the ranking and the facet counts: evaluating a positional query twice doubled latency.
            freeText = request.Order == SearchOrder.Relevance && _rerank is not null ? FreeText(parsed.Query!) : null;
            if (freeText is not null) _prepareRerank?.Invoke();
            int collect = freeText is null ? (int)depth : (int)Math.Max(depth, FusionDepth);
            (top, facetRun) = Pass(plan, request.Order, collect);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return new SearchOutcome(null, new QuerySyntaxError("查询过于宽泛：展开的词过多，请写得更具体（The query expands to too many terms; make it more specific）", 0, Math.Max(1, request.Text.Length)));
        }

        var ordered = freeText is null ? top.ScoreDocs : Rerank(top.ScoreDocs, freeText, reader);
        var page = ordered.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        var metadata = page.Select(h => HitMetadata.Read(_searcher, h)).ToList();
        var docIds = metadata.Select(m => m.DocId).ToList();

        var matched = new Dictionary<string, int>(StringComparer.Ordinal);
        var measures = BestMeasures(parsed.Query!, reader, page, metadata, plan.HighlightTerms, request.MeasuresPerDocument, matched);

        var hits = page.Select((scoreDoc, i) => new DocumentHit(
            docIds[i], metadata[i].Source, metadata[i].Title, metadata[i].Province, metadata[i].City, metadata[i].District,
            metadata[i].Years, metadata[i].Type, metadata[i].Issuer, metadata[i].Date,
            float.IsNaN(scoreDoc.Score) ? 0f : scoreDoc.Score,
            measures.GetValueOrDefault(docIds[i]) ?? []) { MatchedMeasures = matched.GetValueOrDefault(docIds[i]) }).ToList();
        var facets = facetRun.Finish();
       
        return new SearchOutcome(new SearchResult(request.Text, top.TotalHits, request.Page, request.PageSize, hits, facets), null);
    }

    /// <summary>Every matching document (global doc ids) in the order the result pages list them: the fused head of a free-text
    /// query, then the BM25 (or date) order; <paramref name="count"/> is how many documents match (<see cref="QueryMatches"/>).</summary>
    /// <remarks>Memory is a few bytes per hit (doc and score), not the hits' text: an export writes each document as it reads it.</remarks>
    public IReadOnlyList<int> RankAll(QueryNode query, SearchPlan plan, SearchOrder order, int count)
    {
        if (count == 0) return [];
        var freeText = order == SearchOrder.Relevance && _rerank is not null ? FreeText(query) : null;
        if (freeText is not null) _prepareRerank?.Invoke();
        ICollector ranking = order == SearchOrder.Relevance
            ? new RelevanceCollector(count)
            : TopFieldCollector.Create(Order(order), count, fillFields: false, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        _searcher.Search(plan.Query, ranking);
        var top = ranking is RelevanceCollector relevance ? relevance.GetTopDocs() : ((TopFieldCollector)ranking).GetTopDocs();
        var ordered = freeText is null ? top.ScoreDocs : Rerank(top.ScoreDocs, freeText, _searcher.IndexReader);
        var docs = new int[ordered.Length];
        for (int i = 0; i < docs.Length; i++) docs[i] = ordered[i].Doc;
        return docs;
    }

    /// <summary>Index size (docs of all kinds) below which a query is not split: the hand-off would cost more than it saves.</summary>
    /// <remarks>Chosen on the bench's query mix at one client: below a million docs splitting costs a little, well above it it
    /// saves a large share (docs/BENCHMARKS.md).</remarks>
    public const int DefaultSplitFromDocs = 1_000_000;

    /// <summary>Index size from which a query may be split (tests split small indexes).</summary>
    internal int SplitFromDocs { get; init; } = DefaultSplitFromDocs;

    /// <summary>Split even while other queries run (tests, which run in parallel).</summary>
    internal bool SplitWhenBusy { get; init; }

    /// <summary>Collects the plan's ranking and facet counts in one pass over the segments.</summary>
    /// <remarks>On a machine with a spare core and a query running alone, the segments are cut in two halves of about equal size,
    /// each scanned on its own thread with its own collectors (one weight shared: Lucene's weights build per-segment scorers
    /// independently), and the two rankings and facet counts merged. Scores do not depend on the split, and ties are broken by
    /// id, so the result is the one pass's. At 100,000 documents the pass is most of a query's time; with several queries
    /// running the cores are already busy and a split would only add hand-offs. Relevance order collects with
    /// <see cref="RelevanceCollector"/>, date order with Lucene's <see cref="TopFieldCollector"/> on (date, score, id).</remarks>
    private (TopDocs Top, FacetCounter.FacetRun Facets) Pass(SearchPlan plan, SearchOrder order, int collect)
    {
        var halves = _splitSegments && (SplitWhenBusy || (Volatile.Read(ref s_running) == 1 && Environment.ProcessorCount > 1))
            ? Halves(_searcher.IndexReader, SplitFromDocs) : null;
        var sort = Order(order);
        // Merging date rankings compares their sort values, so a split keeps them.
        ICollector NewRanking() => order == SearchOrder.Relevance
            ? new RelevanceCollector(collect)
            : TopFieldCollector.Create(sort, collect, fillFields: halves is not null, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        static TopDocs Ranked(ICollector ranking) => ranking is RelevanceCollector relevance ? relevance.GetTopDocs() : ((TopFieldCollector)ranking).GetTopDocs();
        if (halves is null)
        {
            var ranking = NewRanking();
            var run = _facets.Start(_searcher, plan, ranking, oncePerDocument: false); // document docs: one per policy document already
            _searcher.Search(run.Query, run.Collector);
            return (Ranked(ranking), run);
        }
        var rankings = halves.Select(_ => NewRanking()).ToArray();
        var runs = rankings.Select(r => _facets.Start(_searcher, plan, r, oncePerDocument: false)).ToArray();
        var weight = _searcher.CreateNormalizedWeight(runs[0].Query);
        var second = Task.Run(() => Scan(weight, halves[1], runs[1].Collector));
        try
        {
            Scan(weight, halves[0], runs[0].Collector);
        }
        catch
        {
            // The other half must be done with the searcher before the caller releases it.
            try { second.Wait(); } catch (AggregateException) { }
            throw;
        }
        second.GetAwaiter().GetResult();
        runs[0].Absorb(runs[1]);
        var merged = order == SearchOrder.Relevance
            ? RelevanceCollector.Merge(rankings.Cast<RelevanceCollector>().ToList(), collect)
            : TopDocs.Merge(sort, collect, rankings.Select(Ranked).ToArray());
        return (merged, runs[0]);
    }

    /// <summary>What <see cref="IndexSearcher"/> does for each segment, over some segments only.</summary>
    private static void Scan(Weight weight, IReadOnlyList<AtomicReaderContext> leaves, ICollector collector)
    {
        foreach (var leaf in leaves)
        {
            collector.SetNextReader(leaf);
            weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, leaf.AtomicReader.LiveDocs)?.Score(collector);
        }
    }

    /// <summary>The segments in two groups of about equal doc count (largest first, each to the lighter group); null when the
    /// index is too small or has one segment.</summary>
    internal static IReadOnlyList<AtomicReaderContext>[]? Halves(IndexReader reader, int fromDocs)
    {
        var leaves = reader.Leaves;
        if (leaves.Count < 2 || reader.MaxDoc < fromDocs) return null;
        var halves = new[] { new List<AtomicReaderContext>(), new List<AtomicReaderContext>() };
        long[] load = [0, 0];
        foreach (var leaf in leaves.OrderByDescending(l => l.AtomicReader.MaxDoc).ThenBy(l => l.Ord))
        {
            int lighter = load[0] <= load[1] ? 0 : 1;
            halves[lighter].Add(leaf);
            load[lighter] += leaf.AtomicReader.MaxDoc;
        }
        return halves;
    }

    private static readonly ISet<string> MeasureFields = new HashSet<string> { IndexFields.Path, IndexFields.Text };

    /// <summary>The words of a query with no exact phrase, for the semantic side of hybrid ranking; null when the query has a
    /// phrase (phrases rank by BM25 alone) or no positive words.</summary>
    internal static string? FreeText(QueryNode query)
    {
        var leaves = QueryTree.Leaves(query).ToList();
        if (leaves.Any(l => l.Leaf is PhraseNode)) return null;
        var words = leaves.Where(l => !l.Negated && l.Leaf is TermNode).Select(l => ((TermNode)l.Leaf).Text).ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    private ScoreDoc[] Rerank(ScoreDoc[] all, string freeText, IndexReader reader)
    {
        // Only the first FusionDepth BM25 hits are re-ordered, whatever page is asked for, so every page (and an export that
        // walks all of them) cuts the same ordering: no document appears twice or is skipped across pages.
        var hits = all.Length > FusionDepth ? all[..FusionDepth] : all;
        ScoreDoc[] tail = all.Length > FusionDepth ? all[FusionDepth..] : [];
        if (hits.Length < 2) return all;
        // Each hit's id from its own segment: a top-level view (MultiDocValues) builds an ordinal map over every segment on
        // each call.
        var leaves = reader.Leaves;
        var scratch = new BytesRef();
        var byId = new Dictionary<string, ScoreDoc>(StringComparer.Ordinal);
        var bm25 = new List<string>(hits.Length);
        foreach (var hit in hits)
        {
            var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
            var ids = leaf.AtomicReader.GetSortedDocValues(IndexFields.DocId);
            if (ids is null) return all;
            ids.Get(hit.Doc - leaf.DocBase, scratch);
            var id = scratch.Utf8ToString();
            if (byId.TryAdd(id, hit)) bm25.Add(id);
        }
        var reordered = _rerank!(freeText, bm25);
        // Guard the contract: a re-ranker that drops or invents ids falls back to the BM25 order.
        if (reordered.Count != bm25.Count || !reordered.All(byId.ContainsKey)) return all;
        return [.. reordered.Select(id => byId[id]), .. tail];
    }

    private static Sort Order(SearchOrder order) => order == SearchOrder.Date
        ? new Sort(DateOrder.Field(), SortField.FIELD_SCORE, IdTieBreak.Field())
        : new Sort(SortField.FIELD_SCORE, IdTieBreak.Field());

    /// <summary>The best measures of every document on the page: the measure ranking scored only inside the page's blocks
    /// (see <see cref="IndexFields"/>); documents whose measures match no query term (filter-only queries) show their first measures.</summary>
    /// <remarks>The blocks replace a doc id clause: that clause and the ranking's scorers visited every segment, about half of a
    /// rare phrase's time at 100,000 documents. An index whose blocks do not look as expected takes the doc id clause.</remarks>
    private Dictionary<string, List<MeasureHit>> BestMeasures(QueryNode query, IndexReader reader, IReadOnlyList<ScoreDoc> page,
        IReadOnlyList<HitMetadata> metadata, IReadOnlyList<string> highlights, int count, Dictionary<string, int> matched)
    {
        var docIds = metadata.Select(m => m.DocId).ToList();
        var result = new Dictionary<string, List<MeasureHit>>(StringComparer.Ordinal);
        if (count <= 0 || docIds.Count == 0) return result;
        List<(int Doc, string DocId, string Id, float Score)> ranked;
        if (MeasureBlocks.Find(reader, page, metadata) is { } blocks)
        {
            ranked = Collect(new FilteredQuery(_builder.BuildMeasureRanking(query, reader), blocks, FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY));
            foreach (var (docId, block) in blocks.ByDocument)
                if (!ranked.Any(m => m.DocId == docId)) ranked.AddRange(MeasureBlocks.Unscored(reader, block, docId));
        }
        else
        {
            ranked = Collect(_builder.BuildMeasureRanking(query, reader, docIds));
            var missing = docIds.Where(id => !ranked.Any(m => m.DocId == id)).ToList();
            if (missing.Count > 0)
            {
                var documents = new BooleanQuery();
                foreach (var id in missing) documents.Add(new TermQuery(new Term(IndexFields.DocId, id)), Occur.SHOULD);
                var all = new BooleanQuery
                {
                    { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure)), Occur.MUST },
                    { documents, Occur.MUST },
                };
                ranked.AddRange(Collect(new ConstantScoreQuery(all) { Boost = 0f }));
            }
        }
        foreach (var group in ranked.GroupBy(m => m.DocId, StringComparer.Ordinal))
        {
            matched[group.Key] = group.Count();
            result[group.Key] = group.OrderByDescending(m => m.Score).ThenBy(m => m.Id, StringComparer.Ordinal).Take(count).Select(m =>
            {
                var d = _searcher.Doc(m.Doc, MeasureFields); // stored text only for the measures shown
                var text = d.Get(IndexFields.Text) ?? "";
                var spans = MatchLocator.Find(text, highlights, _fold);
                return new MeasureHit(m.Id, d.Get(IndexFields.Path) ?? "", text, _highlighter.Highlight(text, spans), m.Score);
            }).ToList();
        }
        return result;
    }

    /// <summary>Hits with their document and measure ids read from doc values, so ranking all of a page's matching measures costs no stored-field reads.</summary>
    private List<(int Doc, string DocId, string Id, float Score)> Collect(Query query)
    {
        var collector = new AllHitsCollector();
        _searcher.Search(query, collector);
        return collector.Hits;
    }

    /// <summary>Every hit with its score and ids; used where the hits are bounded (the measures of one result page).</summary>
    private sealed class AllHitsCollector : ICollector
    {
        private readonly BytesRef _scratch = new();
        private Scorer? _scorer;
        private int _docBase;
        private SortedDocValues? _docIds, _ids;
        public List<(int Doc, string DocId, string Id, float Score)> Hits { get; } = [];
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            _docBase = context.DocBase;
            _docIds = context.AtomicReader.GetSortedDocValues(IndexFields.DocId);
            _ids = context.AtomicReader.GetSortedDocValues(IndexFields.Id);
        }

        public void Collect(int doc)
        {
            float score = _scorer?.GetScore() ?? 0f;
            Hits.Add((_docBase + doc, Read(_docIds, doc), Read(_ids, doc), float.IsNaN(score) ? 0f : score));
        }

        private string Read(SortedDocValues? values, int doc)
        {
            if (values is null) return "";
            values.Get(doc, _scratch);
            return _scratch.Utf8ToString();
        }
    }
}
