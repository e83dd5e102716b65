using System.Text.RegularExpressions;

namespace Search.Ingest.Outline;

/// <summary>Splits a responsibility trailer ("(牵头部门:… 责任部门:…)") off the end of a measure: it is metadata, not measure text.</summary>
public static partial class Responsibility
{
    [GeneratedRegex(@"[（(]\s*((?:牵头|责任|配合|主责|协办|参与)(?:部门|单位|处室|科室)\s*[:：][^（）()]*)[）)]\s*[。；;]?\s*$")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"(?:^|\n|(?<=[。；;]))\s*((?:牵头|责任|配合|主责|协办|参与)(?:部门|单位|处室|科室)\s*[:：][^\n。]*)$")]
    private static partial Regex TrailingLine();

    [GeneratedRegex(@"(牵头|责任|配合|主责|协办|参与)(部门|单位|处室|科室)\s*[:：]")]
    private static partial Regex Label();

    /// <summary>Returns the end of the measure text proper (trailer excluded) and the departments named, lead ones first.</summary>
    public static (int TextEnd, IReadOnlyList<string> Departments, IReadOnlyList<string> Lead) Split(string text, int start, int end)
    {
        // Folding is one char per char, so offsets found on the simplified view hold for the original.
        var span = ChineseScript.ToSimplified(text[start..end]);
        var m = Bracketed().Match(span);
        if (!m.Success)
            m = TrailingLine().Match(span);
        if (!m.Success)
            return (end, [], []);

        var all = new List<string>();
        var lead = new List<string>();
        var trailer = text.Substring(start + m.Groups[1].Index, m.Groups[1].Length);
        var labels = Label().Matches(span.Substring(m.Groups[1].Index, m.Groups[1].Length));
        for (int i = 0; i < labels.Count; i++)
        {
            int from = labels[i].Index + labels[i].Length;
            int to = i + 1 < labels.Count ? labels[i + 1].Index : trailer.Length;
            foreach (var name in trailer[from..to].Split(['、', '，', ',', '；', ';', ' ', '　'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!all.Contains(name)) all.Add(name);
                if (labels[i].Groups[1].Value == "牵头" && !lead.Contains(name)) lead.Add(name);
            }
        }
        int textEnd = start + m.Index;
        while (textEnd > start && char.IsWhiteSpace(text[textEnd - 1]))
            textEnd--;
        return (textEnd, all, lead);
    }
}
