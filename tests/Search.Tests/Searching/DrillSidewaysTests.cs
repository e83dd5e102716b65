using Lucene.Net.Search;
using Search.Indexing;
using Search.Querying;
using Search.Evaluation.Synthesis;
using Search.Tests.Support;
using Xunit;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>A synthetic corpus of 150 documents over many regions and years, indexed once for the drill-sideways comparison.</summary>
public sealed class SyntheticIndexFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "search-synth-" + Guid.NewGuid().ToString("N")[..12]);
    public SearchEngine Engine { get; }
    public string CorpusDir => Path.Combine(_root, CorpusSynthesizer.CorpusFolder);

    public SyntheticIndexFixture()
    {
        new CorpusSynthesizer(SynthesisSource.FromCorpus(RepoPaths.Corpus)).Write(_root, new SynthesisOptions(150, Seed: 3));
        using (var analyzers = new SearchAnalyzers())
            new CorpusIndexer(analyzers, semantic: false).Run(Path.Combine(_root, CorpusSynthesizer.CorpusFolder), Path.Combine(_root, "index"));
        Engine = SearchEngine.Open(Path.Combine(_root, "index"));
        Engine.Hybrid = false;
    }

    public void Dispose()
    {
        Engine.Dispose();
        Directory.Delete(_root, true);
    }
}

/// <summary>The one-pass drill-sideways facet counting of a search must give exactly the hits, scores and multi-select counts of the plain definition (one search per filtered field).</summary>
public sealed class DrillSidewaysTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    [Theory]
    [InlineData("教育")]
    [InlineData("学前教育 year:2018..2022")]
    [InlineData("教师 培训 province:广西")]
    [InlineData("教师 培训 year:2020 type:工作计划")]
    [InlineData("\"课后服务\" type:工作计划 year:2016..2024")]
    [InlineData("质量 type:实施方案 year:2019..2023")]
    [InlineData("type:工作总结")]
    [InlineData("控辍保学 year:2019 year:2019..2021")]
    [InlineData("学生 -控辍保学 year:2020..2025")]
    public void One_pass_equals_the_definition(string text) => Compare(text);

    [Fact]
    public void Filters_on_the_most_common_province_and_its_year_agree_too()
    {
        var provinces = f.Engine.Search(new SearchQuery("教育")).GetResultOrThrow("教育").Facets.Single(x => x.Field == IndexFields.Province).Values;
        var top = provinces[0].Value;
        Compare($"教育 province:{top}");
        Compare($"学前教育 province:{top} year:2015..2020");
        Compare($"province:{top} type:工作计划");
    }

    private void Compare(string text)
    {
        var ours = f.Engine.Search(new SearchQuery(text, PageSize: 100)).GetResultOrThrow(text);
        var (total, ids, facets) = f.Engine.Index.With(searcher =>
        {
            var plan = f.Engine.Builder.Build(SearchQueryParser.Parse(text).Query!, searcher.IndexReader, IndexFields.KindDocument);
            var sort = new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.Id, SortFieldType.STRING));
            var top = searcher.Search(plan.Query, null, 100, sort, doDocScores: true, doMaxScore: false);
            var docIds = top.ScoreDocs.Select(h => (searcher.Doc(h.Doc).Get(IndexFields.DocId), h.Score)).ToList();
            return (top.TotalHits, docIds, new FacetCounter().Count(searcher, plan, oncePerDocument: false));
        });
        Assert.True(total > 0, $"'{text}' has no hits on the synthetic corpus: the comparison would prove little");
        Assert.Equal(total, ours.Total);
        Assert.Equal(ids.Select(x => x.Item1), ours.Hits.Select(h => h.DocId));
        Assert.Equal(ids.Select(x => x.Score), ours.Hits.Select(h => h.Score), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(Flatten(facets), Flatten(ours.Facets));
    }

    private static List<string> Flatten(IReadOnlyList<Facet> facets) =>
        facets.SelectMany(x => x.Values.Select(v => $"{x.Field}={v.Value}:{v.Count}")).ToList();
}
