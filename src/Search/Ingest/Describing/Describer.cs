using System.Globalization;
using System.Text.RegularExpressions;
using Search.Ingest.Cleaning;

namespace Search.Ingest.Describing;

/// <summary>What the Describe stage found: the title as written and the canonical metadata.</summary>
public sealed record Description(string Title, DocumentMetadata Metadata);

/// <summary>Describe stage: title, issuer, region, years, publication date, 文号, 索引号 and document type, from the read and cleaned text.</summary>
public sealed partial class Describer(Gazetteer gazetteer)
{
    readonly RegionResolver _regions = new(gazetteer);

    public Describer() : this(Gazetteer.China) { }

    /// <summary>Document types, most specific first; the one ending last in the title wins (…工作总结及2023年工作计划 → 工作计划).</summary>
    static readonly string[] Types =
    [
        "工作计划", "工作总结", "实施方案", "工作要点", "工作方案", "行动计划", "行动方案", "实施意见", "指导意见", "实施细则",
        "工作报告", "发展规划", "管理办法", "通知", "意见", "规划", "办法", "方案", "计划", "总结", "要点", "报告", "决定", "细则",
    ];

    public Description Describe(CleanedText cleaned)
    {
        var raw = ChineseScript.ToSimplified(cleaned.Original);
        var clean = ChineseScript.ToSimplified(cleaned.Text);
        var (title, titleFolded) = Title(cleaned, raw);
        var issuer = Issuer(raw, cleaned, titleFolded);
        var unit = _regions.Resolve(titleFolded, issuer, clean);
        var (province, city, county) = unit is null ? default : gazetteer.Chain(unit);
        var date = PublicationDate(raw, cleaned);
        var years = Years(titleFolded);
        if (years.Count == 0 && (date?.Year ?? IndexYear(raw)) is int fallback)
            years = [fallback];

        var metadata = new DocumentMetadata
        {
            Province = province?.Name,
            City = city?.Name,
            District = county?.Name,
            RegionCode = unit?.Code,
            Issuer = issuer,
            Type = DocumentType(titleFolded),
            Years = years,
            Year = years.Count > 0 ? years[0] : null,
            Date = date,
            Number = Number(raw),
            IndexNumber = IndexNumber(raw),
            Draft = cleaned.Removed.Any(r => r.Reason == "draft marker"),
        };
        return new Description(title, metadata);
    }

    // ---- title ----------------------------------------------------------------------------------

    [GeneratedRegex(@"(?:信息名称|标题|名称)\s*[|:：]\s*([^|\n]+?)\s*(?:\||$)", RegexOptions.Multiline)]
    private static partial Regex NamedTitle();

    static (string Title, string Folded) Title(CleanedText cleaned, string raw)
    {
        if (NamedTitle().Match(raw) is { Success: true } m)
        {
            var t = cleaned.Original.Substring(m.Groups[1].Index, m.Groups[1].Length).Trim();
            return (t, ChineseScript.ToSimplified(t));
        }
        // The first short line of the cleaned text that names a document type; else its first line.
        var lines = cleaned.Text.Split('\n');
        var title = lines.Take(5).FirstOrDefault(l => l.Length <= 60 && !l.Contains('。') && Types.Any(t => ChineseScript.ToSimplified(l).Contains(t)))
            ?? lines.FirstOrDefault(l => l.Length <= 60) ?? lines[0][..Math.Min(60, lines[0].Length)];
        return (title, ChineseScript.ToSimplified(title));
    }

    static string? DocumentType(string title)
    {
        string? best = null;
        int bestEnd = -1;
        foreach (var type in Types)
        {
            int at = title.LastIndexOf(type, StringComparison.Ordinal);
            if (at >= 0 && at + type.Length > bestEnd)
            {
                best = type;
                bestEnd = at + type.Length;
            }
        }
        return best;
    }

    // ---- issuer ---------------------------------------------------------------------------------

    [GeneratedRegex(@"(?:^|\|)\s*(?:发布机构|发文机关|发文机构|信息来源|来源)\s*[|:：]?\s*([^\s|:：]{2,30}?)\s*(?:\||\s|$|时间|发布日期)", RegexOptions.Multiline)]
    private static partial Regex IssuerLabel();

    [GeneratedRegex(@"^\s*(\S{2,30}?)文件\s*$", RegexOptions.Multiline)]
    private static partial Regex LetterHead();

    [GeneratedRegex(@"^(.{2,30}?(?:局|委员会|委|政府|办公室|厅|中心))\d{4}")]
    private static partial Regex IssuerInTitle();

    static string? Issuer(string raw, CleanedText cleaned, string titleFolded)
    {
        if (IssuerLabel().Match(raw) is { Success: true } m)
            return m.Groups[1].Value;
        if (LetterHead().Match(raw) is { Success: true } head)
            return head.Groups[1].Value.Replace(" ", "");
        if (IssuerInTitle().Match(titleFolded) is { Success: true } t)
            return t.Groups[1].Value;
        var signature = cleaned.Removed.FirstOrDefault(r => r.Reason == "signature" && r.Text.Contains('\n'));
        return signature is null ? null : ChineseScript.ToSimplified(signature.Text.Split('\n')[0]);
    }

    // ---- dates and numbers ----------------------------------------------------------------------

    [GeneratedRegex(@"(?:发布日期|发文日期|发布时间|成文日期)\s*[|:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")]
    private static partial Regex PublishedLabel();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发")]
    private static partial Regex IssuedOn();

    [GeneratedRegex(@"(?:生成日期|时间)\s*[|:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")]
    private static partial Regex OtherDateLabel();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]
    private static partial Regex ChineseDate();

    static DateOnly? PublicationDate(string raw, CleanedText cleaned)
    {
        foreach (var regex in new[] { PublishedLabel(), IssuedOn(), OtherDateLabel() })
            if (regex.Match(raw) is { Success: true } m && ToDate(m) is { } d)
                return d;
        var signature = cleaned.Removed.FirstOrDefault(r => r.Reason == "signature");
        return signature is not null && ChineseDate().Match(signature.Text) is { Success: true } s ? ToDate(s) : null;
    }

    static DateOnly? ToDate(Match m)
    {
        var (y, mo, d) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return y is >= 1949 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    [GeneratedRegex(@"(\d{4})\s*(?:年)?\s*[-—–~～至到]\s*(\d{4})\s*年|(\d{4})\s*年")]
    private static partial Regex TitleYears();

    static List<int> Years(string title)
    {
        var years = new SortedSet<int>();
        foreach (Match m in TitleYears().Matches(title))
        {
            if (m.Groups[1].Success)
            {
                int from = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), to = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (from <= to && to - from <= 10)
                    for (int y = from; y <= to; y++) years.Add(y);
            }
            else
                years.Add(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }
        return years.Where(y => y is >= 1949 and <= 2100).ToList();
    }

    [GeneratedRegex(@"[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")]
    private static partial Regex DocumentNumber();

    static string? Number(string raw) =>
        DocumentNumber().Match(raw) is { Success: true } m ? Regex.Replace(m.Value, @"\s+", "") : null;

    [GeneratedRegex(@"索\s*引\s*号\s*[|:：]?\s*([0-9A-Za-z][0-9A-Za-z\-/_.]*)")]
    private static partial Regex IndexNumberLabel();

    static string? IndexNumber(string raw) =>
        IndexNumberLabel().Match(raw) is { Success: true } m ? m.Groups[1].Value : null;

    static int? IndexYear(string raw) =>
        IndexNumber(raw) is { } n && Regex.Match(n, @"/((?:19|20)\d{2})") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
}
