using System.Globalization;
using System.Text;

namespace Search.Ingest.Reading;

/// <summary>Maps Kangxi Radicals (U+2F00–U+2FD5) and CJK Radicals Supplement (U+2E80–U+2EF3) code points to the ideographs they
/// stand for (⼯ → 工, ⻛ → 风). PDFs printed from CJK fonts often carry them in place of the ideographs; the table is
/// generated from the Unicode data by <c>tools/unihan/gen_radicals.py</c>.</summary>
public static class RadicalIdeographs
{
    const int First = 0x2E80, Last = 0x2FDF;
    static readonly string?[] Table = Load();

    /// <summary>The ideograph for one radical code point, or null when <paramref name="codePoint"/> is not a mapped radical.</summary>
    public static string? Of(int codePoint) => codePoint is >= First and <= Last ? Table[codePoint - First] : null;

    /// <summary>The text with every mapped radical replaced by its ideograph; the same instance when there is none.</summary>
    public static string Map(string text)
    {
        int i = 0;
        while (i < text.Length && Of(text[i]) is null) i++;
        if (i == text.Length)
            return text;
        var result = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
            result.Append(Of(text[i]) ?? (object)text[i]);
        return result.ToString();
    }

    static string?[] Load()
    {
        var table = new string?[Last - First + 1];
        using var stream = typeof(RadicalIdeographs).Assembly.GetManifestResourceStream("Search.Ingest.Reading.radicals.tsv")
            ?? throw new InvalidOperationException("embedded radicals.tsv is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var tab = line.IndexOf('\t');
            int radical = int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int ideograph = int.Parse(line.AsSpan(tab + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            table[radical - First] = char.ConvertFromUtf32(ideograph);
        }
        return table;
    }
}
