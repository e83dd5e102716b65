namespace Search.Ingest.Grammar;

/// <summary>The numbering styles of Chinese official documents, from the most senior down.</summary>
public enum MarkerStyle
{
    /// <summary>第一编 / 第一部分</summary>
    Part,
    /// <summary>第一章</summary>
    Chapter,
    /// <summary>第一节</summary>
    Section,
    /// <summary>第一条</summary>
    Article,
    /// <summary>一、</summary>
    Numeral,
    /// <summary>（一）</summary>
    ParenNumeral,
    /// <summary>1. 1、 1．</summary>
    Digit,
    /// <summary>（1） 1）</summary>
    ParenDigit,
    /// <summary>① ⑴ ⒈</summary>
    Circled,
    /// <summary>【重点任务1】 【专栏1】: a named series whose rank depends on where it first appears.</summary>
    Bracketed,
    /// <summary>—— a goal or guarantee paragraph.</summary>
    Dash,
}

/// <summary>A numbering marker at the start of an item: its style, its ordinal, how many characters it takes (with the
/// spaces after it) and the label used in measure paths ("一、", "(一)", "1", "(1)", "①", "第三条", "【重点任务2】").</summary>
public readonly record struct OutlineMarker(MarkerStyle Style, int Ordinal, int Length, string Label, string Series)
{
    /// <summary>Rank for nesting: a smaller rank encloses a larger one. Bracketed series have no fixed rank.</summary>
    public int Rank => Style == MarkerStyle.Bracketed ? -1 : (int)Style;

    /// <summary>The marker that starts <paramref name="probe"/> at <paramref name="at"/> (probe: <see cref="TextProbe"/>), if any.
    /// Dashes only count at the start of a paragraph; callers decide that.</summary>
    public static OutlineMarker? At(string probe, int at)
    {
        if (at >= probe.Length)
            return null;
        char c = probe[at];
        return c switch
        {
            '第' => Ordered(probe, at),
            '(' => Parenthesised(probe, at),
            '【' or '[' => Bracketed(probe, at),
            >= '0' and <= '9' => Digits(probe, at),
            >= '\u2460' and <= '\u2473' => Single(MarkerStyle.Circled, c - '\u2460' + 1, probe, at, c.ToString()),
            >= '\u3251' and <= '\u325F' => Single(MarkerStyle.Circled, c - '\u3251' + 21, probe, at, c.ToString()),
            >= '\u2474' and <= '\u2487' => Single(MarkerStyle.Circled, c - '\u2474' + 1, probe, at, c.ToString(), "⑴"),
            >= '\u2488' and <= '\u249B' => Single(MarkerStyle.Digit, c - '\u2488' + 1, probe, at, (c - '\u2488' + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            '—' or '-' => Dash(probe, at),
            _ when ChineseNumerals.IsNumeral(c) => Numeral(probe, at),
            _ => null,
        };
    }

    static int SkipSpaces(string probe, int i)
    {
        while (i < probe.Length && probe[i] == ' ') i++;
        return i;
    }

    static OutlineMarker? Single(MarkerStyle style, int ordinal, string probe, int at, string label, string? series = null)
    {
        int end = SkipSpaces(probe, at + 1);
        if (end < probe.Length && probe[end] is '.' or '、')
            end = SkipSpaces(probe, end + 1);
        return new OutlineMarker(style, ordinal, end - at, label, series ?? style.ToString());
    }

    static OutlineMarker? Ordered(string probe, int at)
    {
        int i = at + 1;
        int start = i;
        while (i < probe.Length && (ChineseNumerals.IsNumeral(probe[i]) || char.IsAsciiDigit(probe[i]))) i++;
        if (i == start || i - start > 5 || i >= probe.Length)
            return null;
        var number = probe[start..i];
        int ordinal = char.IsAsciiDigit(number[0]) ? (int.TryParse(number, out var n) ? n : 0) : ChineseNumerals.Value(number);
        if (ordinal <= 0)
            return null;
        MarkerStyle style;
        int unit;
        if (probe.AsSpan(i).StartsWith("部分")) { style = MarkerStyle.Part; unit = 2; }
        else
        {
            style = probe[i] switch { '编' => MarkerStyle.Part, '章' => MarkerStyle.Chapter, '节' => MarkerStyle.Section, '条' => MarkerStyle.Article, _ => (MarkerStyle)(-1) };
            unit = 1;
            if ((int)style < 0)
                return null;
        }
        int end = i + unit;
        // "第一条" must be followed by a space or the item itself, not by more of a word ("第一条件" is not an article).
        if (end < probe.Length && style == MarkerStyle.Article && probe[end] is '件' or '款' or '规')
            return null;
        end = SkipSpaces(probe, end);
        if (end < probe.Length && probe[end] is '、' or '.' or ':') end = SkipSpaces(probe, end + 1);
        return new OutlineMarker(style, ordinal, end - at, probe[at..(i + unit)], style.ToString());
    }

    static OutlineMarker? Parenthesised(string probe, int at)
    {
        int i = SkipSpaces(probe, at + 1);
        int start = i;
        bool digits = i < probe.Length && char.IsAsciiDigit(probe[i]);
        while (i < probe.Length && (digits ? char.IsAsciiDigit(probe[i]) : ChineseNumerals.IsNumeral(probe[i]))) i++;
        if (i == start || i - start > 3)
            return null;
        var number = probe[start..i];
        i = SkipSpaces(probe, i);
        if (i >= probe.Length || probe[i] != ')')
            return null;
        int ordinal = digits ? int.Parse(number, System.Globalization.CultureInfo.InvariantCulture) : ChineseNumerals.Value(number);
        if (ordinal <= 0)
            return null;
        int end = SkipSpaces(probe, i + 1);
        if (end < probe.Length && probe[end] is '、' or '.') end = SkipSpaces(probe, end + 1);
        return digits
            ? new OutlineMarker(MarkerStyle.ParenDigit, ordinal, end - at, $"({ordinal})", nameof(MarkerStyle.ParenDigit))
            : new OutlineMarker(MarkerStyle.ParenNumeral, ordinal, end - at, $"({number})", nameof(MarkerStyle.ParenNumeral));
    }

    static OutlineMarker? Bracketed(string probe, int at)
    {
        char close = probe[at] == '【' ? '】' : ']';
        int shut = probe.IndexOf(close, at + 1);
        if (shut < 0 || shut - at > 14)
            return null;
        var inside = probe[(at + 1)..shut];
        int digitsFrom = inside.Length;
        while (digitsFrom > 0 && char.IsAsciiDigit(inside[digitsFrom - 1])) digitsFrom--;
        int ordinal;
        string name;
        if (digitsFrom < inside.Length && digitsFrom >= 1)
        {
            ordinal = int.Parse(inside[digitsFrom..], System.Globalization.CultureInfo.InvariantCulture);
            name = inside[..digitsFrom];
        }
        else
        {
            int numeralFrom = inside.Length;
            while (numeralFrom > 0 && ChineseNumerals.IsNumeral(inside[numeralFrom - 1])) numeralFrom--;
            if (numeralFrom == inside.Length || numeralFrom < 1)
                return null;
            ordinal = ChineseNumerals.Value(inside[numeralFrom..]);
            name = inside[..numeralFrom];
        }
        // A named series: 重点任务, 专栏, 重点工程… — Chinese words only, no punctuation.
        if (ordinal <= 0 || name.Length is < 1 or > 8 || name.Any(ch => !(ch >= '\u4e00' && ch <= '\u9fff')))
            return null;
        int end = SkipSpaces(probe, shut + 1);
        return new OutlineMarker(MarkerStyle.Bracketed, ordinal, end - at, $"【{probe[(at + 1)..shut]}】", "【" + name + "】");
    }

    static OutlineMarker? Digits(string probe, int at)
    {
        int i = at;
        while (i < probe.Length && char.IsAsciiDigit(probe[i])) i++;
        if (i - at > 3 || i >= probe.Length)
            return null;
        int ordinal = int.Parse(probe.AsSpan(at, i - at), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (ordinal == 0 && i - at == 1)
            return null;
        int j = SkipSpaces(probe, i);
        if (j >= probe.Length)
            return null;
        char sep = probe[j];
        if (sep == ')')
            return new OutlineMarker(MarkerStyle.ParenDigit, ordinal, SkipSpaces(probe, j + 1) - at, $"({ordinal})", nameof(MarkerStyle.ParenDigit));
        if (sep is not ('.' or '、'))
            return null;
        // 2.5 is a number and 1.1 a decimal outline we do not split on; but "2.2020年…" and "11.5-6月份…" are items that
        // start with a year or a month. After 、 only a year does ("4、2015年1月前…"): "3、5月" names two months.
        if (j + 1 < probe.Length && char.IsAsciiDigit(probe[j + 1]))
        {
            int k = j + 1;
            while (k < probe.Length && char.IsAsciiDigit(probe[k])) k++;
            bool datePhrase = k < probe.Length && (probe[k] is '年' or '月' or '-' or '—' or '~' or '至' && (k - j - 1 == 4 || probe[k] != '年'));
            bool year = k < probe.Length && probe[k] == '年' && k - j - 1 == 4;
            if (!datePhrase || sep != '.' && !year)
                return null;
        }
        var label = probe[at..i];
        return new OutlineMarker(MarkerStyle.Digit, ordinal, SkipSpaces(probe, j + 1) - at, label, nameof(MarkerStyle.Digit));
    }

    static OutlineMarker? Numeral(string probe, int at)
    {
        int i = at;
        while (i < probe.Length && ChineseNumerals.IsNumeral(probe[i])) i++;
        if (i - at > 3)
            return null;
        int j = SkipSpaces(probe, i);
        if (j >= probe.Length || probe[j] is not ('、' or '.'))
            return null;
        // "一、二年级": a list of numerals, not a heading.
        if (j + 1 < probe.Length && ChineseNumerals.IsNumeral(probe[j + 1]) && (j + 2 >= probe.Length || probe[j + 2] is '、' or '年' or '等'))
            return null;
        int ordinal = ChineseNumerals.Value(probe[at..i]);
        if (ordinal <= 0)
            return null;
        return new OutlineMarker(MarkerStyle.Numeral, ordinal, SkipSpaces(probe, j + 1) - at, probe[at..i] + "、", nameof(MarkerStyle.Numeral));
    }

    static OutlineMarker? Dash(string probe, int at)
    {
        int i = at;
        while (i < probe.Length && probe[i] is '—' or '-') i++;
        int n = i - at;
        if (probe[at] == '-' && n != 2 || n > 2)
            return null;
        return new OutlineMarker(MarkerStyle.Dash, 0, SkipSpaces(probe, i) - at, "——", nameof(MarkerStyle.Dash));
    }
}

/// <summary>Chinese numerals as used in numbering and dates: 一 … 九十九, 〇/零.</summary>
public static class ChineseNumerals
{
    public static bool IsNumeral(char c) => Digit(c) >= 0 || c is '十' or '百' or '两';

    static int Digit(char c) => c switch
    {
        '〇' or '零' or '○' or 'O' or 'Ο' or 'О' or 'o' or 'о' => 0,
        '一' => 1, '二' => 2, '两' => 2, '三' => 3, '四' => 4, '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9,
        _ => -1,
    };

    /// <summary>The value of 一 … 九百九十九 (0 when it is no number).</summary>
    public static int Value(ReadOnlySpan<char> s)
    {
        if (s.Length == 0)
            return 0;
        int total = 0, current = 0;
        foreach (var c in s)
        {
            int d = Digit(c);
            if (d >= 0) { current = d; continue; }
            if (c == '十') { total += (current == 0 ? 1 : current) * 10; current = 0; }
            else if (c == '百') { total += (current == 0 ? 1 : current) * 100; current = 0; }
            else return 0;
        }
        return total + current;
    }

    /// <summary>A year written digit by digit (二〇一一, 二0一一, 二Ｏ一一) as a number, or 0.</summary>
    public static int DigitByDigit(ReadOnlySpan<char> s)
    {
        int value = 0;
        foreach (var c in s)
        {
            int d = char.IsAsciiDigit(c) ? c - '0' : Digit(c);
            if (d < 0) return 0;
            value = value * 10 + d;
        }
        return value;
    }
}
