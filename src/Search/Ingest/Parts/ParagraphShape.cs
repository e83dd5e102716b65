using System.Text.RegularExpressions;
using Search.Ingest.Grammar;

namespace Search.Ingest.Parts;

/// <summary>What one paragraph looks like on its own: the shapes the Parts stage puts together into a document.</summary>
public sealed partial class ParagraphShape
{
    /// <summary>The paragraph as written.</summary>
    public string Text { get; }
    /// <summary><see cref="TextProbe"/> of the text.</summary>
    public string Probe { get; }
    /// <summary>The probe without spaces or tabs.</summary>
    public string Compact { get; }
    public IReadOnlyList<int> SoftBreaks { get; }

    public ParagraphShape(string text, IReadOnlyList<int> softBreaks)
    {
        Text = text;
        Probe = TextProbe.Of(text);
        Compact = Probe.Replace(" ", "").Replace("\t", "");
        SoftBreaks = softBreaks;
    }

    /// <summary>A value computed once on first use (null included).</summary>
    struct Cached<T>
    {
        T _value;
        bool _known;

        public T Get(ParagraphShape shape, Func<ParagraphShape, T> compute)
        {
            if (!_known)
            {
                _value = compute(shape);
                _known = true;
            }
            return _value;
        }
    }

    static bool HasSentenceStop(string s) => s.IndexOfAny(['。', ';', '！', '？', '!', '?']) >= 0;

    // ---- page information --------------------------------------------------------------------------

    const string Labels = "政府信息公开选项|信息公开选项|公开属性|索引号|发布机构|发文机关|发文机构|发布单位|发文单位|发文日期|发布日期|生成日期|成文日期|印发日期|发布时间|发布文号|发文字号|文号|组配分类|主题分类|主题导航|主题词|关键词|关键字|信息来源|文章来源|来源|信息名称|标题|名称|内容概述|公开方式|公开时限|公开范围|是否有效|有效性|体裁分类|时间|浏览次数|点击数|作者|栏目|原文链接|官方链接|本地目录|责任部门|所属机构|信息类别|发布人|编辑";

    [GeneratedRegex("^(" + Labels + @")\s*[:|]")]
    private static partial Regex LabelWithSeparator();

    [GeneratedRegex("^(" + Labels + @")\d")]
    private static partial Regex LabelWithNumber();

    [GeneratedRegex("(" + Labels + @")\s*[:|]")]
    private static partial Regex LabelAnywhere();

    [GeneratedRegex(@"^[=＝\-—_*#~·]{3,}.{0,12}[=＝\-—_*#~·]{3,}$|^[=＝\-—_*#~·]{3,}$")]
    private static partial Regex Rule();

    // Labels that name document information and nothing else, so two of them on a short line make a disclosure row even
    // when the table's cells were separated by spaces that cleaning dropped ("发布机构 兴庆区教育局 责任部门 …").
    [GeneratedRegex("索引号|发布机构|发文机关|发文机构|发文日期|发布日期|生成日期|成文日期|发布文号|发文字号|组配分类|主题分类|主题导航|主题词|关键词|关键字|信息来源|文章来源|信息名称|内容概述|公开方式|公开时限|公开范围|是否有效|有效性|体裁分类|责任部门|点击数|浏览次数")]
    private static partial Regex StrongLabel();

    /// <summary>A row of a disclosure table or the page's information line ("文章来源：… 发布时间：…"), a crawler's header line
    /// ("原文链接: …") or a separator rule between them.</summary>
    public bool IsDisclosure => _disclosure ??= Disclosure();
    bool? _disclosure;

    bool Disclosure()
    {
        {
            if (Compact.Length > 220 || HasSentenceStop(Compact))
                return false;
            if (Rule().IsMatch(Compact))
                return true;
            if (StrongLabel().Matches(Compact).Count >= 2)
                return true;
            var spaced = Probe.Replace("\t", "|");
            if (LabelWithSeparator().IsMatch(Compact) || LabelWithNumber().IsMatch(Compact))
                return Compact.Length < 160 || LabelAnywhere().Matches(spaced).Count >= 2;
            return LabelAnywhere().Matches(spaced).Count >= 2;
        }
    }

    [GeneratedRegex("(" + Labels + ")")]
    private static partial Regex AnyLabel();

    /// <summary>The value after <paramref name="label"/> in a disclosure line ("发布机构：X 发布时间：…" → X), if present: it
    /// runs to the next label, bar, tab or dropped space.</summary>
    public string? DisclosureValue(string label)
    {
        int at = Probe.IndexOf(label, StringComparison.Ordinal);
        while (at >= 0 && at > 0 && char.IsLetter(Probe[at - 1]) && !SoftBreaks.Contains(at) && Probe[at - 1] is not (':' or '|'))
            at = Probe.IndexOf(label, at + 1, StringComparison.Ordinal);
        if (at < 0)
            return null;
        int from = at + label.Length;
        while (from < Probe.Length && Probe[from] is ' ' or ':' or '|' or '\t') from++;
        int stop = Probe.Length;
        for (int i = from + 1; i < Probe.Length; i++)
            if (Probe[i] is '|' or '\t' || SoftBreaks.Contains(i) || Probe[i] == ' ' && i + 1 < Probe.Length && !char.IsAsciiDigit(Probe[i + 1]))
            {
                stop = i;
                break;
            }
        int cell = from + 1 < Probe.Length && Probe.IndexOfAny(['|', '\t'], from + 1) is var bar && bar > 0 ? bar : Probe.Length;
        if (AnyLabel().Match(Probe, from) is { Success: true } next && next.Index > from)
        {
            cell = Math.Min(cell, next.Index);
            stop = Math.Min(stop, next.Index);
        }
        // A title broken by blanks ("某某局 关于2024年度工作总结和2025年 工作计划的报告") runs on to its genre word.
        if (label is "标题" or "信息名称" or "名称" or "文章标题" && stop < cell && EndsInGenre(Probe[from..cell].Replace(" ", "").Trim()))
            stop = cell;
        var value = Text[from..stop].Trim().TrimEnd('|').Trim();
        return value.Length == 0 || value is "无" or "暂无" or "-" or "/" ? null : value;
    }

    // ---- head of a document ----------------------------------------------------------------------

    [GeneratedRegex(@"^(.{2,40}?)文件$")]
    private static partial Regex LetterheadPattern();

    /// <summary>发文机关标志: one or several bodies' names followed by 文件.</summary>
    public string? Letterhead => _letterhead.Get(this, static s => s.LetterheadOf());
    Cached<string?> _letterhead;

    string? LetterheadOf() =>
        Compact.Length <= 50 && LetterheadPattern().Match(Compact) is { Success: true } m && !HasSentenceStop(Compact)
            && Organisation.Names(m.Groups[1].Value).Count > 0 ? m.Groups[1].Value : null;

    /// <summary>发文字号 on a line of its own (签发人 may follow).</summary>
    public string? IssueNumberLine => _number.Get(this, static s => s.Compact.Length <= 40 ? IssueNumber.WholeLine(s.Compact) : null);
    Cached<string?> _number;

    // A site's repost marks: "转发：" in front, or "转发" straight before an issuer's "X关于…" title; "（转发）" behind.
    [GeneratedRegex(@"^(转发|转载|转)\s*[:：]\s*|^转发(?=[^关]{2,40}关于)")]
    private static partial Regex RepostPrefix();

    [GeneratedRegex(@"\s*[(（](转发|转载)[)）]$")]
    private static partial Regex RepostSuffix();

    /// <summary>The compact text without a repost's "转发：" in front or "（转发）" behind: what a title is judged on.</summary>
    public string TitleCompact => RepostSuffix().Replace(RepostPrefix().Replace(Compact, ""), "");

    /// <summary>The length of a "（转发）" suffix the text ends with (0 when none).</summary>
    public int RepostSuffixLength => RepostSuffix().Match(Probe.TrimEnd()) is { Success: true } m ? Probe.Length - m.Index : 0;

    /// <summary>The length of a "转发：" prefix the text starts with (0 when none).</summary>
    public int RepostPrefixLength => RepostPrefix().Match(Probe.TrimStart()) is { Success: true } m ? Probe.Length - Probe.TrimStart().Length + m.Length : 0;

    /// <summary>A title or a piece of a title broken over lines: short, no sentence stop, not a numbered item.</summary>
    public bool CouldBeTitleLine => _titleLine ??= TitleLine();
    bool? _titleLine;

    bool TitleLine() =>
        Compact.Length is >= 2 and <= 90 && !HasSentenceStop(Compact) && !TitleCompact.Contains(':') && !Compact.Contains('\t') && !Compact.Contains('_')
        && OutlineMarker.At(Probe.TrimStart(), 0) is null && !IsDisclosure && !IsTableRow && !Compact.StartsWith("附件") && !Compact.StartsWith("抄送")
        && !WrittenDate.IsWholeLine(Compact, out _, out _) && Letterhead is null && IssueNumberLine is null && !IsRemark && !IsImprint;

    /// <summary>A whole title: it ends in a genre word (decorations aside) or is a "关于…" subject.</summary>
    public bool IsTitle => CouldBeTitleLine && EndsInGenre(TitleCompact);

    public static bool EndsInGenre(string compact)
    {
        var trimmed = Genre.TrimDecorations(compact.TrimEnd('》'));
        return trimmed.Length >= 4 && Genre.Words.Any(w => trimmed.EndsWith(w, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^[(（]\s*(\d{4}|[〇零○O一二三四五六七八九]{4})\s*年.{0,40}[)）]$")]
    private static partial Regex DatelinePattern();

    /// <summary>A date or an adoption note in brackets under the title: （2022年12月）, （2021年3月5日区政府常务会议通过）.</summary>
    public bool IsDateline => Compact.Length <= 50 && DatelinePattern().IsMatch(Compact);

    /// <summary>主送机关: a short list of addressees ending in a colon: "各区、县（市）教育局，市直学校：".</summary>
    public bool IsAddressee => _addressee ??= Addressee();
    bool? _addressee;

    bool Addressee()
    {
        {
            if (Compact.Length is < 3 or > 160 || Compact[^1] != ':' || HasSentenceStop(Compact))
                return false;
            var names = Compact[..^1];
            if (LabelWithSeparator().IsMatch(Compact) || names.Contains(':') || NotAddressees().IsMatch(names))
                return false;
            return names.StartsWith('各') || names.Contains('、') || names.Contains(',') || Organisation.IsName(names)
                || names.Length <= 30 && names.Contains('各')
                || names.EndsWith("单位") || names.EndsWith("学校") || names.EndsWith("各校") || names.EndsWith("老师") || names.EndsWith("同志") || names.EndsWith("科室") || names.EndsWith("部门");
        }
    }

    // Words of a sentence that announces what follows ("现将有关事项通知如下："), not of a list of addressees.
    [GeneratedRegex("如下|根据|按照|为了|为进一步|现将|特此|要求|情况|包括|主要有|分别是|具体|内容|以下")]
    private static partial Regex NotAddressees();

    // ---- closing of a document -----------------------------------------------------------------

    /// <summary>The names in a signature line, or empty.</summary>
    public IReadOnlyList<string> SignatureNames => _names ??= NamesOf();
    IReadOnlyList<string>? _names;

    IReadOnlyList<string> NamesOf()
    {
        if (Compact.Length > 80 || HasSentenceStop(Compact) || Compact.Contains(':'))
            return [];
        var (signers, seal) = Organisation.WithoutSealNote(Probe.Trim());
        var names = Organisation.Names(signers.TrimEnd('÷', '·', '*', '.', ','), SoftBreaks);
        // "甲小组 乙办公室（代章）": 乙 only stamps for 甲; it does not issue.
        return seal is "（代章）" or "(代章)" && names.Count > 1 ? names.Take(names.Count - 1).ToList() : names;
    }

    /// <summary>A whole-line date: 成文日期, or 印发日期 when 印发 follows.</summary>
    public bool IsDate(out DateOnly date, out bool printed)
    {
        if (!_dateKnown)
        {
            _date = WrittenDate.IsWholeLine(Compact, out var d, out var p) ? (d, p) : null;
            _dateKnown = true;
        }
        (date, printed) = _date ?? default;
        return _date is not null;
    }
    (DateOnly, bool)? _date;
    bool _dateKnown;

    [GeneratedRegex(@"^(抄送|抄报|报送|送)\s*:")]
    private static partial Regex CopyToPattern();

    public bool IsCopyTo => CopyToPattern().IsMatch(Compact);

    [GeneratedRegex(@"印发$|^[(（]?共印\d+份[)）]?$|^[(（](网络传输|此件公开发布|此件主动公开|主动公开|此件不公开|此页无正文)[)）]$")]
    private static partial Regex ImprintPattern();

    /// <summary>印发机关和印发日期 ("某某办公室 2020年4月21日印发") or a 版记 remark.</summary>
    public bool IsImprint => Compact.Length <= 60 && ImprintPattern().IsMatch(Compact);

    [GeneratedRegex(@"^附\s*件?\s*([0-9一二三四五六七八九十]{1,3})?\s*[:.、]?$")]
    private static partial Regex BareAttachmentLabel();

    [GeneratedRegex(@"^(附\s*件|附)\s*([0-9一二三四五六七八九十]{1,3})?\s*[:.、]?\s*(.*)$")]
    private static partial Regex AttachmentLine();

    /// <summary>附件, 附件1, 附件一: — a label alone on its line.</summary>
    public bool IsBareAttachmentLabel => BareAttachmentLabel().IsMatch(Compact);

    /// <summary>A line starting with 附件 / 附：, with what follows the label (the first item, or an attachment's title).</summary>
    public string? AfterAttachmentLabel => _afterLabel.Get(this, static s => s.AfterLabel());
    Cached<string?> _afterLabel;

    string? AfterLabel() =>
        Compact.StartsWith('附') && Compact.Length <= 120 && AttachmentLine().Match(Compact) is { Success: true } m
        && (m.Groups[1].Value.StartsWith("附件") || m.Groups[2].Success || Compact.StartsWith("附:"))
            ? m.Groups[3].Value : null;

    /// <summary>A parenthesised remark (附注): （此件公开发布）, （联系人：…）.</summary>
    public bool IsRemark => Compact.Length <= 120 && Compact[0] is '(' && Compact[^1] is ')' && Compact.IndexOf(')') == Compact.Length - 1;

    [GeneratedRegex(@"^(附[:：]?\s*)?(名词解释|术语解释|名词释义)\s*[:：]?$")]
    private static partial Regex GlossaryHeading();

    /// <summary>名词解释: the heading of a glossary, which the Outline stage reads wherever it stands.</summary>
    public bool IsGlossaryHeading => GlossaryHeading().IsMatch(Compact);

    // ---- body -------------------------------------------------------------------------------------

    /// <summary>A table row: cells separated by tabs or bars.</summary>
    public bool IsTableRow => _tableRow ??= Text.Contains('\t') || Text.Contains('|') && Text.Split('|').Count(c => c.Trim().Length > 0) >= 2 && !IsDisclosure;
    bool? _tableRow;

    /// <summary>The cells of a table row.</summary>
    public IReadOnlyList<string> Cells =>
        (Text.Contains('\t') ? Text.Split('\t') : Text.Split('|')).Select(c => c.Trim()).Where((c, i) => c.Length > 0 || i > 0).ToList();

    [GeneratedRegex(@"^目\s*录$|^目\s*次$")]
    private static partial Regex ContentsHeading();

    [GeneratedRegex(@"([.…·．_—\-]{3,}|\s{2,})\s*\(?\d{1,3}\)?$|[\u4e00-\u9fff）)]\s*\d{1,3}$")]
    private static partial Regex ContentsEntry();

    public bool IsContentsHeading => ContentsHeading().IsMatch(Compact);

    /// <summary>A line of a table of contents: an entry ending in a page number, usually after dotted leaders.</summary>
    public bool IsContentsEntry => Probe.Length <= 90 && !HasSentenceStop(Probe) && ContentsEntry().IsMatch(Probe.TrimEnd());

    /// <summary>Long enough and with sentence punctuation: prose.</summary>
    public bool IsProse => Compact.Length >= 30 && (HasSentenceStop(Compact) || Compact.Contains(','));
}
