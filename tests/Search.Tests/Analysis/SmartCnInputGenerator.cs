using System.Text;

namespace Search.Tests.Analysis;

/// <summary>Deterministic random texts that stress SmartCn: dictionary words, rare Hanzi, ASCII and full-width runs, punctuation, spaces, line breaks, surrogates.</summary>
public sealed class SmartCnInputGenerator(IReadOnlyList<string> dictionaryWords, int seed)
{
    readonly Random _random = new(seed);

    static readonly string[] Punctuation =
    [
        "，", "。", "！", "？", "、", "；", "：", "“", "”", "（", "）", "《", "》", "【", "】", "…", "—", "·",
        ",", ".", "!", "?", ";", ":", "\"", "'", "(", ")", "[", "]", "-", "+", "%", "/", "．", "－", "．",
    ];
    static readonly string[] Spaces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u3000", "\u2028", "\u2029", "\u00A0", "\u0085", "\f"];
    static readonly string[] Oddities = ["😀", "\uD83D", "\uDE00", "\uFFFF", "\u200B", "\u0301", "é", "Σχολείο", "㐀", "鿏", "\u0000", "①", "Ⅱ", "\uFEFF", "ｶ"];

    public string Next()
    {
        int kind = _random.Next(10);
        int pieces = kind switch
        {
            0 => _random.Next(300, 1500), // longer than the 1024-char buffer: exercises chunking
            1 => _random.Next(1, 4),
            _ => _random.Next(3, 60),
        };
        bool newlines = _random.Next(2) == 0;
        var sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) sb.Append(Piece(newlines));
        return sb.ToString();
    }

    string Piece(bool newlines)
    {
        int r = _random.Next(100);
        return r switch
        {
            < 45 => dictionaryWords[_random.Next(dictionaryWords.Count)],
            < 55 => ((char)_random.Next(0x4E00, 0x9FA6)).ToString(),
            < 62 => AsciiRun(),
            < 67 => FullWidthRun(),
            < 82 => Punctuation[_random.Next(Punctuation.Length)],
            < 92 => Pick(Spaces, newlines),
            _ => Oddities[_random.Next(Oddities.Length)],
        };
    }

    string Pick(string[] spaces, bool newlines)
    {
        var s = spaces[_random.Next(spaces.Length)];
        return !newlines && s.IndexOfAny(['\n', '\r', '\u2028', '\u2029', '\u0085']) >= 0 ? " " : s;
    }

    string AsciiRun()
    {
        int len = _random.Next(1, 9);
        var sb = new StringBuilder();
        bool digits = _random.Next(3) == 0;
        for (int i = 0; i < len; i++)
            sb.Append(digits ? (char)('0' + _random.Next(10)) : (char)((_random.Next(2) == 0 ? 'a' : 'A') + _random.Next(26)));
        return sb.ToString();
    }

    string FullWidthRun()
    {
        int len = _random.Next(1, 6);
        var sb = new StringBuilder();
        for (int i = 0; i < len; i++)
            sb.Append(_random.Next(3) switch { 0 => (char)(0xFF10 + _random.Next(10)), 1 => (char)(0xFF21 + _random.Next(26)), _ => (char)(0xFF41 + _random.Next(26)) });
        return sb.ToString();
    }
}
