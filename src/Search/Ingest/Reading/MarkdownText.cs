using System.Text;
using System.Text.RegularExpressions;

namespace Search.Ingest.Reading;

/// <summary>A document kept as Markdown (a .md file, or a collection's page saved as text with a YAML front matter): the
/// front matter read as the page's information lines ("标题：…", "文号：…", as a disclosure table has them) and the text
/// without the marks of headings, quotes, emphasis and links; every line stays a line.</summary>
/// <remarks>Line structure matters more than Markdown's paragraphs here (one numbered item per line), so lines are not joined
/// as a Markdown renderer would join them; a table's rows already read as cells separated by bars.</remarks>
public static partial class MarkdownText
{
    /// <summary>The front matter's fields, in order, or null when the text does not open with one (a line of three dashes,
    /// then only "key: value" lines, then a line of three dashes).</summary>
    public static IReadOnlyList<(string Key, string Value)>? FrontMatter(string text, out int bodyStart)
    {
        bodyStart = 0;
        var lines = Lines(text);
        int i = 0;
        if (i >= lines.Count || lines[i].Text.Trim() != "---") return null;
        var fields = new List<(string, string)>();
        for (i = 1; i < lines.Count && i < 200; i++)
        {
            var line = lines[i].Text.Trim();
            if (line == "---")
            {
                bodyStart = i + 1 < lines.Count ? lines[i + 1].Start : text.Length;
                return fields.Count > 0 ? fields : null;
            }
            if (line.Length == 0) continue;
            if (Field().Match(line) is not { Success: true } m) return null;
            fields.Add((m.Groups[1].Value.Trim(), Unquote(m.Groups[2].Value.Trim())));
        }
        return null;
    }

    /// <summary>The text as read: front-matter fields as "key：value" lines, then the body without Markdown's marks.</summary>
    public static string Extract(string text)
    {
        var output = new StringBuilder(text.Length);
        var body = text;
        if (FrontMatter(text, out int bodyStart) is { } fields)
        {
            foreach (var (key, value) in fields)
                if (value.Length > 0) output.Append(key).Append('：').Append(value).Append('\n');
            body = text[bodyStart..];
        }
        foreach (var (line, _) in Lines(body))
        {
            var plain = Heading().Replace(line, "");
            plain = Quote().Replace(plain, "");
            plain = Link().Replace(plain, m => m.Groups[1].Value);
            plain = Emphasis().Replace(plain, m => m.Groups[2].Value);
            if (Rule().IsMatch(plain)) plain = "";
            output.Append(plain).Append('\n');
        }
        return output.ToString();
    }

    /// <summary>True when a text file is Markdown with a front matter (a .md file is always read as Markdown).</summary>
    public static bool HasFrontMatter(string text) => FrontMatter(text, out _) is not null;

    static List<(string Text, int Start)> Lines(string text)
    {
        var lines = new List<(string, int)>();
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
            if (i == text.Length || text[i] == '\n')
            {
                if (i < text.Length || start < text.Length) lines.Add((text[start..i].TrimEnd('\r'), start));
                start = i + 1;
            }
        return lines;
    }

    static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;

    [GeneratedRegex(@"^([^\s:：#>\-][^:：]{0,30})[:：](?:\s+(.*)|$)")]
    private static partial Regex Field();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}(?:>\s?)+")]
    private static partial Regex Quote();

    [GeneratedRegex(@"(?<!!)\[([^\]\n]*)\]\([^)\s]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(\S(?:.*?\S)?)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")]
    private static partial Regex Rule();
}
