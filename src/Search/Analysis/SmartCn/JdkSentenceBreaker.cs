using System.Globalization;

namespace Search.Analysis.SmartCn;

/// <summary>Sentence boundaries exactly as the JDK's <c>BreakIterator.getSentenceInstance(Locale.ROOT)</c> finds them (its 13-state machine).</summary>
/// <remarks>SmartCn adds begin/end markers per sentence, so a boundary in a different place changes segmentation;
/// ICU's or a regex's idea of a sentence would not be equal to Java's.</remarks>
internal static class JdkSentenceBreaker
{
    const sbyte Ignore = -1, Comma = 0, Para = 1, Period = 2, Quote = 3, Term = 4, ULetter = 5, LLetter = 6, Danda = 7,
        Other = 8, Digit = 9, Close = 10, Open = 11, Space = 12;

    // Transition table: [state * 13 + category]; state 0 stops.
    static readonly byte[] Next =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 2, 5, 1, 11, 1, 1, 3, 1, 1, 1, 1, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 2, 5, 9, 11, 1, 1, 8, 8, 1, 5, 8, 6,
        1, 2, 5, 8, 11, 4, 1, 8, 8, 1, 1, 8, 7,
        1, 2, 5, 10, 11, 4, 4, 10, 10, 1, 1, 10, 7,
        1, 2, 5, 8, 11, 4, 4, 8, 8, 1, 1, 8, 1,
        1, 2, 5, 9, 11, 4, 4, 10, 10, 1, 5, 10, 6,
        0, 0, 0, 8, 0, 4, 4, 8, 8, 0, 0, 8, 0,
        0, 2, 11, 11, 11, 0, 0, 0, 0, 0, 11, 0, 12,
        0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12,
    ];
    static readonly bool[] Accepting = [false, true, true, true, true, false, false, false, false, false, false, true, true];
    static readonly bool[] Lookahead = [false, false, false, false, true, true, true, true, false, true, false, false, false];

    static readonly sbyte[] BmpCategory = BuildBmpTable();

    static sbyte[] BuildBmpTable()
    {
        var t = new sbyte[65536];
        for (int c = 0; c < 65536; c++) t[c] = Classify(c);
        return t;
    }

    static sbyte Classify(int cp)
    {
        switch (cp)
        {
            case ',': return Comma;
            case 0x2029: return Para;
            case '.': case 0xFF0E: return Period;
            case '"': case '\'': return Quote;
            case '!': case '?': case 0x3002: case 0xFF01: case 0xFF1F: return Term;
            case 0x0964: case 0x0965: return Danda;
            case 0x09: case 0x0A: case 0x0C: case 0x0D: case 0x2028: return Space;
        }
        var cat = cp <= 0xFFFF ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format => Ignore,
            UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => ULetter,
            UnicodeCategory.LowercaseLetter => LLetter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Digit,
            UnicodeCategory.ClosePunctuation or UnicodeCategory.FinalQuotePunctuation => Close,
            UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation => Open,
            UnicodeCategory.SpaceSeparator => Space,
            _ => Other,
        };
    }

    /// <summary>The end of the sentence that starts at <paramref name="p"/> in text[0..n).</summary>
    public static int NextBoundary(ReadOnlySpan<char> text, int p)
    {
        int n = text.Length;
        int result = Math.Min(p + Width(text, p), n);
        int lookaheadPos = 0, state = 1, i = p;
        while (i < n && text[i] != '\uFFFF' && state != 0)
        {
            int w = Width(text, i);
            int cat = w == 2 ? Classify(char.ConvertToUtf32(text[i], text[i + 1])) : BmpCategory[text[i]];
            if (cat != Ignore) state = Next[state * 13 + cat];
            int next = Math.Min(i + w, n);
            if (Lookahead[state])
            {
                if (Accepting[state]) result = lookaheadPos;
                else lookaheadPos = next;
            }
            else if (Accepting[state]) result = next;
            i = next;
        }
        if ((i >= n || text[i] == '\uFFFF') && lookaheadPos == n) result = lookaheadPos;
        return result;
    }

    static int Width(ReadOnlySpan<char> t, int i) =>
        char.IsHighSurrogate(t[i]) && i + 1 < t.Length && char.IsLowSurrogate(t[i + 1]) ? 2 : 1;
}
