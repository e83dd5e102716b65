using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Search.Ingest.Reading;

/// <summary>Word's automatic list numbering (numbering.xml) replayed paragraph by paragraph, so a numbered paragraph reaches
/// the text with the label a reader sees: <c>一、</c>, <c>（一）</c>, <c>1.</c>, <c>①</c> per the level's numFmt and lvlText.</summary>
public sealed class ListNumbering
{
    readonly Dictionary<int, ListDefinition> _abstracts = new();
    readonly Dictionary<int, (int AbstractId, Dictionary<int, int> StartOverrides)> _instances = new();
    readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);
    // Counters per abstract list (Word continues a list across num instances that share one), one per level.
    readonly Dictionary<int, int?[]> _counters = new();
    readonly HashSet<int> _overridden = new();

    public ListNumbering(Numbering? numbering, Styles? styles)
    {
        foreach (var style in styles?.Elements<Style>() ?? [])
            if (style.StyleId?.Value is { } id)
                _styles.TryAdd(id, style);
        if (numbering is null)
            return;
        foreach (var a in numbering.Elements<AbstractNum>())
            if (a.AbstractNumberId?.Value is { } id)
                _abstracts.TryAdd(id, new ListDefinition(a));
        foreach (var n in numbering.Elements<NumberingInstance>())
        {
            if (n.NumberID?.Value is not { } id || n.AbstractNumId?.Val?.Value is not { } abstractId)
                continue;
            var overrides = new Dictionary<int, int>();
            foreach (var o in n.Elements<LevelOverride>())
                if (o.LevelIndex?.Value is { } level && o.StartOverrideNumberingValue?.Val?.Value is { } start)
                    overrides[level] = start;
            _instances.TryAdd(id, (abstractId, overrides));
        }
    }

    /// <summary>The label of a numbered paragraph, advancing the counters; empty for a paragraph that is not numbered or a bullet.</summary>
    public string Label(Paragraph paragraph)
    {
        var (numId, level) = NumberingOf(paragraph);
        if (numId is not { } id || id == 0 || !_instances.TryGetValue(id, out var instance) || !_abstracts.TryGetValue(instance.AbstractId, out var list))
            return "";
        int ilvl = Math.Clamp(level ?? 0, 0, 8);
        if (!_counters.TryGetValue(instance.AbstractId, out var counters))
            _counters[instance.AbstractId] = counters = new int?[9];
        // A num instance that restarts a level starts it once, on its first paragraph at that level.
        if (instance.StartOverrides.TryGetValue(ilvl, out var restart) && _overridden.Add(id * 16 + ilvl))
            counters[ilvl] = restart - 1;
        counters[ilvl] = (counters[ilvl] ?? list.Levels[ilvl].Start - 1) + 1;
        for (int deeper = ilvl + 1; deeper < counters.Length; deeper++)
            counters[deeper] = null;

        var format = list.Levels[ilvl];
        if (format.Format is "bullet" or "none" || format.Text is null)
            return "";
        var label = new StringBuilder();
        var text = format.Text;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 1 < text.Length && text[i + 1] is >= '1' and <= '9')
            {
                int referenced = text[i + 1] - '1';
                var referencedLevel = list.Levels[referenced];
                int value = counters[referenced] ?? referencedLevel.Start;
                // isLgl: a legal-style list shows every level's number in decimal (1.1.2).
                label.Append(ListNumberFormat.Format(value, format.Legal && referenced < ilvl ? "decimal" : referencedLevel.Format));
                i++;
            }
            else
                label.Append(text[i]);
        }
        if (label.Length == 0)
            return "";
        // After the label Word puts a tab (the default), a space or nothing; in the text a space stands for the first two,
        // except after Chinese punctuation (一、 （一）), where a reader sees none.
        char last = label[^1];
        return format.Suffix != "nothing" && last < 0x2E80 ? label.Append(' ').ToString() : label.ToString();
    }

    (int? NumId, int? Level) NumberingOf(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        int? numId = properties?.NumberingProperties?.NumberingId?.Val?.Value;
        int? level = properties?.NumberingProperties?.NumberingLevelReference?.Val?.Value;
        // Numbering can come from the paragraph's style or one it is based on.
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        for (int depth = 0; styleId is not null && depth < 10 && (numId is null || level is null); depth++)
        {
            if (!_styles.TryGetValue(styleId, out var style))
                break;
            var numbering = style.StyleParagraphProperties?.NumberingProperties;
            numId ??= numbering?.NumberingId?.Val?.Value;
            level ??= numbering?.NumberingLevelReference?.Val?.Value;
            styleId = style.BasedOn?.Val?.Value;
        }
        return (numId, level);
    }

    sealed class ListDefinition
    {
        public readonly LevelFormat[] Levels = Enumerable.Range(0, 9).Select(_ => new LevelFormat()).ToArray();

        public ListDefinition(AbstractNum list)
        {
            foreach (var level in list.Elements<Level>())
            {
                if (level.LevelIndex?.Value is not { } i || i is < 0 or > 8)
                    continue;
                Levels[i] = new LevelFormat
                {
                    Start = level.StartNumberingValue?.Val?.Value ?? 1,
                    Format = level.NumberingFormat?.Val?.InnerText ?? "decimal",
                    Text = level.LevelText?.Val?.Value,
                    Suffix = level.LevelSuffix?.Val?.InnerText ?? "tab",
                    Legal = level.IsLegalNumberingStyle is { } legal && (legal.Val?.Value ?? true),
                };
            }
        }
    }

    sealed class LevelFormat
    {
        public int Start { get; init; } = 1;
        public string Format { get; init; } = "decimal";
        public string? Text { get; init; }
        public string Suffix { get; init; } = "tab";
        public bool Legal { get; init; }
    }
}

/// <summary>One list counter written in a Word numFmt: decimal, chineseCounting (一 … 十一 … 二十), ideographTraditional (甲乙丙),
/// decimalEnclosedCircle (①), Roman, letters, …; formats it does not know fall back to decimal.</summary>
public static class ListNumberFormat
{
    const string ChineseDigits = "〇一二三四五六七八九";
    const string CountingDigits = "零一二三四五六七八九";
    const string LegalDigits = "零壹贰叁肆伍陆柒捌玖";
    const string TraditionalLegalDigits = "零壹貳參肆伍陸柒捌玖";

    public static string Format(int n, string numFmt) => numFmt switch
    {
        "decimal" => n.ToString(CultureInfo.InvariantCulture),
        "decimalZero" => n.ToString("00", CultureInfo.InvariantCulture),
        "decimalFullWidth" or "decimalFullWidth2" => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => (char)(c - '0' + '０'))),
        "decimalHalfWidth" => n.ToString(CultureInfo.InvariantCulture),
        "decimalEnclosedCircle" or "decimalEnclosedCircleChinese" when n is >= 1 and <= 20 => ((char)(0x2460 + n - 1)).ToString(),
        "decimalEnclosedParen" when n is >= 1 and <= 20 => ((char)(0x2474 + n - 1)).ToString(),
        "decimalEnclosedFullstop" when n is >= 1 and <= 20 => ((char)(0x2488 + n - 1)).ToString(),
        "ideographEnclosedCircle" when n is >= 1 and <= 10 => ((char)(0x3220 + n - 1)).ToString(),
        "chineseCounting" or "chineseCountingThousand" or "taiwaneseCounting" or "taiwaneseCountingThousand" or "japaneseCounting" => Counting(n, "十", "百", "千", "万"),
        "ideographDigital" or "taiwaneseDigital" or "japaneseDigitalTenThousand" => n < 0 ? n.ToString(CultureInfo.InvariantCulture) : string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => ChineseDigits[c - '0'])),
        "chineseLegalSimplified" => Counting(n, "拾", "佰", "仟", "万", LegalDigits),
        "ideographLegalTraditional" => Counting(n, "拾", "佰", "仟", "萬", TraditionalLegalDigits),
        "ideographTraditional" when n is >= 1 and <= 10 => "甲乙丙丁戊己庚辛壬癸"[n - 1].ToString(),
        "ideographZodiac" when n is >= 1 and <= 12 => "子丑寅卯辰巳午未申酉戌亥"[n - 1].ToString(),
        "ideographZodiacTraditional" when n is >= 1 and <= 60 => "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10].ToString() + "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12],
        "upperLetter" => Letters(n, 'A'),
        "lowerLetter" => Letters(n, 'a'),
        "upperRoman" => Roman(n),
        "lowerRoman" => Roman(n).ToLowerInvariant(),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Chinese counting numerals as written in document numbering: 十, 十一, 二十, 一百零五, 一千零一十.</summary>
    static string Counting(int n, string ten, string hundred, string thousand, string tenThousand, string digits = CountingDigits)
    {
        if (n <= 0 || n >= 100_000)
            return n.ToString(CultureInfo.InvariantCulture);
        var units = new[] { "", ten, hundred, thousand, tenThousand };
        var s = n.ToString(CultureInfo.InvariantCulture);
        var result = new StringBuilder();
        bool zero = false;
        for (int i = 0; i < s.Length; i++)
        {
            int d = s[i] - '0', place = s.Length - 1 - i;
            if (d == 0) { zero = result.Length > 0; continue; }
            if (zero) { result.Append(digits[0]); zero = false; }
            // 十一, not 一十一, when ten leads the number.
            if (!(d == 1 && place == 1 && result.Length == 0 && digits == CountingDigits))
                result.Append(digits[d]);
            result.Append(units[place]);
        }
        return result.ToString();
    }

    static string Letters(int n, char a)
    {
        if (n <= 0) return n.ToString(CultureInfo.InvariantCulture);
        // Word repeats the letter: A … Z, AA … ZZ, AAA …
        return new string((char)(a + (n - 1) % 26), (n - 1) / 26 + 1);
    }

    static string Roman(int n)
    {
        if (n <= 0 || n >= 4000) return n.ToString(CultureInfo.InvariantCulture);
        var result = new StringBuilder();
        foreach (var (value, symbol) in new[] { (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") })
            while (n >= value) { result.Append(symbol); n -= value; }
        return result.ToString();
    }
}
