using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using RAMDirectory = Lucene.Net.Store.RAMDirectory;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Ingest;
using Search.Indexing;
using Search.Querying;
using Search.Tests.Support;
using Xunit;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>A result page's best measures are scored inside each document's block of docs; they must be exactly those the
/// doc-id ranking (every measure doc of the document, over the whole index) gives. Term states from the shared lookup must
/// equal Lucene's own, and a hit's metadata read from doc values must equal its stored fields.</summary>
public sealed class MeasureBlockTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    [Fact]
    public void Best_measures_equal_the_doc_id_ranking_on_the_synthetic_index()
    {
        var queries = SampleQueries(f.CorpusDir, count: 40, seed: 5)
            .Concat(["type:工作计划", "教育 -学前", "\"课后服务\"", "学生 教师 /sentence", "year:2018..2020 安全"]).ToList();
        int compared = 0, unscored = 0;
        foreach (var q in queries)
        {
            var result = f.Engine.Search(new SearchQuery(q, 1, 20)).GetResultOrThrow(q);
            foreach (var hit in result.Hits)
            {
                var expected = f.Engine.Index.With(searcher => Oracle(searcher, f.Engine.Builder, q, hit.DocId));
                Assert.Equal(expected.Select(m => m.Id), hit.Measures.Select(m => m.Id));
                Assert.Equal(expected.Select(m => m.Score), hit.Measures.Select(m => m.Score), (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1f, Math.Abs(a)));
                compared++;
                if (expected.Count > 0 && expected[0].Score == 0f) unscored++;
            }
        }
        Assert.True(compared >= 300, $"only {compared} hits compared");
        Assert.True(unscored > 0, "filter-only queries should show documents whose measures match nothing");
    }

    [Fact]
    public void Blocks_stay_right_after_an_incremental_update()
    {
        using var temp = new TempCorpus();
        string corpus = temp.Corpus, index = temp.Index;
        using (var analyzers = new SearchAnalyzers())
        {
            var indexer = new CorpusIndexer(analyzers, semantic: false);
            indexer.Run(corpus, index);
            // Changing one file deletes its old block and appends a new one in another segment (whether deleted docs remain
            // depends on how the first run's two threads split the files: see the next test for a fixed layout).
            var file = Directory.GetFiles(corpus, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
            File.AppendAllText(file, "\n十、推进校园足球特色学校建设，开展校园足球联赛。\n");
            Assert.Equal(1, indexer.Run(corpus, index).Updated);
        }
        using var engine = SearchEngine.Open(index);
        engine.Hybrid = false;
        engine.Index.With(searcher => { Assert.True(searcher.IndexReader.Leaves.Count >= 2); return 0; });
        int compared = 0;
        foreach (var q in new[] { "校园足球", "控辍保学", "教师 培训", "\"义务教育\"", "type:工作计划" })
        {
            var result = engine.Search(new SearchQuery(q, 1, 20)).GetResultOrThrow(q);
            foreach (var hit in result.Hits)
            {
                var expected = engine.Index.With(searcher => Oracle(searcher, engine.Builder, q, hit.DocId));
                Assert.Equal(expected.Select(m => m.Id), hit.Measures.Select(m => m.Id));
                Assert.All(hit.Measures, m => Assert.StartsWith(hit.DocId, m.Id, StringComparison.Ordinal));
                compared++;
            }
        }
        Assert.True(compared >= 5);
        AssertHitMetadataFromDocValues(engine, documents: 5, someWithSeveralYears: true);
        var football = engine.Search(new SearchQuery("校园足球")).GetResultOrThrow("校园足球");
        Assert.Contains(football.Hits.SelectMany(h => h.Measures), m => m.Snippet.ToHtml().Contains("<mark>校园足球</mark>", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_term_lookup_equals_lucene_term_contexts()
    {
        var terms = SampleQueries(RepoPaths.Corpus, count: 200, seed: 9).Where(q => !q.Contains(' ') && !q.Contains('"'))
            .SelectMany(q => new[]
            {
                new Term(IndexFields.DocTextGrams, q[..Math.Min(2, q.Length)]), new Term(IndexFields.TextGrams, q[..Math.Min(2, q.Length)]),
                new Term(IndexFields.DocText, q), new Term(IndexFields.Text, q), new Term(IndexFields.Title, q),
            })
            .Append(new Term(IndexFields.Kind, IndexFields.KindDocument)).Append(new Term(IndexFields.DocText, "不存在的词语"))
            .ToList();
        using var analyzers = new SearchAnalyzers();
        // A commit after each document: one segment per document, so per-segment states are absent in some and present in others.
        using var directory = BlockIndex(analyzers, (writer, written) =>
        {
            foreach (var d in written)
            {
                writer.AddDocuments(IndexedDocuments.For(d, "h", analyzers));
                writer.Commit();
            }
        });
        using var reader = DirectoryReader.Open(directory);
        var top = reader.Context;
        Assert.Equal(RepoPaths.CorpusFiles().Count(), top.Leaves.Count);
        var lookup = new TermLookup(top);
        int found = 0, partial = 0;
        foreach (var term in terms)
        {
            var shared = lookup.Context(term);
            var lucene = TermContext.Build(top, term);
            Assert.Equal(lucene.DocFreq, shared.DocFreq);
            Assert.Equal(lucene.TotalTermFreq, shared.TotalTermFreq);
            foreach (var leaf in top.Leaves)
                Assert.Equal(lucene.Get(leaf.Ord) is null, shared.Get(leaf.Ord) is null);
            if (lucene.DocFreq > 0) found++;
            if (top.Leaves.Any(l => lucene.Get(l.Ord) is null) && top.Leaves.Any(l => lucene.Get(l.Ord) is not null)) partial++;
            Assert.Same(shared, lookup.Context(term));
        }
        Assert.True(found > terms.Count / 4, $"only {found} of {terms.Count} sampled terms occur");
        Assert.True(partial > 0, "some terms should occur in some segments only");
    }

    [Fact]
    public void Hit_metadata_from_doc_values_equals_the_stored_fields() => AssertHitMetadataFromDocValues(f.Engine, documents: 150);

    /// <summary>Every document doc's metadata read for a result page (doc values) equals what its stored fields say.</summary>
    private static void AssertHitMetadataFromDocValues(SearchEngine engine, int documents, bool someWithSeveralYears = false) => engine.Index.With(searcher =>
    {
        var docs = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), 10_000).ScoreDocs;
        Assert.Equal(documents, docs.Length);
        int severalYears = 0;
        foreach (var hit in docs)
        {
            var fast = HitMetadata.Read(searcher, hit);
            var stored = HitMetadata.FromStored(searcher.Doc(hit.Doc, HitMetadata.StoredFields));
            Assert.Equal(stored with { Years = [] }, fast with { Years = [] });
            Assert.Equal(stored.Years, fast.Years);
            Assert.NotNull(fast.MeasureCount);
            if (fast.Years.Count > 1) severalYears++;
        }
        Assert.True(!someWithSeveralYears || severalYears > 0, "the corpus holds a plan over several years");
        return 0;
    });

    [Fact]
    public void Blocks_skip_a_deleted_block_inside_a_live_segment()
    {
        using var analyzers = new SearchAnalyzers();
        var documents = CorpusDocuments();
        // One thread, no flush in between: the replaced document's old block stays, deleted, between live blocks of one segment.
        using var directory = BlockIndex(analyzers, (writer, written) =>
        {
            foreach (var d in written) writer.AddDocuments(IndexedDocuments.For(d, "h", analyzers));
            var replaced = written[written.Count / 2];
            writer.UpdateDocuments(new Term(IndexFields.DocId, replaced.Id), IndexedDocuments.For(replaced, "h2", analyzers));
            writer.Commit();
        });
        using var reader = DirectoryReader.Open(directory);
        Assert.Single(reader.Leaves);
        Assert.True(reader.HasDeletions);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var builder = new LuceneQueryBuilder(analyzers.Words, analyzers.Grams, TextFolder.FoldToString);

        var page = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), 100).ScoreDocs;
        Assert.Equal(documents.Count, page.Length);
        var blocks = MeasureBlocks.Find(reader, page, page.Select(h => HitMetadata.Read(searcher, h)).ToList());
        Assert.NotNull(blocks); // the block path is taken, not the doc-id fallback
        foreach (var (docId, block) in blocks.ByDocument)
        {
            Assert.Equal(documents.Single(d => d.Id == docId).Measures.Count, block.To - block.From);
            Assert.All(MeasureBlocks.Unscored(reader, block, docId), m => Assert.StartsWith(docId, m.Id, StringComparison.Ordinal));
        }

        var policy = new PolicySearcher(searcher, builder, TextFolder.FoldToString);
        int compared = 0;
        foreach (var q in new[] { "控辍保学", "教师 培训", "\"义务教育\"", "type:工作计划", "学生 -安全" })
            foreach (var hit in policy.Search(new SearchQuery(q, 1, 20)).GetResultOrThrow(q).Hits)
            {
                Assert.Equal(Oracle(searcher, builder, q, hit.DocId).Select(m => m.Id), hit.Measures.Select(m => m.Id));
                compared++;
            }
        Assert.True(compared >= 10, $"only {compared} hits compared");
    }

    private static List<PolicyDocument> CorpusDocuments()
    {
        var ingestor = new DocumentIngestor();
        return DocumentIngestor.CorpusFiles(RepoPaths.Corpus).Select(x => ingestor.Ingest(x.Path, RepoPaths.Corpus)).ToList();
    }

    /// <summary>An in-memory index of the real corpus's documents, written by one writer thread as <paramref name="write"/> says.</summary>
    private static RAMDirectory BlockIndex(SearchAnalyzers analyzers, Action<IndexWriter, List<PolicyDocument>> write)
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.PerField) { Similarity = new BM25Similarity() });
        write(writer, CorpusDocuments());
        return directory;
    }

    /// <summary>The best three measures of one document by the doc-id ranking over the whole index (the definition).</summary>
    private static List<(string Id, float Score)> Oracle(IndexSearcher searcher, LuceneQueryBuilder builder, string query, string docId)
    {
        var parsed = SearchQueryParser.Parse(query).Query!;
        var ranking = builder.BuildMeasureRanking(parsed, searcher.IndexReader, [docId]);
        var ranked = searcher.Search(ranking, 10_000).ScoreDocs.Select(d => (Id: searcher.Doc(d.Doc).Get(IndexFields.Id), Score: d.Score)).ToList();
        if (ranked.Count == 0)
        {
            var all = new BooleanQuery
            {
                { new TermQuery(new Term(IndexFields.DocId, docId)), Occur.MUST },
                { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure)), Occur.MUST },
            };
            ranked = searcher.Search(all, 10_000).ScoreDocs.Select(d => (searcher.Doc(d.Doc).Get(IndexFields.Id), 0f)).ToList();
        }
        return ranked.OrderByDescending(m => m.Score).ThenBy(m => m.Id, StringComparer.Ordinal).Take(3).ToList();
    }

    /// <summary>Han strings of 2–4 characters cut from the corpus, and some pairs of them, as queries.</summary>
    private static List<string> SampleQueries(string corpusDir, int count, int seed)
    {
        var files = Directory.GetFiles(corpusDir, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        var queries = new List<string>();
        for (int attempt = 0; attempt < 50_000 && queries.Count < count; attempt++)
        {
            var text = TextFolder.FoldToString(File.ReadAllText(files[random.Next(files.Length)]));
            int length = random.Next(2, 5), start = random.Next(0, Math.Max(1, text.Length - length));
            var term = text.Substring(start, Math.Min(length, text.Length - start));
            if (!term.All(c => c is >= '\u4E00' and <= '\u9FFF')) continue;
            queries.Add(queries.Count % 4 == 3 ? queries[^1] + " " + term : term);
        }
        return queries;
    }
}
