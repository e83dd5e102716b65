namespace Search.Ingest.Cleaning;

/// <summary>Clean stage output: paragraphs separated by '\n', a map from each clean character to its offset in the read text, and what was removed.</summary>
public sealed class CleanedText(string text, int[] originalOffsets, IReadOnlyList<RemovedBlock> removed, string original)
{
    public string Text { get; } = text;
    public IReadOnlyList<RemovedBlock> Removed { get; } = removed;
    /// <summary>The text as read, before cleaning.</summary>
    public string Original { get; } = original;

    /// <summary>Offset in <see cref="Original"/> of the character at <paramref name="cleanOffset"/> (the end maps to the end).</summary>
    public int ToOriginal(int cleanOffset) =>
        cleanOffset >= originalOffsets.Length ? Original.Length : originalOffsets[cleanOffset];
}
