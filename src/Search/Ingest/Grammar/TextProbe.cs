namespace Search.Ingest.Grammar;

/// <summary>A same-length view of text for pattern matching: Simplified characters, ASCII digits and letters, half-width
/// brackets, stops and colons. One character per character, so an offset found in the probe holds in the text.</summary>
public static class TextProbe
{
    public static string Of(string text) => Of(text.AsSpan());

    public static string Of(ReadOnlySpan<char> text)
    {
        var chars = new char[text.Length];
        for (int i = 0; i < text.Length; i++)
            chars[i] = Fold(text[i]);
        return new string(chars);
    }

    public static char Fold(char c)
    {
        c = ChineseScript.ToSimplified(c);
        return c switch
        {
            >= '０' and <= '９' => (char)(c - '０' + '0'),
            >= 'Ａ' and <= 'Ｚ' => (char)(c - 'Ａ' + 'A'),
            >= 'ａ' and <= 'ｚ' => (char)(c - 'ａ' + 'a'),
            '（' => '(',
            '）' => ')',
            '．' => '.',
            '：' => ':',
            '﹕' => ':',
            '；' => ';',
            '，' => ',',
            '［' => '[',
            '］' => ']',
            '〖' => '【',
            '〗' => '】',
            '\u3000' => ' ',
            _ => c,
        };
    }
}
