using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Indexing;
using Search.Querying;
using Search.Tests.Support;
using Xunit;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>Which segment a document lands in changes from build to build (indexing runs on several threads, merges differ);
/// what a user sees must not: a second build of the same corpus, merged into one segment so that its layout surely differs,
/// answers every query with the same totals, order, scores, measures and facets.</summary>
public sealed class RebuildDeterminismTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    [Fact]
    public void A_second_build_of_the_same_corpus_answers_every_query_the_same()
    {
        using var temp = new TempCorpus(copyCorpus: false);
        using (var analyzers = new SearchAnalyzers())
            new CorpusIndexer(analyzers, semantic: false).Run(f.CorpusDir, temp.Index);
        using (var directory = FSDirectory.Open(temp.Index))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
            writer.ForceMerge(1);
        using var second = SearchEngine.Open(temp.Index);
        second.Hybrid = false;
        int firstSegments = f.Engine.Index.With(s => s.IndexReader.Leaves.Count), secondSegments = second.Index.With(s => s.IndexReader.Leaves.Count);
        Assert.True(firstSegments >= 2, "the fixture should have several segments");
        Assert.Equal(1, secondSegments);

        string[] queries = ["教育", "控辍保学", "学前教育 普惠", "\"课后服务\"", "教师 培训 province:广西", "type:工作计划",
            "学生 -安全", "心理健康 OR 劳动教育", "学前教育 year:2018..2022", "安全 学生 /sentence"];
        int hits = 0;
        foreach (var query in queries)
            foreach (var order in new[] { SearchOrder.Relevance, SearchOrder.Date })
                foreach (var page in new[] { 1, 2 })
                {
                    var request = new SearchQuery(query, page, 15, order);
                    var a = f.Engine.Search(request).GetResultOrThrow(query);
                    var b = second.Search(request).GetResultOrThrow(query);
                    Assert.Equal(a.Total, b.Total);
                    Assert.Equal(a.Hits.Select(h => (h.DocId, h.Score)), b.Hits.Select(h => (h.DocId, h.Score)));
                    Assert.Equal(a.Hits.Select(h => string.Join(",", h.Measures.Select(m => m.Id + ":" + m.Snippet))),
                                 b.Hits.Select(h => string.Join(",", h.Measures.Select(m => m.Id + ":" + m.Snippet))));
                    Assert.Equal(Show(a.Facets), Show(b.Facets));
                    hits += a.Hits.Count;
                }
        Assert.True(hits >= 300, $"only {hits} hits compared");
    }

    private static string Show(IReadOnlyList<Facet> facets) =>
        string.Join("\n", facets.Select(f => f.Field + ": " + string.Join(" ", f.Values.Select(v => $"{v.Value}={v.Count}"))));
}
