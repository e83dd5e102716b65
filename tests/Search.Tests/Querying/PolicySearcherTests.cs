using FsCheck.Xunit;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>End-to-end search: grouping, best measures, snippets, paging, ordering, errors.</summary>
public sealed class PolicySearcherTests : IClassFixture<LuceneQueryBuilderTests.Fixture>
{
    private readonly TestIndex _index;
    private readonly PolicySearcher _searcher;

    public PolicySearcherTests(LuceneQueryBuilderTests.Fixture fixture)
    {
        _index = fixture.Index;
        _searcher = new PolicySearcher(_index.Searcher, _index.Builder(), StandInAnalysis.Fold);
    }

    private SearchResult Run(string query, int page = 1, int pageSize = 10, SearchOrder order = SearchOrder.Relevance)
    {
        var outcome = _searcher.Search(new SearchQuery(query, page, pageSize, order));
        Assert.True(outcome.Error is null, outcome.Error?.Render(query));
        return outcome.Result!;
    }

    [Fact]
    public void Groups_measures_under_documents_with_highlighted_snippets()
    {
        var result = Run("控辍保学 劝返");
        Assert.Equal(4, result.Total);
        Assert.Equal(["d1", "d2", "d3", "d4"], result.Hits.Select(h => h.DocId).Order());
        var d2 = result.Hits.Single(h => h.DocId == "d2");
        Assert.Equal("柳南區控輟保學實施方案", d2.Title);
        Assert.Equal(["2021", "2022"], d2.Years);
        var best = d2.Measures[0];
        Assert.Equal("d2-1", best.Id);
        Assert.Equal("一、(一)", best.Path);
        Assert.Equal("落實<mark>控輟保學</mark>責任制，建立<mark>勸返</mark>復學台賬。", best.Snippet.ToHtml());
    }

    [Fact]
    public void Best_measures_meet_the_whole_query_first()
    {
        var d1 = Run("控辍保学 线上教学").Hits.Single();
        Assert.Equal("d1", d1.DocId);
        Assert.Equal(["d1-1", "d1-3"], d1.Measures.Select(m => m.Id).Order());
        var both = Run("辍学 劝返").Hits.Single(h => h.DocId == "d1");
        Assert.Equal("d1-1", both.Measures[0].Id);
    }

    [Fact]
    public void Filter_only_queries_show_first_measures_and_facets()
    {
        var result = Run("province:云南");
        Assert.Equal("d3", result.Hits.Single().DocId);
        Assert.Equal(["d3-1", "d3-2", "d3-3"], result.Hits[0].Measures.Select(m => m.Id));
        var province = result.Facets.Single(f => f.Field == IndexFields.Province);
        Assert.Equal(2, province.Values.Count); // multi-select: the other province stays visible
        Assert.Equal(1, result.Facets.Single(f => f.Field == IndexFields.City).Values.Single().Count);
    }

    [Fact]
    public void Pages_and_orders_deterministically()
    {
        var all = Run("教育 OR 劝返", pageSize: 10).Hits.Select(h => h.DocId).ToList();
        var paged = Enumerable.Range(1, 4).SelectMany(p => Run("教育 OR 劝返", page: p, pageSize: 1).Hits.Select(h => h.DocId)).ToList();
        Assert.Equal(all, paged);
        Assert.Equal(all, Run("教育 OR 劝返").Hits.Select(h => h.DocId));
        var byDate = Run("劝返", order: SearchOrder.Date).Hits.Select(h => h.Date).ToList();
        Assert.Equal(byDate.OrderDescending(), byDate);
        Assert.Equal(["d3", "d2", "d1", "d4"], Run("劝返", order: SearchOrder.Date).Hits.Select(h => h.DocId));
    }

    [Fact]
    public void Title_matches_rank_higher()
    {
        // 控辍保学 is in the titles of d1 and d2, not of d3 and d4.
        var order = Run("控辍保学").Hits.Select(h => h.DocId).ToList();
        Assert.Equal(["d1", "d2"], order.Take(2).Order());
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("year:20x0")]
    [InlineData("((((")]
    [InlineData("OR")]
    [InlineData("a\u0001")]
    public void Malformed_queries_give_errors_not_exceptions(string query)
    {
        var outcome = _searcher.Search(new SearchQuery(query));
        Assert.Null(outcome.Result);
        Assert.NotNull(outcome.Error);
        var e = Assert.Throws<QuerySyntaxException>(() => outcome.GetResultOrThrow(query));
        Assert.DoesNotContain("Lucene", e.Message);
        Assert.DoesNotContain(" at ", e.Message.Split('\n')[0]);
    }

    [Fact]
    public void Ten_thousand_characters_and_bad_pages_are_errors()
    {
        Assert.NotNull(_searcher.Search(new SearchQuery(new string('学', 10_000))).Error);
        Assert.NotNull(_searcher.Search(new SearchQuery("学", Page: 0)).Error);
        Assert.NotNull(_searcher.Search(new SearchQuery("学", Page: 2_000, PageSize: 100)).Error);
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_strings_give_a_result_or_an_error(string? query)
    {
        var outcome = _searcher.Search(new SearchQuery(query ?? ""));
        return (outcome.Result is null) != (outcome.Error is null);
    }

    [Fact]
    public void Random_queries_never_throw()
    {
        var pieces = new[] { "控辍保学", "劝返", "\"", "(", ")", "OR", "-", "province:广西", "year:2020..2022", "/sentence", "/measure", " ", "olic", "，", "title:方案", "𠀀", "|" };
        var random = new Random(7);
        for (var i = 0; i < 1_500; i++)
        {
            var q = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            var outcome = _searcher.Search(new SearchQuery(q));
            Assert.True((outcome.Result is null) != (outcome.Error is null), q);
        }
    }
}
