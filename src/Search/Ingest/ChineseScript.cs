using System.Reflection;

namespace Search.Ingest;

/// <summary>Character-level Traditional→Simplified folding (OpenCC's TSCharacters table), one char to one char so offsets survive.</summary>
public static class ChineseScript
{
    static readonly Dictionary<char, char> TraditionalToSimplified = Load();

    public static char ToSimplified(char c) => TraditionalToSimplified.TryGetValue(c, out var s) ? s : c;

    public static string ToSimplified(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            chars[i] = ToSimplified(chars[i]);
        return new string(chars);
    }

    static Dictionary<char, char> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Search.Ingest.t2s.tsv")
            ?? throw new InvalidOperationException("embedded resource t2s.tsv is missing");
        using var reader = new StreamReader(stream);
        var map = new Dictionary<char, char>();
        while (reader.ReadLine() is { } line)
        {
            // Characters outside the BMP cannot map one char to one char; they are rare in policy text.
            if (line.StartsWith('#') || line.Length != 3 || line[1] != '\t')
                continue;
            map[line[0]] = line[2];
        }
        return map;
    }
}
