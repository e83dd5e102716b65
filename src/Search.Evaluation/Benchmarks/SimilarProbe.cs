using Search.Semantic.Vectors;
namespace Search.Evaluation.Benchmarks;

/// <summary>What the benchmark needs from the product's vector search: load N measure vectors, then answer nearest-neighbour queries.</summary>
/// <remarks>Implemented over the product's <see cref="Search.Semantic.Vectors.MeasureVectorStore"/> by <see cref="VectorStoreProbe"/>; a different store plugs in by implementing this
/// interface over it and assigning <see cref="SimilarProbe.Factory"/>. The benchmark never scans vectors itself, so its figures are
/// always the product's code path.</remarks>
public interface ISimilarProbe : IDisposable
{
    /// <summary>Measure vectors loaded.</summary>
    int Count { get; }

    /// <summary>The k nearest measures to the stored measure <paramref name="measure"/>; returns how many came back.</summary>
    int Nearest(int measure, int k);
}

/// <summary>The hook where the product's vector search is plugged into <c>bench --vectors N</c>.</summary>
public static class SimilarProbe
{
    /// <summary>Builds a probe over <c>vectors</c> measure vectors with a seed; <c>bench</c> sets it to <see cref="VectorStoreProbe.Create"/> when unset.</summary>
    public static Func<int, int, ISimilarProbe>? Factory { get; set; }

    public const string MissingNote = "no vector probe configured (SimilarProbe.Factory is null)";

    /// <summary>Latencies of <paramref name="queries"/> nearest-neighbour queries (k = 10) after warm-up, or null when nothing is wired.</summary>
    public static LatencyStats? Measure(int vectors, int queries, int seed)
    {
        if (Factory is null || vectors <= 0) return null;
        using var probe = Factory(vectors, seed);
        var rng = new Search.Evaluation.Synthesis.SynthesisRandom((ulong)seed);
        for (int i = 0; i < Math.Min(50, queries); i++) probe.Nearest(rng.Next(probe.Count), 10);
        var timings = new List<double>(queries);
        for (int i = 0; i < queries; i++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            probe.Nearest(rng.Next(probe.Count), 10);
            timings.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return LatencyStats.Of(timings);
    }
}
