using System.Text;

namespace Search.Querying;

/// <summary>A half-open range [Start, End) of UTF-16 offsets into the original text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>Finds where folded needles occur in an original text, reporting spans on the original characters (Traditional stays Traditional).</summary>
/// <remarks>The text is folded one code point at a time, which keeps an exact map back to the original; this equals folding
/// the whole string for a character-level fold (Traditional→Simplified by character, width, NFKC of single characters,
/// lower-case), which is what the project's fold is.</remarks>
public static class MatchLocator
{
    /// <summary>All occurrences (overlapping ones included) of every non-empty needle, sorted by start then end.</summary>
    public static IReadOnlyList<TextSpan> Find(string original, IEnumerable<string> foldedNeedles, Func<string, string> fold)
    {
        var folded = new StringBuilder(original.Length);
        var fromOriginal = new List<int>(original.Length);
        var toOriginal = new List<int>(original.Length);
        for (var i = 0; i < original.Length;)
        {
            var width = char.IsHighSurrogate(original[i]) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
            var piece = fold(width == 1 ? Search.Analysis.TextFolder.OneCharString(original[i]) : original.Substring(i, width));
            foreach (var c in piece)
            {
                folded.Append(c);
                fromOriginal.Add(i);
                toOriginal.Add(i + width);
            }
            i += width;
        }
        var text = folded.ToString();
        var spans = new SortedSet<TextSpan>(Comparer<TextSpan>.Create((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End)));
        foreach (var needle in foldedNeedles)
        {
            if (string.IsNullOrEmpty(needle)) continue;
            for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
                spans.Add(new TextSpan(fromOriginal[at], toOriginal[at + needle.Length - 1]));
        }
        return spans.ToList();
    }
}

/// <summary>Cuts a snippet around the best cluster of matches and marks each match in it.</summary>
public sealed class SnippetHighlighter
{
    /// <summary>Snippet length in UTF-16 units, before ellipses.</summary>
    public int Window { get; }

    /// <summary>Characters of context kept before the first match of the chosen cluster.</summary>
    public int LeadingContext { get; }

    public SnippetHighlighter(int window = 120, int leadingContext = 20)
    {
        Window = Math.Max(1, window);
        LeadingContext = Math.Clamp(leadingContext, 0, Window);
    }

    /// <summary>The snippet: the text of the window with <c>…</c> where the text was cut, and the (merged) matches marked in it.</summary>
    public MarkedText Highlight(string text, IEnumerable<TextSpan> matches)
    {
        var spans = Normalize(text, matches);
        var (start, end) = ChooseWindow(text, spans);
        int shift = start > 0 ? 1 : 0;
        var marks = new List<MarkRange>();
        foreach (var span in spans)
        {
            var s = Math.Max(span.Start, start);
            var e = Math.Min(span.End, end);
            if (s < e) marks.Add(new MarkRange(s - start + shift, e - s));
        }
        return new MarkedText((start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : ""), marks);
    }

    /// <summary>Clamped to the text, widened to whole code points, sorted, and overlapping or touching spans merged (one mark, not two abutting ones).</summary>
    internal static List<TextSpan> Normalize(string text, IEnumerable<TextSpan> matches)
    {
        var cleaned = matches
            .Select(m => new TextSpan(SnapStart(text, Math.Clamp(m.Start, 0, text.Length)), SnapEnd(text, Math.Clamp(m.End, 0, text.Length))))
            .Where(m => m.End > m.Start)
            .OrderBy(m => m.Start).ThenBy(m => m.End);
        var merged = new List<TextSpan>();
        foreach (var m in cleaned)
        {
            if (merged.Count > 0 && m.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, m.End) };
            else merged.Add(m);
        }
        return merged;
    }

    private (int Start, int End) ChooseWindow(string text, List<TextSpan> spans)
    {
        if (text.Length <= Window) return (0, text.Length);
        var start = 0;
        if (spans.Count > 0)
        {
            // The window that fully holds the most matches, earliest on ties; then centred on that cluster.
            var best = (Count: -1, First: 0, Last: 0);
            for (var i = 0; i < spans.Count; i++)
            {
                var limit = spans[i].Start + Window;
                var j = i;
                while (j + 1 < spans.Count && spans[j + 1].End <= limit) j++;
                var count = j - i + 1;
                if (count > best.Count) best = (count, i, j);
            }
            var clusterStart = spans[best.First].Start;
            var clusterEnd = Math.Max(spans[best.Last].End, clusterStart);
            var slack = Window - (clusterEnd - clusterStart);
            start = slack > 0 ? clusterStart - Math.Min(LeadingContext, slack / 2) : clusterStart;
            start = Math.Clamp(start, 0, text.Length - Window);
        }
        var end = Math.Min(text.Length, start + Window);
        return (SnapStart(text, start), SnapEnd(text, end));
    }

    /// <summary>Moves an offset that falls inside a surrogate pair back to the pair's start.</summary>
    private static int SnapStart(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? offset - 1 : offset;

    /// <summary>Moves an offset that falls inside a surrogate pair forward past the pair.</summary>
    private static int SnapEnd(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? offset + 1 : offset;
}
