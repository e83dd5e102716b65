using System.Text.RegularExpressions;

namespace Search.Ingest.Grammar;

/// <summary>Names of issuing bodies as they stand in signatures, letterheads and titles: 绍兴市教育局, 中共温岭市委人才工作领导小组办公室,
/// 浙江省中小学教师培训中心. Matching runs on a <see cref="TextProbe"/>.</summary>
public static partial class Organisation
{
    /// <summary>A signature without its seal note ("甲小组（乙党工委代章）", "甲小组 乙办公室（代章）", "（盖章）") and the gaps at its
    /// end, and the note; the names keep their place in <paramref name="line"/> (leading text is not trimmed).</summary>
    public static (string Names, string? Seal) WithoutSealNote(string line)
    {
        var trimmed = line.TrimEnd();
        var seal = SealNote().Match(trimmed);
        return seal.Success ? (trimmed[..seal.Index].TrimEnd(), seal.Value.Replace(" ", "")) : (trimmed, null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*[(（][^()（）]{0,30}章\s*[)）]$")]
    private static partial System.Text.RegularExpressions.Regex SealNote();

    /// <summary>Words an issuing body's name ends with.</summary>
    const string Suffix = "管委会|党工委|工委|局|委员会|委|政府|办公室|办|厅|中心|部|院|研究室|工会|团委|协会|联合会|学会|领导小组|小组|指挥部|总队|支队|大队|所|站|馆|社|中学|小学|学校|学院|大学|幼儿园|处|科|室|股";

    [GeneratedRegex(@"^[\u4e00-\u9fff（）()]{2,40}?(?:" + Suffix + ")$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"^((?:中共)?[\u4e00-\u9fff（）()、 ]{2,80}?(?:" + Suffix + "))(?=关于|[0-9〇零一二]{4}|20\\d{2}|19\\d{2})")]
    private static partial Regex BeforeTitleSubject();

    /// <summary>True when <paramref name="probe"/> is one body's name and nothing else.</summary>
    public static bool IsName(string probe) =>
        probe.Length is >= 3 and <= 42 && Whole().IsMatch(probe) && !probe.Contains("关于") && !EndsLikeProse(probe);

    // Words that end a clause in prose but happen to end in a suffix character (…的办, …工作部).
    static bool EndsLikeProse(string s) => s.EndsWith("举办") || s.EndsWith("承办") || s.EndsWith("主办") || s.EndsWith("协办") || s.EndsWith("督办") || s.EndsWith("开办") || s.EndsWith("全部") || s.EndsWith("内部") || s.EndsWith("局部") || s.EndsWith("各部");

    /// <summary>The names in a signature line: one name, or several separated by spaces, 、 or soft breaks (positions where the
    /// source had spaces that cleaning dropped). Empty when the line is not made of names only.</summary>
    public static IReadOnlyList<string> Names(string probe, IReadOnlyCollection<int>? softBreaks = null)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int i = 0; i <= probe.Length; i++)
        {
            bool cut = i == probe.Length || probe[i] is ' ' or '、' or ',' || softBreaks is not null && softBreaks.Contains(i) && i > start;
            if (!cut)
                continue;
            if (i > start)
                pieces.Add(probe[start..i].Trim());
            start = probe.Length > i && probe[i] is ' ' or '、' or ',' ? i + 1 : i;
        }
        pieces.RemoveAll(p => p.Length == 0);
        // Two bodies of one place run together ("某某区社会事业局某某区党群工作部"): the place named again starts the second.
        if (pieces.Count == 1 && SplitJoined(pieces[0]) is [var first, var second] && first.Length >= 6 && second.StartsWith(first[..3], StringComparison.Ordinal))
            return [first, second];
        if (pieces.Count == 0 || pieces.Any(p => !IsName(p)))
        {
            // Two names run together without a break: split where the first ends in a suffix and a region name starts the second.
            if (pieces.Count == 1 && SplitJoined(pieces[0]) is { Count: > 1 } joined)
                return joined;
            return [];
        }
        return pieces;
    }

    static List<string> SplitJoined(string s)
    {
        foreach (var suffix in new[] { "局", "委员会", "工会", "中心", "办公室", "政府", "委" })
        {
            int at = s.IndexOf(suffix, StringComparison.Ordinal);
            while (at > 0)
            {
                int cut = at + suffix.Length;
                if (cut < s.Length - 2 && IsName(s[..cut]) && IsName(s[cut..]) && s[cut..].Length >= 4)
                    return [s[..cut], s[cut..]];
                at = s.IndexOf(suffix, cut, StringComparison.Ordinal);
            }
        }
        return [];
    }

    /// <summary>The issuing body named at the start of a title: "绍兴市教育局关于…" → 绍兴市教育局; "平潭…社会事业局2022年工作总结" → 平潭…社会事业局.</summary>
    public static string? AtTitleStart(string probe) =>
        BeforeTitleSubject().Match(probe) is { Success: true } m ? m.Groups[1].Value : null;
}
