using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;
using Search.Responses;
using Search.Schema;
using Search.Semantic.Similar;
using Lucene.Net.Search;

namespace Search;

/// <summary>The opened product as a shell serves it, one typed response per resource: search pages, whole result sets (compare,
/// trend, export), documents, measures, similar measures and the index's size.</summary>
/// <remarks>Errors a user can cause are thrown typed: <see cref="QuerySyntaxException"/> and <see cref="UserError"/> (bad
/// input), <see cref="UnknownIdError"/> (nothing under that id). Every method runs on one searcher (one commit), so a walk over
/// many pages never mixes an old and a new index while a reindex is committing.</remarks>
public sealed class PolicyLibrary : IDisposable
{
    public SearchEngine Engine { get; }

    /// <summary>Finds similar measures: the hybrid of the semantic folder and BM25, or MoreLikeThis without a semantic folder.</summary>
    public ISimilarMeasureFinder Similarity { get; }

    PolicyLibrary(SearchEngine engine, ISimilarMeasureFinder? similarity)
    {
        Engine = engine;
        Similarity = similarity ?? new ProductMeasureFinder(engine);
    }

    /// <summary>Opens the index, first building it from the corpus when it cannot serve as it is (<see cref="IndexFreshness"/>),
    /// and warms the semantic index off the request path.</summary>
    /// <param name="report">Told what the start-up builds and why.</param>
    /// <param name="warn">Told when warming the semantic index failed (similar then warms on first use).</param>
    public static PolicyLibrary Open(string index, string corpus, SmartCnOptions? smartCn = null, Action<string>? report = null,
        Action<string>? warn = null, ISimilarMeasureFinder? similarity = null)
    {
        IndexFreshness.EnsureCurrent(corpus, index, smartCn, report);
        var engine = SearchEngine.Open(index, smartCn);
        // The quantized copy of a large vector store and the sentence spans are built on first use: build them now, so the first
        // `similar` does not wait for them.
        _ = Task.Run(() =>
        {
            try { engine.Semantic()?.Warm(); }
            catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or InvalidOperationException)
            {
                warn?.Invoke($"warming the semantic index failed: {e.Message}");
            }
        });
        return new PolicyLibrary(engine, similarity);
    }

    /// <summary>One page of results.</summary>
    /// <param name="typed">The query text as the user typed it, before filters given apart were added to <paramref name="query"/>:
    /// its own filters come back with their positions in it.</param>
    public SearchResponse Search(SearchQuery query, string? typed = null)
    {
        var result = Engine.Search(query).GetResultOrThrow(query.Text);
        var all = SearchQueryParser.Parse(query.Text).Query is { } parsed ? QueryFilters.TopLevel(parsed) : [];
        var own = !string.IsNullOrWhiteSpace(typed) && SearchQueryParser.Parse(typed).Query is { } mine ? QueryFilters.TopLevel(mine) : [];
        return SearchResponse.From(result, all) with { Filters = own };
    }

    /// <summary>Every match of a query on one commit: the parsed query, its matches, and the pinned searcher.</summary>
    T WithMatches<T>(string text, Func<QueryNode, QueryMatches, IndexSearcher, T> use)
    {
        var parsed = SearchQueryParser.Parse(text);
        if (parsed.Error is { } error) throw new QuerySyntaxException(error, text);
        return Engine.Index.With(searcher => use(parsed.Query!, QueryMatches.Find(searcher, Engine.Builder, parsed.Query!, text), searcher));
    }

    /// <summary>The matching measures of every district, side by side: complete counts, the first <paramref name="limit"/> districts
    /// with their best <paramref name="measures"/> measures each.</summary>
    public CompareResponse Compare(string text, int limit, int measures = CompareResponse.DefaultMeasuresPerDistrict) =>
        WithMatches(text, (_, matches, _) => CompareResponse.From(text, matches, limit, measures));

    /// <summary>Matching documents per year and province, over every match.</summary>
    public TrendResponse Trend(string text) => WithMatches(text, (_, matches, _) => TrendResponse.From(text, matches));

    /// <summary>Matching measures per district and year, over every match; the first <paramref name="limit"/> rows.</summary>
    public MatrixResponse Matrix(string text, int limit) => WithMatches(text, (_, matches, _) => MatrixResponse.From(text, matches, limit));

    static readonly ISet<string> DocumentJsonField = new HashSet<string> { IndexFields.DocumentJson };

    /// <summary>Writes every match of a query to <paramref name="output"/> as it reads it (one row per matching measure, one for a
    /// matching document without one), in the order the result pages list the documents; memory stays flat whatever the count.</summary>
    /// <param name="link">The page link for a document and measure id.</param>
    public Task<ExportSummary> ExportAsync(string text, SearchOrder order, ExportFormat format, Stream output, Func<string, string?, string> link,
        CancellationToken cancel = default)
    {
        var parsed = SearchQueryParser.Parse(text);
        if (parsed.Error is { } error) throw new QuerySyntaxException(error, text);
        // Matching and ranking run before the first byte is written, so a bad query is still a 400.
        var searcher = Engine.Index.Searchers.Acquire();
        try
        {
            var matches = QueryMatches.Find(searcher, Engine.Builder, parsed.Query!, text);
            var ranked = Engine.SearcherFor(searcher).RankAll(parsed.Query!, matches.Plan, order, matches.DocumentCount);
            var summary = new ExportSummary(text, matches.DocumentCount, matches.MeasureCount);
            return Write(searcher, summary, ExportRows(matches, ranked, link));
        }
        catch
        {
            Engine.Index.Searchers.Release(searcher);
            throw;
        }

        async Task<ExportSummary> Write(IndexSearcher pinned, ExportSummary summary, IEnumerable<ExportRow> rows)
        {
            try
            {
                await ExportWriter.WriteAsync(output, format, summary, rows, cancel);
                return summary;
            }
            finally { Engine.Index.Searchers.Release(pinned); }
        }
    }

    static IEnumerable<ExportRow> ExportRows(QueryMatches matches, IReadOnlyList<int> ranked, Func<string, string?, string> link)
    {
        foreach (int global in ranked)
        {
            var handle = matches.HandleOf(global);
            var json = matches.Stored(handle, DocumentJsonField).Get(IndexFields.DocumentJson);
            if (json is null) continue;
            var d = IngestJson.Deserialize(json);
            var m = d.Metadata;
            var years = string.Join(' ', (m.Years is { Count: > 0 } ys ? ys : m.Year is int y ? [y] : []).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            ExportRow Row(IngestJson.MeasureView? measure) => new(d.Title, m.Issuer ?? "", m.Number, m.Date, m.PublishedDate, years,
                m.Province ?? "", m.City ?? "", m.District ?? "", m.Type ?? "", measure?.Path, measure is null ? null : MeasureLabel.Of(measure.Path),
                measure?.Text, link(d.Id, measure?.Id), d.Id, measure?.Id, d.Source);
            bool any = false;
            foreach (var measure in matches.MatchedMeasuresOf(handle))
            {
                int ordinal = measure.Doc - handle.Doc - 1;
                if (ordinal < 0 || ordinal >= d.Measures.Count) continue;
                any = true;
                yield return Row(d.Measures[ordinal]);
            }
            if (!any) yield return Row(null);
        }
    }

    /// <summary>The indexed document; with a query, the measures where it matches come back marked.</summary>
    public DocumentResponse Document(string id, string? query = null)
    {
        var document = IngestJson.Deserialize(Engine.Index.DocumentJson(id));
        var marked = new Dictionary<string, MarkedText>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var parsed = SearchQueryParser.Parse(query);
            if (parsed.Error is { } error) throw new QuerySyntaxException(error, query);
            var terms = Engine.Index.With(searcher => Engine.Builder.Build(parsed.Query!, searcher.IndexReader, IndexFields.KindMeasure).HighlightTerms);
            foreach (var m in document.Measures)
            {
                var spans = MatchLocator.Find(m.Text, terms, TextFolder.FoldToString);
                if (spans.Count > 0) marked[m.Id] = new SnippetHighlighter(Math.Max(1, m.Text.Length), 0).Highlight(m.Text, spans);
            }
        }
        return DocumentResponse.From(document, marked);
    }

    /// <summary>The stored measure with this id.</summary>
    public MeasureResponse Measure(string id)
    {
        SearchIndex.ValidateId(id);
        var doc = Engine.Index.Find(id, IndexFields.KindMeasure) ?? throw new UnknownIdError($"没有编号为“{id}”的措施（unknown measure id '{id}'）");
        return new MeasureResponse(
            doc.Get(IndexFields.Id) ?? id, doc.Get(IndexFields.DocId) ?? "", doc.Get(IndexFields.Source) ?? "", doc.Get(IndexFields.Title) ?? "",
            doc.Get(IndexFields.Province) ?? "", doc.Get(IndexFields.City) ?? "", doc.Get(IndexFields.District) ?? "",
            doc.GetValues(IndexFields.Year).Select(int.Parse).Order().ToList(), doc.Get(IndexFields.Type) ?? "",
            doc.Get(IndexFields.Path) ?? "", doc.Get(IndexFields.Text) ?? "",
            doc.GetField(IndexFields.MeasureStart)?.GetInt32Value() ?? 0, doc.GetField(IndexFields.MeasureEnd)?.GetInt32Value() ?? 0,
            doc.GetField(IndexFields.MeasureOrdinal)?.GetInt32Value() ?? 0);
    }

    /// <summary>Measures like this one in other districts (or, with <paramref name="otherDistrictsOnly"/> false, in its own
    /// too), each with its document's title, region and year, the terms it shares with the source marked in both texts, and
    /// whether it passes the relevance cut-off.</summary>
    public SimilarResponse Similar(string measureId, int top, bool otherDistrictsOnly = true)
    {
        var measure = Measure(measureId);
        var hits = Similarity.Find(measure.Id, top, otherDistrictsOnly);
        var source = new SimilarSource(measure.Id, measure.DocId, measure.Title, measure.Province, measure.City, measure.District,
            measure.Years.Count > 0 ? measure.Years[0] : null, measure.Path, MeasureLabel.Of(measure.Path), measure.Text, []);
        return SimilarResponse.From(measure.Id, measure.District, source, hits, DocumentFacts(hits.Select(h => h.DocId)), otherDistrictsOnly);
    }

    /// <summary>Measures like a pasted text (a draft, a paragraph of a document not in the collection), from every district.</summary>
    public SimilarResponse SimilarToText(string text, int top)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UserError("文本为空：请粘贴要查找相似措施的一段文字（text is empty）");
        var hits = Similarity.FindText(text.Trim(), top);
        var source = new SimilarSource(null, null, null, null, null, null, null, null, null, text.Trim(), []);
        return SimilarResponse.From(null, null, source, hits, DocumentFacts(hits.Select(h => h.DocId)), otherDistrictsOnly: false);
    }

    /// <summary>Title, region and first year of documents, by id, from doc values.</summary>
    IReadOnlyDictionary<string, SimilarDocumentFacts> DocumentFacts(IEnumerable<string> docIds) => Engine.Index.With(searcher =>
    {
        var facts = new Dictionary<string, SimilarDocumentFacts>(StringComparer.Ordinal);
        foreach (var id in docIds.Distinct(StringComparer.Ordinal))
        {
            var query = new BooleanQuery
            {
                { new TermQuery(new Lucene.Net.Index.Term(IndexFields.DocId, id)), Occur.MUST },
                { new TermQuery(new Lucene.Net.Index.Term(IndexFields.Kind, IndexFields.KindDocument)), Occur.MUST },
            };
            var hit = searcher.Search(query, 1).ScoreDocs.FirstOrDefault();
            if (hit is null) continue;
            var m = HitMetadata.Read(searcher, hit);
            facts[id] = new SimilarDocumentFacts(m.Title, m.Province, m.City, m.District,
                m.Years.Count > 0 && int.TryParse(m.Years[0], out int y) ? y : null);
        }
        return (IReadOnlyDictionary<string, SimilarDocumentFacts>)facts;
    });

    readonly System.Runtime.CompilerServices.ConditionalWeakTable<Lucene.Net.Index.IndexReader, IngestReport.Report> _quality = new();

    /// <summary>The quality report of the documents the current commit holds (from their stored ingestion results, so nothing is
    /// read again) and of the files its run could not read; made once per commit. <paramref name="kind"/> picks one kind of warning.</summary>
    public QualityResponse Quality(string? kind, int page, int size) => Engine.Index.With(searcher =>
        QualityResponse.From(_quality.GetValue(searcher.IndexReader, reader => IngestReport.Tally(StoredOutcomes(searcher))), kind, page, size));

    static IEnumerable<(string Source, PolicyDocument? Document, string? Error)> StoredOutcomes(IndexSearcher searcher)
    {
        var reader = searcher.IndexReader;
        var documents = new List<(string Source, int Doc)>();
        foreach (var leaf in reader.Leaves)
        {
            var postings = leaf.AtomicReader.GetTermDocsEnum(new Lucene.Net.Index.Term(IndexFields.Kind, IndexFields.KindDocument));
            var live = leaf.AtomicReader.LiveDocs;
            var sources = leaf.AtomicReader.GetBinaryDocValues(IndexFields.Source);
            var scratch = new Lucene.Net.Util.BytesRef();
            if (postings is null) continue;
            for (int d = postings.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.NextDoc())
            {
                if (live is not null && !live.Get(d)) continue;
                sources?.Get(d, scratch);
                documents.Add((sources is null ? "" : scratch.Utf8ToString(), leaf.DocBase + d));
            }
        }
        var failed = CommitMetadata.Of(reader)?.Failed ?? [];
        // In source order, the failures among them, as ingest-report lists a folder.
        var all = documents.Select(d => (d.Source, Doc: d.Doc, Error: (string?)null))
            .Concat(failed.Select(f => (f.Source, Doc: -1, Error: (string?)f.Message)))
            .OrderBy(x => x.Source, StringComparer.Ordinal);
        foreach (var (source, doc, error) in all)
        {
            if (doc < 0) { yield return (source, null, error); continue; }
            var json = searcher.Doc(doc, DocumentJsonField).Get(IndexFields.DocumentJson);
            yield return json is null ? (source, null, "no stored ingestion result") : (source, IngestJson.ToDocument(IngestJson.Deserialize(json)), null);
        }
    }

    /// <summary>How many documents and measures the current commit holds.</summary>
    public HealthResponse Health()
    {
        var (documents, measures) = Engine.Index.With(IndexCounts.Of);
        return new HealthResponse("ok", documents, measures);
    }

    public void Dispose() => Engine.Dispose();

    /// <summary>The product's finder: the engine's hybrid when the commit names a semantic folder, else MoreLikeThis; it follows
    /// re-indexing through the shared engine.</summary>
    sealed class ProductMeasureFinder(SearchEngine engine) : ISimilarMeasureFinder
    {
        readonly MoreLikeThisMeasureFinder _fallback = new(engine.Index, engine.Analyzers.Words);

        public IReadOnlyList<SimilarMeasure> Find(string measureId, int top) => Find(measureId, top, otherDistrictsOnly: true);

        public IReadOnlyList<SimilarMeasure> Find(string measureId, int top, bool otherDistrictsOnly)
        {
            if (engine.Semantic() is not { } index) return _fallback.Find(measureId, top, otherDistrictsOnly);
            if (!index.Store.TryGetRow(measureId, out _)) return [];
            // Null: the semantic folder went away between the two calls.
            return engine.FindSimilar(SimilarTarget.ForMeasure(measureId), new SimilarOptions { Top = top, OtherDistrictsOnly = otherDistrictsOnly })
                ?? _fallback.Find(measureId, top, otherDistrictsOnly);
        }

        public IReadOnlyList<SimilarMeasure> FindText(string text, int top) =>
            engine.FindSimilar(SimilarTarget.ForText(text), new SimilarOptions { Top = top }) ?? _fallback.FindText(text, top);
    }
}
