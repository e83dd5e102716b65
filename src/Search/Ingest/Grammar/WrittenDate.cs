using System.Globalization;
using System.Text.RegularExpressions;

namespace Search.Ingest.Grammar;

/// <summary>A calendar date as official documents write it: 2015年7月10日, 二〇一一年六月十二日, 二0一一年十月十八日,
/// 二Ｏ一一年…, or 2015-07-10 / 2015.7.10 in disclosure tables. Matching runs on a <see cref="TextProbe"/>.</summary>
public static partial class WrittenDate
{
    // Year digits in Chinese are written with 〇, 零, ○ (U+25CB), Ｏ/O (the probe turns the full-width letter into O) or 0.
    // Look-alikes typed for 〇 also occur: the Greek and Cyrillic capital O.
    const string YearDigit = "[0-9〇零○OΟОoо一二三四五六七八九]";

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")]
    private static partial Regex Arabic();

    [GeneratedRegex("(" + YearDigit + @"{4})\s*年\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*月\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[日号]")]
    private static partial Regex Numerals();

    [GeneratedRegex(@"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")]
    private static partial Regex Iso();

    /// <summary>Every date written in <paramref name="probe"/>, with where it is.</summary>
    public static IEnumerable<(DateOnly Date, int Index, int Length)> All(string probe, bool numericForms = false)
    {
        var found = new List<(DateOnly, int, int)>();
        foreach (Match m in Arabic().Matches(probe))
            if (Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } d) found.Add((d, m.Index, m.Length));
        foreach (Match m in Numerals().Matches(probe))
            if (!char.IsAsciiDigit(m.Value[0]) || !char.IsAsciiDigit(m.Groups[2].Value[0]))
                if (Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } d) found.Add((d, m.Index, m.Length));
        if (numericForms)
            foreach (Match m in Iso().Matches(probe))
                if (Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } d) found.Add((d, m.Index, m.Length));
        return found.OrderBy(f => f.Item2);
    }

    /// <summary>The first date in <paramref name="probe"/>.</summary>
    public static DateOnly? First(string probe, bool numericForms = false) =>
        All(probe, numericForms).Select(f => (DateOnly?)f.Date).FirstOrDefault();

    /// <summary>True when the whole of <paramref name="probe"/> (spaces and brackets aside) is one date, with an optional
    /// trailing 印发 / 发布 / 签发: a signature date line.</summary>
    public static bool IsWholeLine(string probe, out DateOnly date, out bool printed)
    {
        date = default;
        printed = false;
        var compact = probe.Replace(" ", "").Trim('(', ')', '〔', '〕', '[', ']');
        if (compact.Length is < 8 or > 22)
            return false;
        // A line holding nothing but a date is a date line in any form, 2011/9/30 included.
        foreach (var (d, index, length) in All(compact, numericForms: true))
        {
            if (index != 0)
                continue;
            var rest = compact[length..];
            if (rest.Length == 0 || rest is "印发" or "印" or "发布" or "签发" or "制" or "起施行")
            {
                date = d;
                printed = rest.StartsWith('印');
                return true;
            }
        }
        return false;
    }

    static DateOnly? Make(string year, string month, string day)
    {
        int y = char.IsAsciiDigit(year[0]) && year.All(char.IsAsciiDigit) ? int.Parse(year, CultureInfo.InvariantCulture) : ChineseNumerals.DigitByDigit(year);
        int mo = char.IsAsciiDigit(month[0]) ? int.Parse(month, CultureInfo.InvariantCulture) : ChineseNumerals.Value(month);
        int d = char.IsAsciiDigit(day[0]) ? int.Parse(day, CultureInfo.InvariantCulture) : ChineseNumerals.Value(day);
        return y is >= 1949 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }
}
