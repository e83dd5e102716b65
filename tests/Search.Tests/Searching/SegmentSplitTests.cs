using Search.Querying;
using Search.Analysis;
using Xunit;

namespace Search.Tests.Searching;

/// <summary>A query split over two threads (segments in two halves, rankings and facet counts merged) must return exactly
/// what one pass returns: totals, order, scores, facets and measures.</summary>
public sealed class SegmentSplitTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    public static TheoryData<string, int, int, SearchOrder> Queries() => new()
    {
        { "教育", 1, 10, SearchOrder.Relevance },
        { "教育", 3, 7, SearchOrder.Relevance },
        { "教育", 1, 100, SearchOrder.Date },
        { "控辍保学", 1, 20, SearchOrder.Relevance },
        { "学前教育 普惠", 1, 10, SearchOrder.Relevance },
        { "\"课后服务\"", 1, 10, SearchOrder.Relevance },
        { "教师 培训 province:广西", 1, 10, SearchOrder.Relevance },
        { "学前教育 year:2018..2022 type:工作计划", 2, 5, SearchOrder.Relevance },
        { "type:工作计划", 1, 50, SearchOrder.Relevance },
        { "学生 -安全", 1, 10, SearchOrder.Date },
        { "心理健康 OR 劳动教育", 1, 30, SearchOrder.Relevance },
        { "\"不存在的短语\"", 1, 10, SearchOrder.Relevance },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Split_search_returns_what_one_pass_returns(string query, int page, int size, SearchOrder order)
    {
        f.Engine.Index.With(searcher =>
        {
            Assert.True(searcher.IndexReader.Leaves.Count >= 2, "the fixture should have several segments");
            var halves = PolicySearcher.Halves(searcher.IndexReader, fromDocs: 0)!;
            Assert.Equal(searcher.IndexReader.Leaves.Select(l => l.Ord).Order(), halves.SelectMany(h => h).Select(l => l.Ord).Order());
            Assert.All(halves, h => Assert.NotEmpty(h));

            var one = new PolicySearcher(searcher, f.Engine.Builder, TextFolder.FoldToString);
            var split = new PolicySearcher(searcher, f.Engine.Builder, TextFolder.FoldToString, splitSegments: true) { SplitFromDocs = 0, SplitWhenBusy = true };
            var request = new SearchQuery(query, page, size, order);
            var expected = one.Search(request).GetResultOrThrow(query);
            var actual = split.Search(request).GetResultOrThrow(query);

            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Hits.Select(h => (h.DocId, h.Score)), actual.Hits.Select(h => (h.DocId, h.Score)));
            Assert.Equal(expected.Hits.Select(h => string.Join(",", h.Measures.Select(m => m.Id))), actual.Hits.Select(h => string.Join(",", h.Measures.Select(m => m.Id))));
            Assert.Equal(Show(expected.Facets), Show(actual.Facets));
            return 0;
        });
    }

    [Fact]
    public void Small_or_single_segment_indexes_are_not_split()
    {
        f.Engine.Index.With(searcher =>
        {
            Assert.Null(PolicySearcher.Halves(searcher.IndexReader, PolicySearcher.DefaultSplitFromDocs));
            return 0;
        });
    }

    private static string Show(IReadOnlyList<Facet> facets) =>
        string.Join("\n", facets.Select(f => f.Field + ": " + string.Join(" ", f.Values.Select(v => $"{v.Value}={v.Count}"))));
}
