using System.Diagnostics;
using Search.Semantic;
using Xunit.Abstractions;
using Search.Semantic.Vectors;

namespace Search.Tests.Semantic;

/// <summary>Scan latency at the lead's benchmark size; runs only with SEARCH_BENCH=1 because it allocates about 1 GB.</summary>
public sealed class VectorScanBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public void One_million_vectors_scan_latency()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("SEARCH_BENCH") == "1", "set SEARCH_BENCH=1 to run");
        const int count = 1_000_000, dimension = 169, queries = 40;
        var random = new Random(5);
        string[] districts = Enumerable.Range(0, 3000).Select(i => "区" + i).ToArray();
        var rows = new MeasureVectorRow[count];
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new MeasureVectorRow($"m{i:D7}", $"d{i / 30}", "s", "1", "", "省", "市", districts[i % districts.Length], 2020 + i % 5, "计划");
            var v = new float[dimension];
            for (int j = 0; j < dimension; j++) v[j] = (float)(random.NextDouble() - 0.5);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            vectors[i] = v;
        }
        foreach (bool quantized in new[] { false, true })
        {
            using var store = MeasureVectorStore.FromMemory(rows, vectors, dimension, quantized);
            var times = new List<double>();
            for (int q = 0; q < queries + 5; q++)
            {
                var sw = Stopwatch.StartNew();
                var hits = store.Search(vectors[q * 997], 10, new VectorFilter { ExcludeDistrict = districts[q] });
                if (q >= 5) times.Add(sw.Elapsed.TotalMilliseconds);
                Assert.Equal(10, hits.Count);
            }
            times.Sort();
            output.WriteLine($"{(quantized ? "int4" : "f32 ")} {count} × {dimension}: p50 {times[times.Count / 2]:F1} ms, p99 {times[^1]:F1} ms");
        }
    }
}
