namespace Search.Evaluation.Judged;

/// <summary>A mean over judged queries with its 95 % percentile-bootstrap interval, and for a paired difference the share
/// of resamples in which it was not positive.</summary>
/// <remarks>With 24–32 queries one query moves nDCG@5 by ~0.03, so a figure without its interval invites reading noise as a
/// result (docs/EVALUATION.md). Resampling queries with replacement asks how the mean would vary over other
/// query sets drawn like this one; it says nothing about other corpora.</remarks>
public sealed record BootstrapInterval(double Mean, double Low, double High, double ShareNotPositive)
{
    /// <summary>Resamples drawn; enough that the interval's ends move by less than 0.002 between seeds.</summary>
    public const int Resamples = 10_000;

    /// <summary>Fixed, so <c>eval</c> prints the same interval every run.</summary>
    public const int Seed = 20_261_202;

    /// <summary>The interval of the mean of <paramref name="values"/>.</summary>
    public static BootstrapInterval OfMean(IReadOnlyList<double> values, int resamples = Resamples, int seed = Seed)
    {
        if (values.Count == 0) throw new ArgumentException("no values to resample", nameof(values));
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), "at least one resample");
        var random = new Random(seed);
        var means = new double[resamples];
        int notPositive = 0;
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++) sum += values[random.Next(values.Count)];
            means[r] = sum / values.Count;
            if (means[r] <= 0) notPositive++;
        }
        Array.Sort(means);
        return new BootstrapInterval(values.Average(), Percentile(means, 0.025), Percentile(means, 0.975), notPositive / (double)resamples);
    }

    /// <summary>The interval of mean(a − b) over the same queries (paired: each resample draws whole queries).</summary>
    public static BootstrapInterval OfDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = Resamples, int seed = Seed)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired values differ in count ({a.Count} and {b.Count})", nameof(b));
        return OfMean(a.Zip(b, (x, y) => x - y).ToArray(), resamples, seed);
    }

    // The nearest-rank percentile of sorted values: no interpolation, so the ends are always attained means.
    static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
