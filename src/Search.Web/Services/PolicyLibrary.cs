using Lucene.Net.Index;
using Lucene.Net.Store;
using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;
using Search.Schema;

namespace Search.Web.Services;

/// <summary>The opened index as the web app sees it: pages of results, whole result sets, stored measures and documents with their hits marked.</summary>
/// <remarks>Every method runs on one searcher (one commit), so a walk over many pages never mixes an old and a new index
/// while a reindex is committing.</remarks>
public sealed class PolicyLibrary : IDisposable
{
    public SearchEngine Engine { get; }
    public SearchWebOptions Options { get; }

    PolicyLibrary(SearchEngine engine, SearchWebOptions options)
    {
        Engine = engine;
        Options = options;
    }

    /// <summary>Opens the configured index, first building it from the corpus when the folder holds none.</summary>
    public static PolicyLibrary Open(SearchWebOptions options, ILogger? log = null)
    {
        var smartCn = new SmartCnOptions(options.SmartCnJar);
        IndexFreshness.EnsureCurrent(options.Corpus, options.Index, smartCn, report: message => log?.LogInformation("{Message}", message));
        var engine = SearchEngine.Open(options.Index, smartCn);
        // The quantized copy of a large vector store and the sentence spans are built on first use: build them now, off the request
        // path, so the first `similar` does not wait for them (~5 s at 100,000 documents).
        _ = Task.Run(() =>
        {
            try { engine.Semantic()?.Warm(); }
            catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or InvalidOperationException)
            {
                log?.LogWarning("Warming the semantic index failed: {Message}", e.Message);
            }
        });
        return new PolicyLibrary(engine, options);
    }

    /// <summary>One page of results, or the syntax error.</summary>
    public SearchOutcome Search(SearchQuery query) => Engine.Search(query);

    /// <summary>Every matching document up to <paramref name="limit"/> (all from one commit), each with up to <paramref name="measuresPerDocument"/> measures.</summary>
    public SearchOutcome SearchAll(string text, int limit, int measuresPerDocument, SearchOrder order = SearchOrder.Relevance) =>
        Engine.Index.With(searcher =>
        {
            var searcherOnCommit = Engine.SearcherFor(searcher);
            const int pageSize = 100;
            var hits = new List<DocumentHit>();
            SearchResult? first = null;
            for (int page = 1; hits.Count < limit; page++)
            {
                var outcome = searcherOnCommit.Search(new SearchQuery(text, page, pageSize, order, measuresPerDocument));
                if (outcome.Result is not { } result) return outcome;
                first ??= result;
                hits.AddRange(result.Hits);
                if (result.Hits.Count < pageSize || (long)page * pageSize >= Math.Min(result.Total, SearchQuery.MaxDepth)) break;
            }
            if (hits.Count > limit) hits.RemoveRange(limit, hits.Count - limit);
            return new SearchOutcome(first! with { Hits = hits, Page = 1, PageSize = hits.Count }, null);
        });

    /// <summary>The stored measure with this id, or null.</summary>
    public StoredMeasure? Measure(string id)
    {
        SearchIndex.ValidateId(id);
        var doc = Engine.Index.Find(id, IndexFields.KindMeasure);
        if (doc is null) return null;
        return new StoredMeasure(
            doc.Get(IndexFields.Id) ?? id, doc.Get(IndexFields.DocId) ?? "", doc.Get(IndexFields.Source) ?? "", doc.Get(IndexFields.Title) ?? "",
            doc.Get(IndexFields.Province) ?? "", doc.Get(IndexFields.City) ?? "", doc.Get(IndexFields.District) ?? "",
            doc.GetValues(IndexFields.Year).Select(int.Parse).Order().ToList(), doc.Get(IndexFields.Type) ?? "",
            doc.Get(IndexFields.Path) ?? "", doc.Get(IndexFields.Text) ?? "",
            doc.GetField(IndexFields.MeasureStart)?.GetInt32Value() ?? 0, doc.GetField(IndexFields.MeasureEnd)?.GetInt32Value() ?? 0,
            doc.GetField(IndexFields.MeasureOrdinal)?.GetInt32Value() ?? 0);
    }

    /// <summary>The indexed PolicyDocument, or null for an unknown id (a malformed id is a <see cref="UserError"/>).</summary>
    public IngestJson.DocumentView? Document(string id)
    {
        SearchIndex.ValidateId(id);
        var json = Engine.Index.Find(id, IndexFields.KindDocument)?.Get(IndexFields.DocumentJson);
        return json is null ? null : IngestJson.Deserialize(json);
    }

    /// <summary>For each measure where the query's terms occur, its whole text HTML-escaped with the matches in &lt;mark&gt;.</summary>
    public (IReadOnlyDictionary<string, string>? Marks, QuerySyntaxError? Error) MarkMeasures(IngestJson.DocumentView document, string query)
    {
        var parsed = SearchQueryParser.Parse(query);
        if (parsed.Error is { } error) return (null, error);
        var terms = Engine.Index.With(searcher => Engine.Builder.Build(parsed.Query!, searcher.IndexReader, IndexFields.KindMeasure).HighlightTerms);
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in document.Measures)
        {
            var spans = MatchLocator.Find(m.Text, terms, TextFolder.FoldToString);
            if (spans.Count > 0) marks[m.Id] = new SnippetHighlighter(Math.Max(1, m.Text.Length), 0).Highlight(m.Text, spans);
        }
        return (marks, null);
    }

    /// <summary>How many document and measure docs the current commit holds.</summary>
    public (int Documents, int Measures) Counts() => Engine.Index.With(SearchIndex.Counts);

    public void Dispose() => Engine.Dispose();
}

/// <summary>A measure as stored in the index, with its document's metadata and its place in the document.</summary>
public sealed record StoredMeasure(
    string Id, string DocId, string Source, string Title, string Province, string City, string District,
    IReadOnlyList<int> Years, string Type, string Path, string Text, int Start, int End, int Ordinal);
