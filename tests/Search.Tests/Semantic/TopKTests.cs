using Search.Semantic;
using Search.Semantic.Vectors;

namespace Search.Tests.Semantic;

/// <summary>The vector scans' top-k keeper: the same k best (score, then lower row) as sorting everything, for any order of offers.</summary>
public sealed class TopKTests
{
    static List<VectorHit> Expected(IEnumerable<VectorHit> offers, int k) =>
        offers.OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(k).ToList();

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(10, 50_000)]
    [InlineData(864, 100_000)]
    [InlineData(4096, 109_430)]
    [InlineData(100, 60)]
    public void Keeps_the_k_best_of_random_scores_with_ties(int k, int n)
    {
        var random = new Random(k * 7919 + n);
        // Scores from a small set of values, so many ties must be broken by row.
        var offers = Enumerable.Range(0, n).Select(row => new VectorHit(row, random.Next(0, 200) / 8f)).OrderBy(_ => random.Next()).ToList();
        var top = new TopK(k);
        foreach (var h in offers) top.Offer(h.Row, h.Score);
        Assert.Equal(Expected(offers, k), top.Sorted());
        Assert.Equal(Expected(offers, k).OrderBy(h => h.Row), top.Items.OrderBy(h => h.Row));
    }

    [Fact]
    public void Ascending_and_descending_offers_and_repeated_reads_agree_with_a_sort()
    {
        // Ascending scores make every offer enter (the worst case for a cut buffer); descending make every later one rejected.
        var ascending = Enumerable.Range(0, 20_000).Select(row => new VectorHit(row, row * 0.5f)).ToList();
        foreach (var offers in new[] { ascending, Enumerable.Reverse(ascending).ToList() })
        {
            var top = new TopK(300);
            foreach (var h in offers) top.Offer(h.Row, h.Score);
            Assert.Equal(Expected(offers, 300), top.Sorted());
            Assert.Equal(300, top.Items.Count());
            Assert.Equal(Expected(offers, 300), top.Sorted()); // reading does not change what is kept
        }
    }

    [Fact]
    public void Select_best_puts_the_k_best_first_for_every_k()
    {
        var random = new Random(5);
        var hits = Enumerable.Range(0, 257).Select(row => new VectorHit(row, random.Next(0, 20))).ToArray();
        var sorted = hits.OrderByDescending(h => h.Score).ThenBy(h => h.Row).ToList();
        for (int k = 1; k <= hits.Length; k++)
        {
            var copy = hits.OrderBy(_ => random.Next()).ToArray();
            TopK.SelectBest(copy, k);
            Assert.Equal(sorted.Take(k).OrderBy(h => h.Row), copy.Take(k).OrderBy(h => h.Row));
        }
    }
}
