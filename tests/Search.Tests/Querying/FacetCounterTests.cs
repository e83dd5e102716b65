using Lucene.Net.Search;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>Facet counts per policy document, with multi-select drill-down.</summary>
public sealed class FacetCounterTests : IClassFixture<LuceneQueryBuilderTests.Fixture>
{
    private readonly TestIndex _index;

    public FacetCounterTests(LuceneQueryBuilderTests.Fixture fixture) => _index = fixture.Index;

    private SearchPlan Plan(string query) =>
        _index.Builder().Build(SearchQueryParser.Parse(query).Query!, _index.Reader);

    private static string Show(IReadOnlyList<Facet> facets, string field) =>
        string.Join(" ", facets.Single(f => f.Field == field).Values.Select(v => $"{v.Value}={v.Count}"));

    [Fact]
    public void Counts_documents_not_measures()
    {
        // 劝返 hits measures d1-1, d1-2, d2-1, d2-2, d3-1, d4-1: four documents, three of them in 广西.
        var facets = new FacetCounter().Count(_index.Searcher, Plan("劝返").Query);
        Assert.Equal(IndexFields.FacetFields, facets.Select(f => f.Field));
        Assert.Equal("广西壮族自治区=3 云南省=1", Show(facets, IndexFields.Province));
        Assert.Equal("柳州市=2 南宁市=1 昆明市=1", Show(facets, IndexFields.City));
        Assert.Equal("柳南区=2 五华区=1 青秀区=1", Show(facets, IndexFields.District));
        Assert.Equal("2022=2 2019=1 2020=1 2021=1", Show(facets, IndexFields.Year));
        Assert.Equal("方案=2 总结=1 要点=1", Show(facets, IndexFields.Type));
        Assert.Equal("五华区教育体育局=1 柳南区人民政府=1 柳南区教育局=1 青秀区教育局=1", Show(facets, IndexFields.Issuer));
    }

    [Fact]
    public void Counts_the_same_on_document_docs()
    {
        var plan = _index.Builder().Build(SearchQueryParser.Parse("劝返").Query!, _index.Reader, IndexFields.KindDocument);
        var facets = new FacetCounter().Count(_index.Searcher, plan.Query);
        Assert.Equal("广西壮族自治区=3 云南省=1", Show(facets, IndexFields.Province));
    }

    [Fact]
    public void Drill_down_filters_other_facets_but_not_their_own()
    {
        var facets = new FacetCounter().Count(_index.Searcher, Plan("劝返 province:广西"));
        // Own field: counted without its filter, so the alternatives stay visible.
        Assert.Equal("广西壮族自治区=3 云南省=1", Show(facets, IndexFields.Province));
        // Other fields: counted with the filter.
        Assert.Equal("柳州市=2 南宁市=1", Show(facets, IndexFields.City));
        Assert.Equal("方案=2 总结=1", Show(facets, IndexFields.Type));

        var two = new FacetCounter().Count(_index.Searcher, Plan("劝返 province:广西 year:2020..2021"));
        Assert.Equal("广西壮族自治区=2", Show(two, IndexFields.Province));
        Assert.Equal("2019=1 2020=1 2021=1 2022=1", Show(two, IndexFields.Year));
        Assert.Equal("柳州市=2", Show(two, IndexFields.City));
    }

    [Fact]
    public void Empty_result_gives_empty_facets()
    {
        var facets = new FacetCounter().Count(_index.Searcher, Plan("\"不存在的短语\""));
        Assert.All(facets, f => Assert.Empty(f.Values));
    }

    [Fact]
    public void Limits_values_per_field()
    {
        var facets = new FacetCounter([IndexFields.District], maxValues: 2).Count(_index.Searcher, new MatchAllDocsQuery());
        Assert.Equal("柳南区=2 五华区=1", Show(facets, IndexFields.District));
    }
}
