using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Search.Semantic.Embedding;

/// <summary>The fitted PCA blocks of an <see cref="MlNetMeasureEmbedder"/> laid out feature by feature, so that a sparse
/// TF-IDF row is projected by adding one contiguous row of weights per feature it has.</summary>
/// <remarks>ML.NET's PCA transform takes one dot product per component between the sparse row and that component's
/// eigenvector: a few hundred non-zero features gathered from each of 288 vectors of ~10⁵ floats, which misses the cache
/// at nearly every read and was a third of a 10,000-document semantic build. The projection is linear (the PCA is fitted
/// without centring), so its weights are read back through ML.NET's own transform, one unit vector per feature, and the
/// result equals ML.NET's up to float rounding (<see cref="Agrees"/> checks it on the fitted rows).</remarks>
internal sealed class SparseProjection
{
    const string SparseColumn = "Sparse";

    readonly float[] _weights;   // feature-major: features × Width
    readonly int _features;
    readonly int _mainRank;
    readonly int _topicRank;
    readonly int _topicCopies;

    /// <summary>The transforms up to the sparse feature column (tokens, n-grams, TF-IDF, block norms, concatenation).</summary>
    public ITransformer Features { get; }

    /// <summary>The same transforms as a flat list of steps.</summary>
    public IReadOnlyList<ITransformer> FeatureSteps => [.. Steps(Features)];

    /// <summary>Length of the embeddings it produces.</summary>
    public int Dimension => _mainRank + _topicRank * _topicCopies;

    int Width => _mainRank + _topicRank;

    SparseProjection(ITransformer features, float[] weights, int featureCount, int mainRank, int topicRank, int topicCopies)
    {
        Features = features; _weights = weights; _features = featureCount;
        _mainRank = mainRank; _topicRank = topicRank; _topicCopies = topicCopies;
    }

    /// <summary>The projection of a model fitted by <see cref="MlNetMeasureEmbedder"/>, or null when the recipe has no PCA
    /// (then ML.NET runs the whole pipeline).</summary>
    public static SparseProjection? TryCreate(MLContext ml, ITransformer model, DataViewSchema inputSchema, EmbeddingRecipe recipe)
    {
        if (recipe.DenseRank <= 0) return null;
        var steps = Steps(model).ToList();
        int first = steps.FindIndex(t => t is PrincipalComponentAnalysisTransformer);
        if (first < 0) return null;
        var pcas = steps.Skip(first).OfType<PrincipalComponentAnalysisTransformer>().ToList();
        if (pcas.Count != (recipe.TopicRank > 0 ? 2 : 1)) return null;
        var features = new TransformerChain<ITransformer>([.. steps.Take(first)]);
        if (features.GetOutputSchema(inputSchema).GetColumnOrNull(SparseColumn)?.Type is not VectorDataViewType { Size: > 0 } sparseType)
            return null;
        int featureCount = sparseType.Size;

        // One unit row per feature: the transform's output for e_j is column j of the projection.
        var unitRows = Enumerable.Range(0, featureCount)
            .Select(j => new UnitRow { Sparse = new VBuffer<float>(featureCount, 1, [1f], [j]) });
        var definition = SchemaDefinition.Create(typeof(UnitRow));
        definition[SparseColumn].ColumnType = sparseType;
        IDataView projected = ml.Data.LoadFromEnumerable(unitRows, definition);
        foreach (var pca in pcas) projected = pca.Transform(projected);
        string mainColumn = MlNetMeasureEmbedder.DenseColumn, topicColumn = MlNetMeasureEmbedder.TopicColumn;
        int mainRank = ((VectorDataViewType)projected.Schema[mainColumn].Type).Size;
        int topicRank = pcas.Count == 2 ? ((VectorDataViewType)projected.Schema[topicColumn].Type).Size : 0;
        int width = mainRank + topicRank;

        var weights = new float[(long)featureCount * width];
        var columns = pcas.Count == 2 ? [projected.Schema[mainColumn], projected.Schema[topicColumn]] : new[] { projected.Schema[mainColumn] };
        using var cursor = projected.GetRowCursor(columns);
        var mainGetter = cursor.GetGetter<VBuffer<float>>(projected.Schema[mainColumn]);
        var topicGetter = topicRank > 0 ? cursor.GetGetter<VBuffer<float>>(projected.Schema[topicColumn]) : null;
        VBuffer<float> main = default, topic = default;
        int row = 0;
        while (cursor.MoveNext())
        {
            var target = weights.AsSpan(row * width, width);
            mainGetter(ref main);
            main.CopyTo(target[..mainRank]);
            if (topicGetter is not null)
            {
                topicGetter(ref topic);
                topic.CopyTo(target[mainRank..]);
            }
            row++;
        }
        if (row != featureCount) throw new InvalidOperationException($"projection read {row} rows for {featureCount} features");
        return new SparseProjection(features, weights, featureCount, mainRank, topicRank, topicRank > 0 ? Math.Max(1, recipe.TopicWeight) : 0);
    }

    // Appending to an estimator typed as IEstimator nests one chain in the next, so the fitted model is a tree of chains.
    static IEnumerable<ITransformer> Steps(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [model];

    /// <summary>Embeds one sparse feature row: project, then L2-normalise each block and the whole, as the ML.NET pipeline does.</summary>
    public float[] Embed(in VBuffer<float> sparse, float[] scratch)
    {
        if (sparse.Length != _features) throw new ArgumentException($"row has {sparse.Length} features, the projection {_features}", nameof(sparse));
        var sum = scratch.AsSpan(0, Width);
        sum.Clear();
        var values = sparse.GetValues();
        if (sparse.IsDense)
        {
            for (int j = 0; j < values.Length; j++)
                if (values[j] != 0) TensorPrimitives.MultiplyAdd(_weights.AsSpan(j * Width, Width), values[j], sum, sum);
        }
        else
        {
            var indices = sparse.GetIndices();
            for (int k = 0; k < values.Length; k++)
                TensorPrimitives.MultiplyAdd(_weights.AsSpan(indices[k] * Width, Width), values[k], sum, sum);
        }

        var result = new float[Dimension];
        var main = result.AsSpan(0, _mainRank);
        sum[.._mainRank].CopyTo(main);
        if (_topicRank == 0)
        {
            Normalize(main);
            return result;
        }
        Normalize(main);
        var topic = result.AsSpan(_mainRank, _topicRank);
        sum[_mainRank..].CopyTo(topic);
        Normalize(topic);
        for (int copy = 1; copy < _topicCopies; copy++) topic.CopyTo(result.AsSpan(_mainRank + copy * _topicRank, _topicRank));
        Normalize(result);
        return result;
    }

    /// <summary>Scratch space one thread needs for <see cref="Embed"/>.</summary>
    public float[] NewScratch() => new float[Width];

    static void Normalize(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
    }

    /// <summary>True when both embeddings agree to within float rounding (each component within 1e-4).</summary>
    public static bool Agrees(ReadOnlySpan<float> fast, ReadOnlySpan<float> reference)
    {
        if (fast.Length != reference.Length) return false;
        for (int i = 0; i < fast.Length; i++)
            if (Math.Abs(fast[i] - reference[i]) > 1e-4f) return false;
        return true;
    }

    sealed class UnitRow
    {
        public VBuffer<float> Sparse { get; set; }
    }
}
