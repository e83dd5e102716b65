using System.Text.RegularExpressions;

namespace Search.Ingest.Grammar;

/// <summary>发文字号: the issuing body's abbreviation, the year in 〔〕 and the serial number, e.g. 绍市教〔2018〕81号,
/// 温人才办〔2011〕3号, 岚教综[2017]91号. Matching runs on a <see cref="TextProbe"/>.</summary>
public static partial class IssueNumber
{
    [GeneratedRegex(@"([\u4e00-\u9fff]{1,12})\s*[〔\[【(（﹝]\s*((?:19|20)\d{2})\s*[〕\]】)）﹞]\s*第?\s*(\d{1,5})\s*号")]
    private static partial Regex Pattern();

    /// <summary>The numbers written in <paramref name="probe"/>, normalised (no spaces, 〔〕 brackets).</summary>
    public static IEnumerable<(string Number, int Index, int Length)> All(string probe)
    {
        foreach (Match m in Pattern().Matches(probe))
            yield return ($"{m.Groups[1].Value}〔{m.Groups[2].Value}〕{m.Groups[3].Value}号", m.Index, m.Length);
    }

    /// <summary>The number a 文号 label states (its value and nothing else), where 号 may be left off ("岚综管综〔2015〕207");
    /// normalised like <see cref="All"/>. Null when the value is not one number.</summary>
    public static string? Labelled(string probe)
    {
        var value = probe.Replace(" ", "");
        return WholeLine(value.EndsWith('号') ? value : value + "号");
    }

    /// <summary>The number when <paramref name="probe"/> is nothing but a number (a 版头 or disclosure line), with an optional
    /// 签发人 after it; null otherwise. A number inside a sentence is a citation, not the document's own.</summary>
    public static string? WholeLine(string probe)
    {
        var compact = probe.Replace(" ", "");
        int signer = compact.IndexOf("签发人", StringComparison.Ordinal);
        if (signer > 0)
            compact = compact[..signer];
        compact = compact.TrimEnd(';', ',', '。');
        foreach (var (number, index, length) in All(compact))
            if (index == 0 && length == compact.Length)
                return number;
        return null;
    }
}
