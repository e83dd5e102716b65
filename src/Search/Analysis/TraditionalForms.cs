namespace Search.Analysis;

/// <summary>Simplified → Traditional at character level, the inverse of the folding table (used to synthesize Traditional documents).</summary>
/// <remarks>Where several Traditional characters fold to one Simplified character (发 ← 發, 髮) the lowest code point wins, which is
/// the common form in practice; whatever is chosen, folding the result gives back the input, which is what search relies on.</remarks>
public static class TraditionalScript
{
    static readonly Lazy<Dictionary<char, char>> Inverse = new(Build);

    /// <summary>The text with every Simplified character that has a Traditional form replaced by it; other characters unchanged.</summary>
    public static string ToTraditional(string text)
    {
        var map = Inverse.Value;
        return string.Create(text.Length, text, (span, t) =>
        {
            for (int i = 0; i < t.Length; i++)
                span[i] = map.TryGetValue(t[i], out char traditional) ? traditional : t[i];
        });
    }

    static Dictionary<char, char> Build()
    {
        var inverse = new Dictionary<char, char>();
        foreach (var (traditional, simplified) in FoldTables.Instance.TraditionalToSimplified)
        {
            if (traditional == simplified || traditional > 0xFFFF || simplified > 0xFFFF) continue;
            char t = (char)traditional, s = (char)simplified;
            if (char.IsSurrogate(t) || char.IsSurrogate(s)) continue;
            if (!inverse.TryGetValue(s, out char existing) || t < existing) inverse[s] = t;
        }
        return inverse;
    }
}
