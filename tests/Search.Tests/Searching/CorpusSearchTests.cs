using Search.Analysis;
using Search.Querying;
using Search.Tests.Querying;
using Search.Tests.Support;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>Search on the real corpus index: every district that mentions a term, Traditional included, exact phrases, facets, errors.</summary>
public class CorpusSearchTests(CorpusIndexFixture f) : IClassFixture<CorpusIndexFixture>
{
    SearchResult Run(string q, int size = 10, SearchOrder order = SearchOrder.Relevance) =>
        f.Engine.Search(new SearchQuery(q, 1, size, order)).GetResultOrThrow(q);

    [Theory]
    [InlineData("控辍保学")]
    [InlineData("控輟保學")]
    [InlineData("\"控辍保学\"")]
    public void Kongchuobaoxue_finds_the_four_districts_in_simplified_and_traditional(string q)
    {
        var r = Run(q);
        Assert.Equal(4, r.Total);
        Assert.Equal(new[] { "000_", "001_", "002_", "003_" }.Select(f.DocId).Order(), r.Hits.Select(h => h.DocId).Order());
        Assert.Equal(["兴宁区", "兴庆区", "宁国市", "柳南区"], r.Hits.Select(h => h.District).Order());
        var liunan = r.Hits.Single(h => h.District == "柳南区");
        Assert.Contains("<mark>控輟保學</mark>", liunan.Measures[0].Snippet.ToHtml()); // highlight on the characters as written
        Assert.All(r.Hits.Where(h => h.District != "柳南区"), h => Assert.Contains("<mark>控辍保学</mark>", h.Measures[0].Snippet.ToHtml()));
        var provinces = r.Facets.Single(x => x.Field == IndexFields.Province).Values.ToDictionary(v => v.Value, v => v.Count);
        Assert.Equal(new Dictionary<string, int> { ["广西壮族自治区"] = 2, ["安徽省"] = 1, ["宁夏回族自治区"] = 1 }, provinces);
    }

    [Fact]
    public void Province_filter_drills_down_and_facets_follow()
    {
        var r = Run("控辍保学 province:广西");
        Assert.Equal(2, r.Total);
        Assert.All(r.Hits, h => Assert.Equal("广西壮族自治区", h.Province));
        var filtered = Run(new SearchFilters(Region: "柳南区").ApplyTo("控辍保学"));
        Assert.Equal("柳南区", Assert.Single(filtered.Hits).District);
        Assert.Equal(3, Run(new SearchFilters(Year: "2020..2021").ApplyTo("控辍保学")).Total); // 000 (2020), 001 (2020), 003 (2021)
    }

    [Fact]
    public void Date_order_puts_the_newest_document_first()
    {
        var r = Run("教育", size: 10, order: SearchOrder.Date);
        // A document with a year and no date sorts among its year (after that year's dated documents).
        var keys = r.Hits.Select(h => DateOrder.Key(h.Date, h.Years.Count > 0 ? int.Parse(h.Years.Min()!) : null)).ToList();
        Assert.Equal(keys.OrderByDescending(k => k).ToList(), keys);
        Assert.Equal(20230216, r.Hits[0].Date);
        var undated = Assert.Single(r.Hits, h => h.Date == 0);
        int position = r.Hits.ToList().IndexOf(undated);
        Assert.True(position > 0 && position < r.Hits.Count - 1, $"the undated document ({string.Join(",", undated.Years)}) sorts among its year, not last");
    }

    [Fact]
    public void Quoted_substrings_find_exactly_the_measures_containing_them_in_both_scripts()
    {
        var failures = f.Engine.Index.With(searcher =>
        {
            var builder = new LuceneQueryBuilder(f.Engine.Analyzers.Words, f.Engine.Analyzers.Grams, TextFolder.FoldToString);
            return PhraseExactnessProperty.Check(searcher.IndexReader, builder, TextFolder.FoldToString, TraditionalForms.Of, samples: 2000, seed: 4242);
        });
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(10)));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("year:20x0")]
    [InlineData("((((")]
    [InlineData("OR")]
    [InlineData("控辍\u0001保学")]
    public void Malformed_queries_give_a_clear_error_not_an_exception(string q)
    {
        var outcome = f.Engine.Search(new SearchQuery(q));
        Assert.Null(outcome.Result);
        Assert.NotNull(outcome.Error);
        Assert.DoesNotContain("Lucene", outcome.Error!.Message);
        Assert.DoesNotContain(" at ", outcome.Error.Message);
    }

    [Fact]
    public void A_ten_thousand_character_query_is_refused_with_a_message()
    {
        var outcome = f.Engine.Search(new SearchQuery(new string('教', 10_000)));
        Assert.NotNull(outcome.Error);
        Assert.Contains("1000", outcome.Error!.Message.Replace(",", ""));
    }
}

/// <summary>Hybrid ranking re-orders free-text results with the embedding ranking but never changes which documents match.</summary>
public class HybridSearchTests(CorpusIndexFixture f) : IClassFixture<CorpusIndexFixture>
{
    [Theory]
    [InlineData("劝返 辍学")]
    [InlineData("教师 培训")]
    [InlineData("学校 安全 province:广西")]
    [InlineData("课后服务 OR 托管")]
    public void Fusion_keeps_exactly_the_bm25_documents(string q)
    {
        Assert.NotNull(f.Engine.Semantic());
        var hybrid = All(q, hybrid: true);
        var bm25 = All(q, hybrid: false);
        Assert.NotEmpty(bm25);
        Assert.Equal(bm25.Order(), hybrid.Order());
    }

    [Fact]
    public void Phrases_and_date_order_are_not_fused()
    {
        Assert.Null(PolicySearcher.FreeText(SearchQueryParser.Parse("\"控辍保学\" 劝返").Query!));
        Assert.Equal("控辍保学 劝返", PolicySearcher.FreeText(SearchQueryParser.Parse("控辍保学 劝返 -辍学 province:广西").Query!));
        Assert.Equal(All("\"义务教育\"", hybrid: true), All("\"义务教育\"", hybrid: false));
    }

    [Fact]
    public void Hybrid_pages_cut_one_ordering()
    {
        const string q = "教育 学校";
        var whole = All(q, hybrid: true);
        var paged = Enumerable.Range(1, whole.Count)
            .SelectMany(p => f.Engine.Search(new SearchQuery(q, p, 1)).GetResultOrThrow(q).Hits.Select(h => h.DocId)).ToList();
        Assert.True(whole.Count >= 3);
        Assert.Equal(whole, paged);
    }

    [Fact]
    public void A_cold_engine_opens_the_vectors_beside_its_first_query_and_fuses_as_a_warm_one()
    {
        const string q = "教师 培训";
        var warm = All(q, hybrid: true);
        Assert.NotEqual(All(q, hybrid: false), warm); // fusion re-orders this query, so the cold run below must have fused
        using var cold = SearchEngine.Open(f.IndexFolder);
        var first = cold.Search(new SearchQuery(q, 1, 100)).GetResultOrThrow(q).Hits.Select(h => h.DocId).ToList();
        Assert.Equal(warm, first);
        Assert.NotNull(cold.Semantic());
    }

    [Fact]
    public void Only_free_text_in_relevance_order_is_said_to_fuse()
    {
        Assert.True(f.Engine.WillFuse(new SearchQuery("教师 培训 -安全")));
        Assert.False(f.Engine.WillFuse(new SearchQuery("\"教师培训\" 安全")));
        Assert.False(f.Engine.WillFuse(new SearchQuery("教师 培训", Order: SearchOrder.Date)));
        Assert.False(f.Engine.WillFuse(new SearchQuery("province:广西")));
        Assert.False(f.Engine.WillFuse(new SearchQuery("教师 (")));
        f.Engine.Hybrid = false;
        try { Assert.False(f.Engine.WillFuse(new SearchQuery("教师 培训"))); }
        finally { f.Engine.Hybrid = true; }
    }

    [Fact]
    public void An_engine_disposed_while_its_vectors_open_in_the_background_gives_them_up()
    {
        var engine = SearchEngine.Open(f.IndexFolder);
        engine.OpenSemanticInBackground();
        engine.Dispose();
        Assert.Null(engine.Semantic());
    }

    List<string> All(string q, bool hybrid)
    {
        f.Engine.Hybrid = hybrid;
        try
        {
            return f.Engine.Search(new SearchQuery(q, 1, 100)).GetResultOrThrow(q).Hits.Select(h => h.DocId).ToList();
        }
        finally
        {
            f.Engine.Hybrid = true;
        }
    }
}
