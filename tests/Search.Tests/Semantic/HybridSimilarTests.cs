using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Search.Analysis;
using Search.Querying;
using Search.Semantic;
using Search.Tests.Support;
using Search.Schema;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;

namespace Search.Tests.Semantic;

/// <summary>Similar measures as the product answers them: the engine's hybrid over the real corpus index and its semantic folder.</summary>
public sealed class HybridSimilarTests(CorpusIndexFixture fixture) : IClassFixture<CorpusIndexFixture>
{
    SemanticIndex Semantic => fixture.Engine.Semantic() ?? throw new InvalidOperationException(fixture.Engine.SemanticProblem);

    string MeasureId(string sourcePrefix, string substring) =>
        Semantic.Store.Rows.Single(r => r.Source.StartsWith(sourcePrefix, StringComparison.Ordinal)
                                        && TextFolder.FoldToString(r.Text).Contains(substring, StringComparison.Ordinal)).Id;

    [Fact]
    public void Xingning_dropout_control_finds_the_dropout_measures_of_Ningguo_Liunan_and_Xingqing_in_the_top_5()
    {
        var hits = fixture.Engine.FindSimilar(SimilarTarget.ForMeasure(MeasureId("000_", "扎实做好控辍保学工作")), new SimilarOptions { Top = 5 })!;
        Assert.Equal(5, hits.Count);
        Assert.DoesNotContain(hits, h => h.District == "兴宁区");
        Assert.Contains(hits, h => h.Id == MeasureId("001_", "联控联保"));
        Assert.Contains(hits, h => h.Id == MeasureId("002_", "全面加强控辍保学")); // Traditional source, folded
        Assert.Contains(hits, h => h.Source.StartsWith("003_", StringComparison.Ordinal)
                                   && TextFolder.FoldToString(h.Text).Contains("控辍保学", StringComparison.Ordinal));
        Assert.All(hits, h => Assert.NotEmpty(h.SharedTerms));
    }

    [Fact]
    public void The_hybrid_reorders_the_embeddings_candidates_and_reports_their_similarity()
    {
        var options = new SimilarOptions { Top = 10, NearDuplicate = 1f, Explain = false };
        int reordered = 0;
        foreach (var row in Semantic.Store.Rows)
        {
            var hybrid = fixture.Engine.FindSimilar(SimilarTarget.ForMeasure(row.Id), options)!;
            var candidates = Semantic.FindSimilar(SimilarTarget.ForMeasure(row.Id), options with { Top = SimilarMeasures.HybridDepth })
                .ToDictionary(h => h.Id, h => h.Similarity);
            Assert.Equal(Math.Min(10, candidates.Count), hybrid.Count);
            Assert.All(hybrid, h => Assert.Equal(candidates[h.Id], h.Similarity, 6)); // only candidates, with their embedding similarity
            Assert.All(hybrid, h => Assert.NotEqual(row.District, h.District));
            Assert.True(hybrid.Zip(hybrid.Skip(1)).All(p => p.First.Score >= p.Second.Score), "ordered by the fused score");
            Assert.InRange(hybrid[0].Score, 0, 1);
            if (!hybrid.Select(h => h.Id).SequenceEqual(candidates.Keys.Take(hybrid.Count))) reordered++;
        }
        // BM25 takes part: for most measures the fused order is not the embedding's.
        Assert.True(reordered > Semantic.Store.Count / 2, $"{reordered} of {Semantic.Store.Count} reordered");
    }

    [Fact]
    public void The_BM25_side_ranks_only_candidates_and_a_measure_first_among_candidates_that_include_it()
    {
        var rows = Semantic.Store.Rows;
        var all = rows.Select(r => r.Id).ToList();
        fixture.Engine.Index.With(searcher =>
        {
            using var grams = new GramsAnalyzer(common: null);
            var ranker = new MeasureTermRanker(searcher.IndexReader, fixture.Engine.Analyzers.Words, IndexFields.Text, grams, IndexFields.TextGrams, IndexFields.Id);
            foreach (var row in rows.Where((_, i) => i % 7 == 0))
                Assert.Equal(row.Id, ranker.Rank(row.Text, all)[0]);
            var some = all.Where((_, i) => i % 3 == 0).Append("no-such-measure").ToList();
            var ranked = ranker.Rank(rows[5].Text, some);
            Assert.NotEmpty(ranked);
            Assert.Subset(some.ToHashSet(), ranked.ToHashSet());
            Assert.Equal(ranked, ranker.Rank(rows[5].Text, [.. some, .. some])); // an id listed twice is ranked once
            Assert.Empty(ranker.Rank("  ", all));
            Assert.Empty(ranker.Rank(rows[5].Text, []));
            return 0;
        });
    }

    [Fact]
    public void The_BM25_side_scores_candidates_as_Lucene_scores_a_boolean_query_of_its_terms()
    {
        var rows = Semantic.Store.Rows;
        fixture.Engine.Index.With(searcher =>
        {
            using var grams = new GramsAnalyzer(common: null);
            var ranker = new MeasureTermRanker(searcher.IndexReader, fixture.Engine.Analyzers.Words, IndexFields.Text, grams, IndexFields.TextGrams, IndexFields.Id);
            var bm25 = new IndexSearcher(searcher.IndexReader) { Similarity = new BM25Similarity() };
            int compared = 0;
            foreach (var (row, i) in rows.Select((r, i) => (r, i)).Where(p => p.i % 5 == 0))
            {
                var candidates = rows.Where((_, j) => (j * 7 + i) % 3 == 0).Select(r => r.Id).ToList();
                var like = new BooleanQuery();
                foreach (var term in ranker.QueryTerms(row.Text)) like.Add(new TermQuery(term), Occur.SHOULD);
                var filter = new TermsFilter(candidates.Select(id => new Term(IndexFields.Id, id)).ToList());
                var expected = bm25.Search(new FilteredQuery(like, filter), candidates.Count).ScoreDocs
                    .Select(h => (Id: bm25.Doc(h.Doc).Get(IndexFields.Id), h.Score)).ToList();
                var ranked = ranker.Rank(row.Text, candidates);
                // The same candidates match; the order agrees wherever Lucene's scores differ by more than float rounding
                // (Lucene sums a document's clauses in heap order, the ranker in term order).
                Assert.Equal(expected.Select(e => e.Id).Order(StringComparer.Ordinal), ranked.Order(StringComparer.Ordinal));
                var score = expected.ToDictionary(e => e.Id, e => e.Score);
                foreach (var (a, b) in ranked.Zip(ranked.Skip(1)))
                    Assert.True(score[a] >= score[b] - 1e-4f, $"{a} ({score[a]}) ranked before {b} ({score[b]})");
                compared += ranked.Count;
            }
            Assert.True(compared > 500, $"{compared} ranked candidates compared");
            return 0;
        });
    }

    [Fact]
    public void A_megabyte_of_free_text_is_judged_on_its_first_20000_characters()
    {
        string text = string.Concat(Enumerable.Repeat("全面加强控辍保学，劝返辍学学生，落实联控联保责任。", 41_000));
        Assert.True(text.Length > 1_000_000);
        var options = new SimilarOptions { Top = 5, Explain = false };
        var whole = fixture.Engine.FindSimilar(SimilarTarget.ForText(text), options)!;
        var head = fixture.Engine.FindSimilar(SimilarTarget.ForText(text[..MeasureFeatureText.MaxChars]), options)!;
        Assert.Equal(5, whole.Count);
        Assert.Equal(head.Select(h => h.Id), whole.Select(h => h.Id));
        Assert.Contains(whole, h => TextFolder.FoldToString(h.Text).Contains("控辍保学", StringComparison.Ordinal));
    }

    [Fact]
    public void Similar_on_an_index_with_vectors_answers_with_the_hybrid()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "similar", "--measure", MeasureId("000_", "扎实做好控辍保学工作"), "--top", "5", "--json",
            "--index", fixture.IndexFolder);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("hybrid", json.RootElement.GetProperty("ranking").GetString());
        var hits = json.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(5, hits.Count);
        Assert.All(hits, h => Assert.InRange(h.GetProperty("similarity").GetDouble(), 0.01, 1.5));
    }

    [Fact]
    public void Similar_on_an_index_refuses_an_unknown_id_and_empty_text_in_one_line()
    {
        var (code, _, stderr) = CliRunner.Run(null, "similar", "--measure", "nope", "--index", fixture.IndexFolder);
        Assert.Equal(2, code);
        Assert.Contains("unknown measure id 'nope'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        (code, _, stderr) = CliRunner.Run(null, "similar", "--text", "  ", "--index", fixture.IndexFolder);
        Assert.Equal(2, code);
        Assert.Contains("text is empty", stderr);
    }
}
