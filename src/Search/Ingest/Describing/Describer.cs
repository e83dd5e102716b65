using System.Globalization;
using System.Text.RegularExpressions;
using Search.Ingest.Grammar;
using Search.Ingest.Parts;

namespace Search.Ingest.Describing;

/// <summary>What the Describe stage found: the title as written and the canonical metadata, each field with its source.</summary>
public sealed record Description(string Title, DocumentMetadata Metadata);

/// <summary>Describe stage: title, issuer, region, years, 成文日期 and 发布日期, this document's own 文号, 索引号 and type,
/// each read from the part of the document that states it, in the order an archivist would trust them.</summary>
public sealed partial class Describer(Gazetteer gazetteer)
{
    readonly RegionResolver _regions = new(gazetteer);

    public Describer() : this(Gazetteer.China) { }

    /// <summary>Where a field was found, as shown to the reader.</summary>
    public static class From
    {
        public const string Letterhead = "发文机关标志";
        public const string Signature = "署名";
        public const string Title = "标题";
        public const string IssueNumber = "发文字号";
        public const string Date = "成文日期";
        public const string Dateline = "题注";
        public const string Imprint = "印发日期";
        public const string Disclosure = "政府信息公开表";
        public const string Headline = "网页标题";
        public const string FirstLine = "正文首行";
        public const string Cover = "印发通知";
        public const string Forwarding = "转发语";
        public const string Body = "正文";
        public const string Attachment = "附件";
    }

    public Description Describe(DocumentLayout layout)
    {
        var sources = new Dictionary<string, string>();
        var (title, titleSource) = Title(layout);
        sources["title"] = titleSource;
        var titleProbe = TextProbe.Of(title);

        var issuerFound = Issuer(layout, titleProbe);
        string? issuer = null;
        if (issuerFound is { } found)
        {
            issuer = string.Join("、", found.Names.Select(n => Complete(n, layout)));
            sources["issuer"] = found.Source;
        }

        var documentText = ChineseScript.ToSimplified(string.Concat(layout.Paragraphs.Where(p => p.Zone != PartZone.Page).Select(p => layout.TextOf(p) + "\n")));
        var unit = _regions.Resolve(ChineseScript.ToSimplified(title), issuer, documentText);
        var (province, city, county) = unit is null ? default : gazetteer.Chain(unit);
        // A municipality (北京, 天津, 上海, 重庆) is its own city: its districts sit directly under it, and its own bodies'
        // documents are the city's own, as a prefecture's are.
        if (province is not null && city is null && Gazetteer.IsMunicipality(province))
            city = province;
        if (unit is not null)
            sources["region"] = RegionSource(unit, ChineseScript.ToSimplified(title), issuer);

        var date = DocumentDate(layout, out var dateSource);
        if (date is not null) sources["date"] = dateSource!;
        var published = Disclosed(layout, "发布日期", "发布时间", "时间") is { } p ? WrittenDate.First(TextProbe.Of(p), numericForms: true) : null;
        if (published is not null) sources["publishedDate"] = From.Disclosure;

        var number = Number(layout, out var numberSource);
        if (number is not null) sources["number"] = numberSource!;

        var types = Genre.Of(ChineseScript.ToSimplified(title));
        if (types.Count == 0 && layout.Of(PartKind.Headline).FirstOrDefault() is { } headline)
            types = Genre.Of(ChineseScript.ToSimplified(WithoutSiteSuffix(layout.TextOf(headline))));
        if (types.Count > 0) sources["type"] = From.Title;

        var years = Years(titleProbe);
        if (years.Count > 0)
            sources["year"] = From.Title;
        else if (((date ?? published)?.Year ?? IndexYear(layout)) is int fallback)
        {
            years = [fallback];
            sources["year"] = date is not null ? dateSource! : published is not null ? From.Disclosure : "索引号";
        }

        var metadata = new DocumentMetadata
        {
            Province = province?.Name,
            City = city?.Name,
            District = county?.Name,
            RegionCode = unit?.Code,
            Issuer = issuer,
            Type = types.Count > 0 ? types[0] : null,
            Types = types,
            Years = years,
            Year = years.Count > 0 ? years[0] : null,
            Date = date,
            PublishedDate = published,
            Number = number,
            IndexNumber = IndexNumber(layout),
            Draft = layout.Removed.Any(r => r.Reason == "draft marker"),
            Sources = sources,
        };
        return new Description(title, metadata);
    }

    // ---- title ----------------------------------------------------------------------------------

    static (string Title, string Source) Title(DocumentLayout layout)
    {
        var main = layout.Of(PartKind.Title, PartZone.Main).ToList();
        if (main.Count > 0)
        {
            var printed = Unquoted(WithoutRepostMarks(main.Select(p => (layout.TextOf(p), p.Shape)).ToList()));
            // "某某办公室印发《X》的通知" over X's own text, with no notice of its own (no addressee, no 印发给你们): X.
            if (ForwardingTitle.Enclosed(TextProbe.Of(printed).Replace(" ", "")) is (var enclosed, true) && enclosed.Length >= 4 && !layout.Of(PartKind.Addressee).Any()
                && !layout.Paragraphs.Where(p => p.Zone != PartZone.Page && p.Kind != PartKind.Title).Take(8).Any(p => NoticeWords().IsMatch(p.Shape.Compact)))
                return (enclosed, From.Title);
            return (printed, From.Title);
        }
        if (Disclosed(layout, "标题", "信息名称", "名称") is { Length: > 0 } disclosed)
            return (disclosed, From.Disclosure);
        var cover = layout.Of(PartKind.Title, PartZone.Cover).ToList();
        if (cover.Count > 0)
            return (string.Concat(cover.Select(layout.TextOf)), From.Title);
        if (layout.Of(PartKind.Headline).FirstOrDefault() is { } headline)
            return (WithoutSiteSuffix(WithoutRepostMarks([(layout.TextOf(headline), headline.Shape)])), From.Headline);
        // A repost that has no title line of its own names the document it passes on: "西安市教育局发布《关于…的通知》".
        foreach (var p in layout.Paragraphs.Where(p => p.Zone != PartZone.Page).Take(3))
            if (Announced().Match(layout.TextOf(p)) is { Success: true } announced && ParagraphShape.EndsInGenre(TextProbe.Of(announced.Groups[2].Value)))
                return (announced.Groups[2].Value, From.Forwarding);
        var first = layout.Paragraphs.FirstOrDefault(p => p.Zone != PartZone.Page) ?? layout.Paragraphs.FirstOrDefault();
        if (first is null)
            return ("", From.FirstLine);
        var text = layout.TextOf(first);
        return (text.Length <= 60 ? text : text[..60], From.FirstLine);
    }

    /// <summary>Title lines joined, without a repost's "转发：" before them or "（转发）" after them.</summary>
    static string WithoutRepostMarks(IReadOnlyList<(string Text, ParagraphShape Shape)> lines)
    {
        var parts = lines.Select(l => l.Text).ToList();
        parts[0] = parts[0][lines[0].Shape.RepostPrefixLength..].TrimStart();
        var last = lines[^1].Shape;
        if (last.RepostSuffixLength > 0 && parts[^1].Length >= last.RepostSuffixLength)
            parts[^1] = parts[^1][..^last.RepostSuffixLength].TrimEnd();
        return string.Concat(parts);
    }

    // What a notice of its own says: it passes a document on, addresses bodies or closes as a notice.
    [GeneratedRegex(@"印发|转发|下发|通知如下|特此通知|^各[^,。]{1,40}:")]
    private static partial Regex NoticeWords();

    /// <summary>An enclosed title printed in its book-title marks (《某某规划》) is the title without them.</summary>
    static string Unquoted(string title)
    {
        var t = title.Trim();
        return t.Length > 2 && t[0] == '《' && t[^1] == '》' && t.IndexOf('《', 1) < 0 ? t[1..^1] : title;
    }

    /// <summary>"…的通知--党政办-某某中学" → "…的通知": a page title carries the site's name after a dash or bar.</summary>
    static string WithoutSiteSuffix(string headline)
    {
        var t = headline.Trim();
        while (PartFinder.SiteSuffix().Match(t) is { Success: true } m && m.Index >= 6)
            t = t[..m.Index].Trim();
        return t;
    }

    // ---- issuer ---------------------------------------------------------------------------------

    sealed record IssuerFound(IReadOnlyList<string> Names, string Source);

    IssuerFound? Issuer(DocumentLayout layout, string titleProbe)
    {
        foreach (var zone in new[] { PartZone.Main, PartZone.Cover })
        {
            if (layout.Of(PartKind.Letterhead, zone).FirstOrDefault() is { } head && head.Shape.Letterhead is { } names
                && Organisation.Names(names) is { Count: > 0 } fromHead)
                return new IssuerFound(fromHead, zone == PartZone.Main ? From.Letterhead : From.Cover + From.Letterhead);
            var signature = layout.Of(PartKind.Signature, zone).SelectMany(p => p.Shape.SignatureNames).Distinct().ToList();
            if (signature.Count > 0)
                return new IssuerFound(signature, zone == PartZone.Main ? From.Signature : From.Cover + From.Signature);
            if (zone == PartZone.Main && AtTitleStart(titleProbe, layout, zone) is { Count: > 0 } fromTitle)
                return new IssuerFound(fromTitle, From.Title);
            // The cover notice's own title names who issued it ("某某办公室关于转发…的通知").
            if (zone == PartZone.Cover && layout.Of(PartKind.Title, zone).ToList() is { Count: > 0 } coverTitle
                && AtTitleStart(string.Concat(coverTitle.Select(p => p.Shape.Compact)), layout, zone) is { Count: > 0 } fromCover)
                return new IssuerFound(fromCover, From.Cover + From.Title);
        }
        // "现将X《…》转发给你们": the forwarding notice names who issued the enclosed document.
        foreach (var p in layout.Paragraphs.Where(p => p.Zone == PartZone.Cover))
            if (ForwardedFrom().Match(p.Shape.Compact) is { Success: true } m && Organisation.Names(m.Groups[1].Value) is { Count: > 0 } forwarded)
                return new IssuerFound(forwarded, From.Forwarding);
        foreach (var p in layout.Paragraphs.Where(p => p.Zone != PartZone.Page).Take(3))
            if (Announced().Match(p.Shape.Probe) is { Success: true } announced && Organisation.Names(TrimToName(announced.Groups[1].Value)) is { Count: > 0 } announcer)
                return new IssuerFound(announcer, From.Forwarding);
        if (Disclosed(layout, "发布机构", "发文机关", "发文机构", "发布单位", "发文单位", "信息来源", "来源", "文章来源") is { } disclosed
            && Organisation.Names(TextProbe.Of(disclosed).Trim()) is { Count: > 0 } fromTable)
            return new IssuerFound(fromTable, From.Disclosure);
        return null;
    }

    [GeneratedRegex(@"现将(.{3,40}?)(?:印发的|制定的|下发的)?《")]
    private static partial Regex ForwardedFrom();

    [GeneratedRegex(@"([\u4e00-\u9fff]{3,30}?)(?:近日|日前)?(?:正式)?(?:发布|印发|下发|出台|公布)(?:了)?《([^》]{6,80})》")]
    private static partial Regex Announced();

    /// <summary>The longest tail of <paramref name="words"/> that is a body's name ("6月12日，西安市教育局" → 西安市教育局).</summary>
    static string TrimToName(string words)
    {
        for (int i = 0; i < words.Length - 2; i++)
            if (Organisation.IsName(words[i..]))
                return words[i..];
        return words;
    }

    /// <summary>The bodies named at the start of the title, split where the source had spaces between them.</summary>
    static IReadOnlyList<string> AtTitleStart(string titleProbe, DocumentLayout layout, PartZone zone)
    {
        if (Organisation.AtTitleStart(titleProbe) is not { } names)
            return [];
        var breaks = layout.Of(PartKind.Title, zone).FirstOrDefault()?.Shape.SoftBreaks;
        var split = Organisation.Names(names, breaks);
        return split.Count > 0 ? split : [names];
    }

    /// <summary>A name written short ("学生发展研究室") completed from a longer form the document itself uses
    /// ("绍兴市教育教学研究院学生发展研究室"), which starts with a place name.</summary>
    string Complete(string name, DocumentLayout layout)
    {
        if (StartsWithPlace(name))
            return name;
        var text = ChineseScript.ToSimplified(layout.Text);
        string best = name;
        for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            for (int from = Math.Max(0, at - 24); from < at; from++)
            {
                var longer = text[from..(at + name.Length)];
                if (longer.Length > best.Length && StartsWithPlace(longer) && Organisation.IsName(longer) && longer.All(c => c >= '\u4e00' && c <= '\u9fff'))
                {
                    best = longer;
                    break;
                }
            }
        return best;
    }

    bool StartsWithPlace(string name) =>
        name.StartsWith("中共") || gazetteer.LongestNameAt(name, 0).Name is not null
        || name.Length >= 2 && gazetteer.Named(name[..2] + "省").Count + gazetteer.Named(name[..2] + "市").Count > 0;

    // ---- dates and numbers ----------------------------------------------------------------------

    /// <summary>The value of the first disclosure row naming one of <paramref name="labels"/>.</summary>
    static string? Disclosed(DocumentLayout layout, params string[] labels)
    {
        foreach (var label in labels)
            foreach (var p in layout.Of(PartKind.Disclosure))
                if (p.Shape.DisclosureValue(label) is { } value && value != "本站原创")
                    return value;
        return null;
    }

    static DateOnly? DocumentDate(DocumentLayout layout, out string? source)
    {
        foreach (var (kind, zone, from) in new[]
        {
            (PartKind.Date, PartZone.Main, From.Date), (PartKind.Dateline, PartZone.Main, From.Dateline),
            (PartKind.Date, PartZone.Cover, From.Cover + From.Date),
        })
            foreach (var p in layout.Of(kind, zone))
                if (WrittenDate.First(p.Shape.Probe) is { } d)
                {
                    source = from;
                    return d;
                }
        if (Disclosed(layout, "成文日期", "发文日期", "生成日期", "印发日期") is { } value && WrittenDate.First(TextProbe.Of(value), numericForms: true) is { } disclosed)
        {
            source = From.Disclosure;
            return disclosed;
        }
        foreach (var zone in new[] { PartZone.Main, PartZone.Cover })
            foreach (var p in layout.Of(PartKind.Imprint, zone))
            {
                // "2018年3月21日印发", or with the printing office before it.
                DateOnly? printed = p.Shape.IsDate(out var whole, out _) ? whole : p.Shape.Compact.EndsWith("印发") ? WrittenDate.First(p.Shape.Probe) : null;
                if (printed is { } day)
                {
                    source = From.Imprint;
                    return day;
                }
            }
        source = null;
        return null;
    }

    static string? Number(DocumentLayout layout, out string? source)
    {
        foreach (var zone in new[] { PartZone.Main, PartZone.Cover })
        {
            if (layout.Of(PartKind.IssueNumber, zone).Select(p => p.Shape.IssueNumberLine).FirstOrDefault(n => n is not null) is { } own)
            {
                source = zone == PartZone.Main ? From.IssueNumber : From.Cover + From.IssueNumber;
                return own;
            }
            // A number printed after the date and broken over lines: 绍市教〔 / 2018 / 〕81号.
            var notes = layout.Paragraphs.Where(p => p.Zone == zone && p.Kind is PartKind.Note or PartKind.IssueNumber).ToList();
            var joined = string.Concat(notes.Where(n => n.Shape.Compact.Length <= 12).Select(n => n.Shape.Compact));
            if (joined.Length > 0 && IssueNumber.All(joined).FirstOrDefault() is { Number: not null } split)
            {
                source = From.IssueNumber;
                return split.Number;
            }
        }
        if (Disclosed(layout, "发文字号", "文号", "发布文号") is { } value
            && (IssueNumber.All(TextProbe.Of(value).Replace(" ", "")).FirstOrDefault().Number ?? IssueNumber.Labelled(TextProbe.Of(value))) is { } disclosed)
        {
            source = From.Disclosure;
            return disclosed;
        }
        source = null;
        return null;
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

    [GeneratedRegex(@"索\s*引\s*号\s*[|:：]?\s*([0-9A-Za-z][0-9A-Za-z\-/_.]*)")]
    private static partial Regex IndexNumberLabel();

    static string? IndexNumber(DocumentLayout layout)
    {
        foreach (var p in layout.Of(PartKind.Disclosure))
            if (IndexNumberLabel().Match(layout.TextOf(p)) is { Success: true } m)
                return m.Groups[1].Value;
        return null;
    }

    static int? IndexYear(DocumentLayout layout) =>
        IndexNumber(layout) is { } n && Regex.Match(n, @"/((?:19|20)\d{2})") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    string RegionSource(AdministrativeUnit unit, string title, string? issuer)
    {
        bool Names(string s) => s.Contains(unit.Name) || s.Contains(Gazetteer.ShortName(unit));
        return Names(title) ? From.Title : issuer is not null && Names(issuer) ? "发文机关" : From.Body;
    }
}
