using Search;
using Search.Evaluation.Judged;
using Search.Semantic;
using Search.Tests.Semantic;
using Search.Semantic.Similar;

namespace Search.Tests.Evaluation;

[Collection(SemanticCorpusCollection.Name)]
public sealed class SimilarityEvaluationTests(SemanticCorpusFixture corpus)
{
    static SimilarityReport? _report, _heldOut;
    SimilarityReport Report => _report ??= SimilarityEvaluation.Run(corpus.Documents, corpus.JudgedPath);
    SimilarityReport HeldOut => _heldOut ??= SimilarityEvaluation.Run(corpus.Documents, corpus.HeldOutPaths);

    [Fact]
    public void Judged_set_resolves_to_at_least_20_queries_with_graded_measures_of_other_districts()
    {
        var judged = JudgedSet.Load(corpus.JudgedPath, corpus.Index.Store.Rows);
        Assert.True(judged.Queries.Count >= 20);
        var district = corpus.Index.Store.Rows.ToDictionary(r => r.Id, r => r.District);
        foreach (var q in judged.Queries)
        {
            Assert.NotEmpty(q.Grades);
            Assert.All(q.Grades, g => { Assert.InRange(g.Value, 0, 3); Assert.NotEqual(district[q.MeasureId], district[g.Key]); });
        }
    }

    [Fact]
    public void Hybrid_beats_MoreLikeThis_and_reaches_the_recall_target()
    {
        Assert.True(Report.Hybrid.Ndcg5 > Report.Bm25.Ndcg5, $"hybrid {Report.Hybrid} vs bm25 {Report.Bm25}");
        Assert.True(Report.Hybrid.Recall5 > Report.Bm25.Recall5, $"hybrid {Report.Hybrid} vs bm25 {Report.Bm25}");
        Assert.True(Report.Hybrid.Recall5 >= 0.85, $"hybrid {Report.Hybrid}");
        Assert.True(Report.Embedding.Ndcg5 > Report.Bm25.Ndcg5, $"embedding {Report.Embedding} vs bm25 {Report.Bm25}");
        // Regression guard at the level reached on main (0.888, docs/EVALUATION.md); the 0.90 target is the skipped test below.
        Assert.True(Report.Hybrid.Ndcg5 >= 0.88, $"hybrid {Report.Hybrid}");
        Assert.True(Report.Hybrid.Ndcg5 > Report.Embedding.Ndcg5, $"hybrid {Report.Hybrid} vs embedding {Report.Embedding}");
    }

    [Fact]
    public void The_hybrid_beats_MoreLikeThis_beyond_query_sampling_noise()
    {
        // "Beats" as a claim about the method, not about these 32 queries: the paired bootstrap interval of the nDCG@5
        // difference stays above zero.
        var d = Report.HybridOverBm25!;
        Assert.True(d.Low > 0, $"hybrid − bm25 {d}");
        Assert.True(d.ShareNotPositive < 0.025, $"hybrid − bm25 {d}");
        Assert.Equal(Report.Hybrid.Ndcg5 - Report.Bm25.Ndcg5, d.Mean, 3);
        var h = Report.HybridNdcgInterval!;
        Assert.Equal(Report.Hybrid.Ndcg5, h.Mean, 3);
        Assert.True(h.Low < h.Mean && h.Mean < h.High, $"hybrid {h}");
    }

    [Fact]
    public void The_hybrid_similar_runs_ranks_like_the_whole_list_fusion_it_replaced()
    {
        // `similar` fuses only the 100 best vector candidates, with the MoreLikeThis terms of the measure's text picked by
        // MeasureTermRanker; the hybrid measured before fused the whole list of Lucene's MoreLikeThis for the indexed measure.
        // Only ties between equally scored terms at the 50-term cut are broken differently (first seen, not heap order).
        Assert.Equal(Report.WholeListHybrid!.Ndcg5, Report.Hybrid.Ndcg5, 0.01);
        Assert.Equal(Report.WholeListHybrid.Recall5, Report.Hybrid.Recall5, 0.02);
    }

    [Fact]
    public void Development_set_is_separate_from_the_test_set_and_resolves()
    {
        var dev = JudgedSet.Load(Path.Combine(Path.GetDirectoryName(corpus.JudgedPath)!, "judged-similar-dev.json"), corpus.Index.Store.Rows);
        var test = JudgedSet.Load(corpus.JudgedPath, corpus.Index.Store.Rows);
        Assert.True(dev.Queries.Count >= 20);
        Assert.Empty(dev.Queries.Select(q => q.MeasureId).Intersect(test.Queries.Select(q => q.MeasureId)));
        var district = corpus.Index.Store.Rows.ToDictionary(r => r.Id, r => r.District);
        Assert.All(dev.Queries, q => Assert.Contains(q.Grades, g => g.Value >= 2 && district[g.Key] != district[q.MeasureId]));
    }

    [Fact]
    public void Pseudo_relevance_feedback_does_not_lose_quality_against_one_scan()
    {
        // Feedback was chosen on the development set; on the held-out test set it must at least not cost ranking quality.
        Assert.True(Report.Hybrid.Ndcg5 >= Report.SingleScanHybrid!.Ndcg5, $"with feedback {Report.Hybrid}, one scan {Report.SingleScanHybrid}");
        Assert.True(Report.Hybrid.Recall5 >= Report.SingleScanHybrid.Recall5, $"with feedback {Report.Hybrid}, one scan {Report.SingleScanHybrid}");
        // ...and it must actually change rankings, or the second scan is wasted work.
        Assert.NotEqual(Report.Hybrid, Report.SingleScanHybrid);
    }

    [Fact(Skip = "Not reached honestly: hybrid nDCG@5 is 0.8795 over both held-out sets (0.8951 on the first, 0.8628 on the second, written blind); see docs/EVALUATION.md")]
    public void Hybrid_reaches_nDCG5_of_0_90() => Assert.True(HeldOut.Hybrid.Ndcg5 >= 0.90, $"hybrid {HeldOut.Hybrid}");

    [Fact]
    public void On_both_held_out_sets_the_hybrid_beats_MoreLikeThis_and_reaches_the_recall_target()
    {
        Assert.Equal(62, HeldOut.Queries);
        Assert.True(HeldOut.HybridOverBm25!.Low > 0, $"hybrid − bm25 {HeldOut.HybridOverBm25}");
        Assert.True(HeldOut.Hybrid.Recall5 >= 0.85, $"hybrid {HeldOut.Hybrid}");
        Assert.True(HeldOut.Hybrid.Ndcg5 > HeldOut.Embedding.Ndcg5, $"hybrid {HeldOut.Hybrid} vs embedding {HeldOut.Embedding}");
        // Regression guard at the level measured when the second set was added (0.8795); the 0.90 target is the skipped test above.
        Assert.True(HeldOut.Hybrid.Ndcg5 >= 0.87, $"hybrid {HeldOut.Hybrid}");
    }

    [Fact]
    public void The_second_held_out_set_resolves_and_shares_no_query_with_the_other_sets()
    {
        var rows = corpus.Index.Store.Rows;
        var second = JudgedSet.Load(corpus.SecondTestPath, rows);
        var first = JudgedSet.Load(corpus.JudgedPath, rows);
        var dev = JudgedSet.Load(Path.Combine(Path.GetDirectoryName(corpus.JudgedPath)!, "judged-similar-dev.json"), rows);
        Assert.True(second.Queries.Count >= 20);
        var ids = second.Queries.Select(q => q.MeasureId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(ids.Intersect(first.Queries.Select(q => q.MeasureId)));
        Assert.Empty(ids.Intersect(dev.Queries.Select(q => q.MeasureId)));
        var district = rows.ToDictionary(r => r.Id, r => r.District);
        Assert.All(second.Queries, q =>
        {
            Assert.All(q.Grades, g => { Assert.InRange(g.Value, 1, 3); Assert.NotEqual(district[q.MeasureId], district[g.Key]); });
            Assert.Contains(q.Grades, g => g.Value >= 2);
        });
        // The union is the two sets in order; a set given twice is refused, not counted twice.
        Assert.Equal(first.Queries.Count + second.Queries.Count, JudgedSet.Load(corpus.HeldOutPaths, rows).Queries.Count);
        var twice = Assert.Throws<UserError>(() => JudgedSet.Load([corpus.SecondTestPath, corpus.SecondTestPath], rows));
        Assert.Contains("is a query in both", twice.Message);
    }

    [Fact]
    public void Metrics_of_a_perfect_and_an_empty_ranking()
    {
        var judged = JudgedSet.Load(corpus.JudgedPath, corpus.Index.Store.Rows);
        var perfect = RankingQuality.Measure(judged, q => q.Grades.OrderByDescending(g => g.Value).ThenBy(g => g.Key).Select(g => g.Key).ToList());
        Assert.Equal(1.0, perfect.Ndcg5, 3);
        Assert.Equal(1.0, perfect.Mrr, 3);
        var none = RankingQuality.Measure(judged, _ => []);
        Assert.Equal(new RankingQuality(0, 0, 0), none);
    }
}
