using Lucene.Net.Search;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>Builder against an in-memory index: phrase exactness, terms, OR/NOT/groups, filters, years, proximity, drill-downs.</summary>
public sealed class LuceneQueryBuilderTests : IClassFixture<LuceneQueryBuilderTests.Fixture>
{
    /// <summary>One test index shared by the builder, facet and searcher tests.</summary>
    public sealed class Fixture : IDisposable
    {
        public TestIndex Index { get; } = new(TestIndex.Corpus());
        public void Dispose() => Index.Dispose();
    }

    private readonly TestIndex _index;

    public LuceneQueryBuilderTests(Fixture fixture) => _index = fixture.Index;

    private SearchPlan Plan(string query, string kind = IndexFields.KindMeasure)
    {
        var outcome = SearchQueryParser.Parse(query);
        Assert.True(outcome.Succeeded, outcome.Error?.Render(query));
        return _index.Builder().Build(outcome.Query!, _index.Reader, kind);
    }

    private List<string> Measures(string query) => _index.Ids(Plan(query).Query);

    private List<string> Documents(string query) => _index.Ids(Plan(query, IndexFields.KindDocument).Query);

    private List<string> Scan(string phrase)
    {
        var needle = StandInAnalysis.Fold(phrase);
        return _index.Measures.Where(m => StandInAnalysis.Fold(m.Text).Contains(needle, StringComparison.Ordinal))
            .Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Phrase_search_returns_exactly_the_measures_containing_the_folded_substring()
    {
        var failures = PhraseExactnessProperty.Check(_index.Reader, _index.Builder(), StandInAnalysis.Fold,
            StandInAnalysis.ToTraditional, samples: 2_000, seed: 4);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private SearchPlan PhrasePlan(string s) => _index.Builder().Build(PhraseExactnessProperty.PhraseNodeFor(s), _index.Reader);

    [Theory]
    [InlineData("控辍保学")]
    [InlineData("控輟保學")]
    [InlineData("劝返复学")]
    [InlineData("olic")]
    [InlineData("Polic")]
    [InlineData("icy")]
    [InlineData("policy宣传")]
    [InlineData("9.5%")]
    [InlineData("19期间")]
    [InlineData("，")]
    [InlineData("；劝返")]
    [InlineData("𠀀(试")]
    [InlineData("C-12")]
    [InlineData("es and P")]
    [InlineData("学")]
    public void Phrase_examples_match_the_substring_scan(string phrase)
    {
        Assert.Equal(Scan(phrase), _index.Ids(PhrasePlan(phrase).Query));
    }

    [Fact]
    public void Phrase_punctuation_is_significant()
    {
        Assert.Equal(["d1-1"], Measures("\"控辍保学责任，建立\""));
        Assert.Empty(Measures("\"控辍保学责任建立\""));
    }

    [Fact]
    public void Terms_require_all_and_fold_traditional()
    {
        Assert.Equal(["d1-1", "d2-1", "d3-1", "d4-1"], Measures("控辍保学"));
        Assert.Equal(Measures("控辍保学"), Measures("控輟保學"));
        Assert.Equal(["d1-1", "d2-1", "d3-1", "d4-1"], Measures("控辍保学 劝返"));
        Assert.Equal(["d1-1", "d4-1"], Measures("控辍保学 辍学"));
    }

    [Fact]
    public void Or_not_and_groups()
    {
        Assert.Equal(["d1-2", "d2-3"], Measures("policy OR 送教上门"));
        Assert.Equal(["d1-2", "d2-3"], Measures("policy | 送教上门"));
        Assert.Equal(["d2-1", "d3-1"], Measures("控辍保学 -辍学学生"));
        Assert.Equal(["d2-1", "d3-1"], Measures("控辍保学 NOT \"辍学学生\""));
        Assert.Equal(["d1-1", "d1-2", "d2-1", "d2-2", "d3-1", "d4-1"], Measures("(控辍保学 OR 劝返) -资助"));
        Assert.Equal(["d1-2", "d2-2", "d3-1"], Measures("劝返 -(控辍保学 全年) -台账"));
        Assert.Equal(Measures("劝返").Except(Measures("辍学")).ToList(), Measures("劝返 -辍学"));
    }

    [Fact]
    public void Pure_exclusion_means_everything_else()
    {
        var all = _index.Measures.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(all.Except(Measures("劝返")).ToList(), Measures("-劝返"));
    }

    [Fact]
    public void Metadata_filters_fold_and_match_prefixes()
    {
        Assert.Equal(["d1-1", "d2-1", "d4-1"], Measures("控辍保学 province:广西"));
        Assert.Equal(["d1-1", "d2-1", "d4-1"], Measures("控辍保学 province:广西壮族自治区"));
        Assert.Equal(["d3-1"], Measures("控辍保学 province：云南"));
        Assert.Equal(["d1-1", "d2-1"], Measures("控辍保学 district:柳南區"));
        Assert.Equal(["d1-1", "d2-1"], Measures("控辍保学 city:柳州"));
        Assert.Equal(["d4-1"], Measures("控辍保学 type:总结"));
        Assert.Equal(["d1-1", "d4-1"], Measures("控辍保学 issuer:教育局"));
        Assert.Empty(Measures("控辍保学 province:西藏"));
        Assert.Equal(["d4-1", "d4-2"], Measures("type:总结"));
    }

    [Fact]
    public void Year_filters_and_ranges()
    {
        Assert.Equal(["d1-1", "d2-1", "d3-1", "d4-1"], Measures("控辍保学 year:2019..2022"));
        Assert.Equal(["d2-1", "d3-1"], Measures("控辍保学 year:2021..2022"));
        Assert.Equal(["d2-1", "d3-1"], Measures("控辍保学 year:2022"));
        Assert.Equal(["d4-1"], Measures("控辍保学 year:2019"));
        Assert.Empty(Measures("控辍保学 year:2023..2030"));
    }

    [Fact]
    public void Title_filter_searches_titles()
    {
        Assert.Equal(["d2-1", "d2-2", "d2-3"], Measures("title:实施方案"));
        Assert.Equal(["d3-1", "d3-2", "d3-3"], Measures("title:\"义务教育\""));
    }

    [Fact]
    public void Documents_match_terms_spread_over_measures_and_proximity_narrows()
    {
        // d1: 控辍保学 in measure 1, 线上教学 in measure 3.
        Assert.Equal(["d1"], Documents("控辍保学 线上教学"));
        Assert.Empty(Documents("控辍保学 线上教学 /measure"));
        Assert.Empty(Measures("控辍保学 线上教学"));
        // 控辍保学 and 劝返 share a measure in all four documents, but a sentence only in d1, d2 and d4 (d3 has a 。 between them).
        Assert.Equal(["d1", "d2", "d3", "d4"], Documents("控辍保学 劝返 /measure"));
        Assert.Equal(["d1", "d2", "d4"], Documents("控辍保学 劝返 /sentence"));
        Assert.Equal(["d1-1", "d2-1", "d4-1"], Measures("控辍保学 劝返 /sentence"));
        Assert.Equal(["d1-1", "d2-1", "d3-1", "d4-1"], Measures("控辍保学 劝返 /measure"));
        // Semicolons end a sentence: 应入尽入 and 劝返 are in one measure of d1 but two sentences.
        Assert.Equal(["d1-2"], Measures("应入尽入 劝返 /measure"));
        Assert.Empty(Measures("应入尽入 劝返 /sentence"));
        // A proximity group combines with terms outside it.
        Assert.Equal(["d1"], Documents("(控辍保学 劝返 /sentence) 线上教学"));
    }

    [Fact]
    public void Drill_downs_are_the_top_level_filters()
    {
        var plan = Plan("控辍保学 province:广西 year:2020..2022 (劝返 OR type:方案)");
        Assert.Equal([IndexFields.Province, IndexFields.Year], plan.DrillDowns.Select(d => d.Field));
        Assert.Equal(["d1-1", "d2-1", "d3-1", "d4-1"], _index.Ids(plan.Match));
        Assert.Equal(["d1-1", "d2-1"], _index.Ids(plan.Query));
        Assert.Equal(["d1-1", "d2-1", "d4-1"], _index.Ids(plan.WithDrillDownsExcept(IndexFields.Year)));
        Assert.Equal(["控辍保学", "劝返"], plan.HighlightTerms);

        var near = Plan("控辍保学 劝返 province:广西 /sentence");
        Assert.Equal([IndexFields.Province], near.DrillDowns.Select(d => d.Field));
        Assert.Equal(["d1-1", "d2-1", "d4-1"], _index.Ids(near.Query));
        Assert.Equal(["d1-1", "d2-1", "d4-1"], _index.Ids(near.Match));
        Assert.Empty(Measures("应入尽入 劝返 province:广西 /sentence"));
    }

    [Fact]
    public void Phrases_rank_above_looser_matches_and_ties_are_stable()
    {
        var plan = Plan("劝返");
        var top = _index.Searcher.Search(plan.Query, 20).ScoreDocs;
        Assert.All(top, h => Assert.True(h.Score > 0));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("year:20x0")]
    [InlineData("((((")]
    [InlineData("OR")]
    public void Malformed_queries_never_reach_lucene(string query) => Assert.False(SearchQueryParser.Parse(query).Succeeded);
}
