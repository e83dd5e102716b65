namespace Search.Analysis;

/// <summary>Which code points count as Han ideographs (and which tokens as lone CJK characters), in one place for the analysis and
/// the query side.</summary>
public static class HanScript
{
    /// <summary>The basic CJK Unified Ideographs block (U+4E00–U+9FFF).</summary>
    public static bool IsBasic(char c) => c is >= '\u4E00' and <= '\u9FFF';

    /// <summary>The basic block or Extension A: one UTF-16 unit, one gram character.</summary>
    public static bool IsBmpIdeograph(char c) => c is >= '\u3400' and <= '\u4DBF' || IsBasic(c);

    /// <summary>Any Han ideograph: the BMP blocks, the compatibility ideographs, the supplementary planes, 々 and 〇.</summary>
    public static bool IsIdeograph(int codePoint) => codePoint is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF
        or >= 0x20000 and <= 0x3FFFF or 0x3005 or 0x3007;

    /// <summary>True for a token made only of Han ideographs (incl. extensions and 々 〇).</summary>
    public static bool IsHanOnly(string term) => term.Length > 0 && term.EnumerateRunes().All(r => IsIdeograph(r.Value));

    /// <summary>True for one CJK character (a unigram of the grams analysis): one Han, kana or Hangul code point.</summary>
    public static bool IsLoneCjk(string term) =>
        term.Length is 1 or 2 && term.EnumerateRunes().Count() == 1 && (IsHanOnly(term) || HasKanaOrHangul(term));

    /// <summary>True when the term holds kana or Hangul (full- or half-width).</summary>
    public static bool HasKanaOrHangul(string term) => term.EnumerateRunes().Any(r => r.Value is >= 0x3040 and <= 0x30FF
        or >= 0x31F0 and <= 0x31FF or >= 0x1100 and <= 0x11FF or >= 0xAC00 and <= 0xD7AF or >= 0x3130 and <= 0x318F or >= 0xFF66 and <= 0xFF9F);
}
