namespace Search.Evaluation.Benchmarks;

/// <summary>Latency percentiles (nearest rank) of a set of timings in milliseconds.</summary>
public sealed record LatencyStats(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencyStats Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, Round(At(0.50)), Round(At(0.95)), Round(At(0.99)), Round(sorted[^1]));
    }

    public object ToJson() => new { count = Count, p50_ms = P50, p95_ms = P95, p99_ms = P99, max_ms = Max };

    static double Round(double ms) => Math.Round(ms, 3);
}
