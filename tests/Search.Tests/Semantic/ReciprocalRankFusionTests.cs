using FsCheck;
using FsCheck.Xunit;
using Search.Semantic;
using Search.Semantic.Similar;

namespace Search.Tests.Semantic;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Agreement_between_the_rankings_is_rewarded()
    {
        Assert.Equal(["c", "a", "b", "d"], ReciprocalRankFusion.Fuse(["a", "b", "c", "d"], ["c", "x"]));
        // Equal fused scores keep the BM25 order.
        Assert.Equal(["a", "b"], ReciprocalRankFusion.Fuse(["a", "b"], ["b", "a"]));
    }

    [Fact]
    public void Ids_only_the_vector_ranking_found_are_never_added()
    {
        var fused = ReciprocalRankFusion.Fuse(["a"], ["z", "y", "a"]);
        Assert.Equal(["a"], fused);
    }

    [Fact]
    public void Without_vector_evidence_the_BM25_order_is_kept() =>
        Assert.Equal(["c", "a", "b"], ReciprocalRankFusion.Fuse(["c", "a", "b"], []));

    [Fact]
    public void Empty_BM25_list_gives_nothing() => Assert.Empty(ReciprocalRankFusion.Fuse([], ["a", "b"]));

    [Fact]
    public void Candidate_fusion_keeps_every_vector_candidate_and_ignores_BM25_ids_outside_them()
    {
        var fused = ReciprocalRankFusion.FuseCandidates(["a", "b", "c"], ["b", "x", "c"], k: 60, vectorWeight: 2);
        Assert.Equal(["b", "c", "a"], fused.Select(f => f.Id));
        // First in both lists scores 1; the scores are what the order follows.
        Assert.Equal(1.0, ReciprocalRankFusion.FuseCandidates(["a", "b"], ["a"], vectorWeight: 2)[0].Score, 12);
        Assert.Equal((2.0 / 62 + 1.0 / 61) / (3.0 / 61), fused[0].Score, 12);
        Assert.True(fused.Zip(fused.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // Without BM25 evidence the vector order stays.
        Assert.Equal(["c", "a", "b"], ReciprocalRankFusion.FuseCandidates(["c", "a", "b"], []).Select(f => f.Id));
    }

    [Property]
    public bool Fusion_is_a_permutation_of_the_distinct_BM25_ids(NonEmptyString[]? bm25, NonEmptyString[]? vector)
    {
        var b = (bm25 ?? []).Select(s => s.Get).ToList();
        var v = (vector ?? []).Select(s => s.Get).ToList();
        var fused = ReciprocalRankFusion.Fuse(b, v);
        return fused.Count == b.Distinct().Count() && fused.ToHashSet().SetEquals(b);
    }

    [Property]
    public bool Identical_rankings_fuse_to_the_same_order(NonEmptyString[]? ids)
    {
        var list = (ids ?? []).Select(s => s.Get).Distinct().ToList();
        return ReciprocalRankFusion.Fuse(list, list).SequenceEqual(list);
    }
}
