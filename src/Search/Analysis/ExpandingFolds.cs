using System.Collections;

namespace Search.Analysis;

/// <summary>Finds characters whose folding yields several characters with an ideograph among them (㈠ → (一), 🉀 → 〔本〕): the one
/// way a grams chain can match across characters that are not adjacent in the folded text.</summary>
/// <remarks>Folding maps every output char of an expanding character to that character's original offset, so the
/// grams tokens made from its ideograph touch the ideograph before it in original offsets and CJKBigramFilter joins them,
/// although folded text has the bracket between them. A text without such characters cannot do this, so an exact Han chain
/// on it needs no verification (see <c>IndexFields.ChainExact</c>). The table is derived from <see cref="TextFolder"/> itself
/// for planes 0 and 1; planes 2 and above hold ideographs that fold to one ideograph.</remarks>
public static class ExpandingFolds
{
    private static readonly Lazy<BitArray> Table = new(Build);

    /// <summary>True when <paramref name="text"/> holds at least one character that folds to several with an ideograph among them.</summary>
    public static bool Occurs(string text)
    {
        var table = Table.Value;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                cp = char.ConvertToUtf32(c, text[++i]);
            if (cp < table.Length && table[cp]) return true;
        }
        return false;
    }

    /// <summary>True for one code point whose folding is several code points including an ideograph.</summary>
    public static bool Expands(int codePoint) => codePoint < Table.Value.Length && Table.Value[codePoint];

    private static BitArray Build()
    {
        var table = new BitArray(0x20000);
        for (int cp = 0; cp < table.Length; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            var folded = TextFolder.FoldToString(char.ConvertFromUtf32(cp));
            int runes = 0;
            bool ideograph = false;
            foreach (var rune in folded.EnumerateRunes())
            {
                runes++;
                ideograph |= IsIdeographLike(rune.Value);
            }
            table[cp] = runes > 1 && ideograph;
        }
        return table;
    }

    // Broader than what the grams tokenizer treats as ideographic, so the table errs towards verifying.
    private static bool IsIdeographLike(int cp) => HanScript.IsIdeograph(cp) || cp is >= 0x2E80 and <= 0x2FDF or 0x3006
        or >= 0x3021 and <= 0x3029 or >= 0x3038 and <= 0x303B or >= 0x3190 and <= 0x319F;
}
