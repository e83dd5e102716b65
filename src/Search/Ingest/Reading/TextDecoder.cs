using System.Text;

namespace Search.Ingest.Reading;

/// <summary>Turns bytes of unknown encoding (UTF-8 ± BOM, UTF-16, GB18030/GBK, Big5) into text, and rejects binary content.</summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    /// <summary>Decodes <paramref name="bytes"/>; the second value names the encoding chosen.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (Encoding.UTF8.GetString(bytes[3..]), "utf-8-bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        if (Utf16Without(bytes) is { } utf16)
            return utf16;
        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException) { }
        // A damaged or truncated UTF-8 file (a cut multi-byte char, a flipped bit) is still UTF-8: a legacy code page
        // would turn all of it into mojibake. Accept it when invalid sequences are rare, replacing them with U+FFFD.
        var lenient = Encoding.UTF8.GetString(bytes);
        int replaced = lenient.AsSpan().Count('\uFFFD');
        if (replaced * 200 <= lenient.Length)
            return (lenient, "utf-8");

        // Legacy Chinese code pages both accept most byte sequences, so decode with each and keep the
        // reading that looks most like Chinese prose (fewest invalid sequences, most common characters).
        var gb = Encoding.GetEncoding("GB18030");
        var big5 = Encoding.GetEncoding("big5");
        var gbText = gb.GetString(bytes);
        var big5Text = big5.GetString(bytes);
        return ChineseLikeness(big5Text) > ChineseLikeness(gbText) ? (big5Text, "big5") : (gbText, "gb18030");
    }

    /// <summary>UTF-16 without a BOM shows as a NUL in every other byte for mostly-ASCII text; for Chinese, as a text that decodes with no unpaired surrogates and common characters.</summary>
    static (string, string)? Utf16Without(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes.Length % 2 != 0)
            return null;
        int evenZero = 0, oddZero = 0;
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] == 0)
                if (i % 2 == 0) evenZero++; else oddZero++;
        int half = bytes.Length / 2;
        if (oddZero > half / 4 && evenZero < half / 50)
            return (Encoding.Unicode.GetString(bytes), "utf-16le");
        if (evenZero > half / 4 && oddZero < half / 50)
            return (Encoding.BigEndianUnicode.GetString(bytes), "utf-16be");
        return null;
    }

    /// <summary>Share of characters that are common Chinese (after folding Traditional forms), penalising replacement and control characters.</summary>
    internal static double ChineseLikeness(string text)
    {
        if (text.Length == 0)
            return 0;
        int good = 0, bad = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')) || char.IsSurrogate(c) || (c >= '\uE000' && c <= '\uF8FF'))
                bad++;
            else if (CommonCharacters.Contains(ChineseScript.ToSimplified(c)))
                good++;
        }
        return (good - 4.0 * bad) / text.Length;
    }

    /// <summary>True when the text is mostly control characters or undecodable bytes: what a binary file looks like once decoded.</summary>
    public static bool LooksBinary(string text)
    {
        if (text.Length == 0)
            return false;
        int bad = 0;
        foreach (var c in text)
            if (c == '\uFFFD' || c == '\0' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')) || (c >= '\uE000' && c <= '\uF8FF'))
                bad++;
        return bad > text.Length / 50 + 1;
    }

    // The most frequent characters of modern written Chinese; legacy-encoding misreadings rarely hit them.
    static readonly HashSet<char> CommonCharacters =
    [
        .. "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严校师",
    ];
}
