using System.Text;

namespace Search.Responses;

/// <summary>A measure's path as a reader writes it: the outline's own markers kept (一、(二) 3), the path's internal markers
/// spelled out — <c>¶2</c> (the second paragraph under a heading) as 第2段, <c>——3</c> (the third dash-led goal) as 第3项,
/// an Arabic item number as 3., a repeated number's <c>#2</c> as （重复编号2）.</summary>
public static class MeasureLabel
{
    /// <summary>The label of <paramref name="path"/>; 正文 for a measure with no path.</summary>
    public static string Of(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "正文";
        var label = new StringBuilder();
        foreach (var raw in path.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw;
            string repeat = "";
            int hash = part.IndexOf('#');
            if (hash > 0 && int.TryParse(part[(hash + 1)..], out int n))
            {
                repeat = $"（重复编号{n}）";
                part = part[..hash];
            }
            string shown = part switch
            {
                ['¶', .. var k] when k.All(char.IsAsciiDigit) => $"第{k}段",
                ['—', '—', .. var k] when k.All(char.IsAsciiDigit) => $"第{k}项",
                _ when part.All(char.IsAsciiDigit) => part + ".",
                _ => part,
            };
            // A heading's 、 already separates; other markers take a space.
            if (label.Length > 0 && label[^1] != '、') label.Append(' ');
            label.Append(shown).Append(repeat);
        }
        return label.ToString();
    }
}
