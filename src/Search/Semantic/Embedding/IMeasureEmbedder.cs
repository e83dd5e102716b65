namespace Search.Semantic.Embedding;

/// <summary>Turns measure text into a fixed-length, L2-normalised vector; the one seam where a stronger model (e.g. an ONNX sentence encoder) can replace the ML.NET one.</summary>
public interface IMeasureEmbedder : IDisposable
{
    /// <summary>Name and version of the representation, written to the semantic header so a reader can refuse vectors it cannot produce queries for.</summary>
    string Kind { get; }

    int Dimension { get; }

    /// <summary>Embeds one text; the result has <see cref="Dimension"/> components and unit length (or is all zero when the text has no known features).</summary>
    float[] Embed(string text);

    /// <summary>Embeds many texts in one pass; same result as calling <see cref="Embed"/> on each.</summary>
    IReadOnlyList<float[]> EmbedMany(IReadOnlyList<string> texts);

    /// <summary>Writes the fitted model into <paramref name="folder"/> (which already exists).</summary>
    void Save(string folder);
}

/// <summary>Fits and loads embedders by kind, so the builder and <see cref="SemanticIndex"/> never name a concrete model.</summary>
public static class MeasureEmbedders
{
    /// <summary>Fits the default embedder (ML.NET, <see cref="EmbeddingRecipe.Default"/> unless given) on the measure texts.</summary>
    public static IMeasureEmbedder Fit(IReadOnlyList<string> texts, MeasureFeatureText features, EmbeddingRecipe? recipe = null) =>
        MlNetMeasureEmbedder.Fit(texts, recipe ?? EmbeddingRecipe.Default, features);

    /// <summary>Loads the embedder a semantic folder was written with; <paramref name="kind"/> is the header's <c>Embedder</c>.</summary>
    public static IMeasureEmbedder Load(string folder, string kind, MeasureFeatureText features) =>
        kind.StartsWith(MlNetMeasureEmbedder.KindPrefix, StringComparison.Ordinal)
            ? MlNetMeasureEmbedder.Load(folder, features)
            : throw new UserError($"semantic index in '{folder}' was written by embedder '{kind}', which this build does not have — rebuild the index");
}
