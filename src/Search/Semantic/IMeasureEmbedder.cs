namespace Search.Semantic;

/// <summary>Turns measure text into a fixed-length, L2-normalised vector; the one seam where a stronger model (e.g. an ONNX sentence encoder) can replace the ML.NET one.</summary>
public interface IMeasureEmbedder
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
