namespace Search.Ingest.Cleaning;

/// <summary>One paragraph of cleaned text: its normalised characters, the offset in the read text of each, and where
/// cleaning dropped spaces between Chinese characters (soft breaks: a hint that the source had a gap there).</summary>
public sealed class Paragraph(string text, int[] map, IReadOnlyList<int> softBreaks)
{
    public string Text { get; internal set; } = text;
    /// <summary>Offset in the read text of each character of <see cref="Text"/>.</summary>
    public int[] Map { get; internal set; } = map;
    /// <summary>Indices into <see cref="Text"/> before which the source had whitespace that was dropped.</summary>
    public IReadOnlyList<int> SoftBreaks { get; internal set; } = softBreaks;
    /// <summary>Offset in the read text of the first character.</summary>
    public int Start => Map[0];
    /// <summary>Offset in the read text just past the last character.</summary>
    public int End => Map[^1] + 1;
}

/// <summary>Clean stage output: the kept paragraphs, what was removed and why, and the text as read.</summary>
public sealed class CleanedText(IReadOnlyList<Paragraph> paragraphs, IReadOnlyList<RemovedBlock> removed, string original)
{
    public IReadOnlyList<Paragraph> Paragraphs { get; } = paragraphs;
    public IReadOnlyList<RemovedBlock> Removed { get; } = removed;
    /// <summary>The text as read, before cleaning.</summary>
    public string Original { get; } = original;

    /// <summary>The kept paragraphs joined by '\n'.</summary>
    public string Text => string.Join('\n', Paragraphs.Select(p => p.Text));

    /// <summary>Offset in <see cref="Original"/> of the character at <paramref name="cleanOffset"/> of <see cref="Text"/> (a
    /// paragraph break maps to the start of the paragraph after it; the end maps to the end).</summary>
    public int ToOriginal(int cleanOffset)
    {
        int start = 0;
        foreach (var p in Paragraphs)
        {
            if (cleanOffset < start + p.Text.Length)
                return p.Map[cleanOffset - start];
            if (cleanOffset == start + p.Text.Length && p != Paragraphs[^1])
                return Paragraphs[Paragraphs.ToList().IndexOf(p) + 1].Start;
            start += p.Text.Length + 1;
        }
        return Original.Length;
    }
}
