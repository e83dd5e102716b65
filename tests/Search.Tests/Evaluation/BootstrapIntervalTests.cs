using Search.Evaluation.Judged;
using Search.Semantic;

namespace Search.Tests.Evaluation;

public sealed class BootstrapIntervalTests
{
    [Fact]
    public void Equal_values_have_an_interval_of_width_zero()
    {
        var i = BootstrapInterval.OfMean([0.7, 0.7, 0.7, 0.7]);
        Assert.Equal(0.7, i.Mean, 12);
        Assert.Equal(0.7, i.Low, 12);
        Assert.Equal(0.7, i.High, 12);
        Assert.Equal(0, i.ShareNotPositive);
    }

    [Fact]
    public void The_interval_matches_the_normal_approximation_for_many_values()
    {
        // 400 values alternating 0 and 1: mean 0.5, standard error 0.5/√400 = 0.025, so the 95 % ends are near 0.5 ± 0.049.
        var values = Enumerable.Range(0, 400).Select(i => (double)(i % 2)).ToArray();
        var i = BootstrapInterval.OfMean(values);
        Assert.Equal(0.5, i.Mean, 12);
        Assert.InRange(i.Low, 0.445, 0.457);
        Assert.InRange(i.High, 0.543, 0.555);
    }

    [Fact]
    public void A_fixed_seed_gives_the_same_interval_and_another_seed_nearly_the_same()
    {
        var values = Enumerable.Range(0, 32).Select(i => Math.Sin(i * 1.7) * 0.3 + 0.8).ToArray();
        Assert.Equal(BootstrapInterval.OfMean(values), BootstrapInterval.OfMean(values));
        var other = BootstrapInterval.OfMean(values, seed: 7);
        Assert.Equal(BootstrapInterval.OfMean(values).Low, other.Low, 2);
        Assert.Equal(BootstrapInterval.OfMean(values).High, other.High, 2);
    }

    [Fact]
    public void A_paired_difference_resamples_whole_queries()
    {
        // b is a plus a constant on every query: paired, the difference has no spread at all, though each side varies widely.
        double[] a = [0.1, 0.9, 0.3, 1.0, 0.0, 0.6];
        var b = a.Select(x => x + 0.05).ToArray();
        var d = BootstrapInterval.OfDifference(b, a);
        Assert.Equal(0.05, d.Low, 9);
        Assert.Equal(0.05, d.High, 9);
        Assert.Equal(0, d.ShareNotPositive);
        var reverse = BootstrapInterval.OfDifference(a, b);
        Assert.Equal(1, reverse.ShareNotPositive);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BootstrapInterval.OfMean([]));
        Assert.Throws<ArgumentException>(() => BootstrapInterval.OfDifference([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BootstrapInterval.OfMean([1.0], resamples: 0));
    }
}
