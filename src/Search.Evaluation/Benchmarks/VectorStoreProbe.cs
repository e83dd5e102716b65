using System.Numerics.Tensors;
using Search.Semantic;
using Search.Evaluation.Synthesis;
using Search.Semantic.Vectors;

namespace Search.Evaluation.Benchmarks;

/// <summary>The product's vector store (<see cref="MeasureVectorStore"/>, 4-bit scan with float32 re-scoring, 2 cores) over N synthetic
/// unit vectors of the embedder's dimension spread over 2,800 districts; queries exclude the query's own district as <c>similar</c> does.</summary>
public sealed class VectorStoreProbe : ISimilarProbe
{
    /// <summary>Dimension of the default embedding recipe on the real corpus (pca256 capped by measures + 32 topic dimensions).</summary>
    public const int Dimension = 169;
    const int Districts = 2800;

    readonly MeasureVectorStore _store;
    readonly float[][] _vectors;
    readonly string[] _districts;

    VectorStoreProbe(int count, int seed)
    {
        var rng = new SynthesisRandom((ulong)seed);
        _districts = Enumerable.Range(0, Districts).Select(i => "县" + i).ToArray();
        var rows = new MeasureVectorRow[count];
        _vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new MeasureVectorRow($"m{i:D7}", $"d{i / 20:D6}", "s", "1", "", "省", "市", _districts[i % Districts], 2015 + i % 11, "工作计划");
            var v = new float[Dimension];
            for (int j = 0; j < Dimension; j++) v[j] = (float)(rng.NextDouble() - 0.5);
            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            _vectors[i] = v;
        }
        _store = MeasureVectorStore.FromMemory(rows, _vectors, Dimension, quantized: true);
    }

    public static ISimilarProbe Create(int count, int seed) => new VectorStoreProbe(count, seed);

    public int Count => _store.Count;

    public int Nearest(int measure, int k) =>
        _store.Search(_vectors[measure], k, new VectorFilter { ExcludeDistrict = _districts[measure % Districts], ExcludeId = $"m{measure:D7}" }).Count;

    public void Dispose() => _store.Dispose();
}
