namespace Search.Ingest.Grammar;

/// <summary>The genre words that end the title of an official document (工作计划, 实施方案, 通知…), most specific first.</summary>
public static class Genre
{
    /// <summary>Canonical type values; a longer word wins over the shorter one it ends with (实施方案 over 方案).</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "工作计划", "工作总结", "实施方案", "工作要点", "工作方案", "行动计划", "行动方案", "实施意见", "指导意见", "实施细则",
        "工作报告", "发展规划", "管理办法", "实施办法", "工作规则", "工作制度",
        "通知", "通报", "通告", "公告", "意见", "规划", "办法", "方案", "计划", "总结", "要点", "报告", "决定", "细则",
        "请示", "批复", "函", "纪要", "规定", "条例", "章程", "公示", "简报", "决议", "指南", "标准", "守则", "须知",
    ];

    /// <summary>Conjunctions that join two genres of one document: 2022年工作总结及2023年工作计划.</summary>
    static readonly string[] Joins = ["及", "暨", "和", "与", "、", "并"];

    /// <summary>The genre word ending at <paramref name="end"/> in <paramref name="title"/>, longest first.</summary>
    static string? EndingAt(string title, int end)
    {
        foreach (var word in Words)
            if (end >= word.Length && string.CompareOrdinal(title, end - word.Length, word, 0, word.Length) == 0)
                return word;
        return null;
    }

    /// <summary>The document's genres, read from its title (Simplified): the genre that ends the title, and those joined to it
    /// as coordinate parts (…工作总结及…工作计划 is both). The last one comes first: it names what the document is.</summary>
    public static IReadOnlyList<string> Of(string title)
    {
        var trimmed = TrimDecorations(title);
        var genres = new List<string>();
        if (EndingAt(trimmed, trimmed.Length) is not { } last)
        {
            // A title that does not end in a genre word still names one somewhere ("…工作计划调整安排"): the last one wins.
            for (int end = trimmed.Length - 1; end > 0 && genres.Count == 0; end--)
                if (EndingAt(trimmed, end) is { } inner && (inner.Length > 1 || end == trimmed.Length))
                    genres.Add(inner);
            return genres;
        }
        genres.Add(last);
        // Coordinate genres: a genre word followed by a conjunction somewhere before the last one.
        for (int end = trimmed.Length - last.Length - 1; end > 1; end--)
        {
            if (!Joins.Any(j => string.CompareOrdinal(trimmed, end, j, 0, j.Length) == 0))
                continue;
            if (EndingAt(trimmed, end) is { } earlier && !genres.Contains(earlier) && !IsInsideSubject(trimmed, end))
                genres.Insert(1, earlier);
        }
        return genres;
    }

    /// <summary>"关于X及Y的通知": X and Y are the subject, not genres of this document.</summary>
    static bool IsInsideSubject(string title, int at)
    {
        int about = title.IndexOf("关于", StringComparison.Ordinal);
        int of = title.LastIndexOf('的');
        return about >= 0 && about < at && of > at;
    }

    /// <summary>Title without a trailing draft note or bracketed remark: "…实施方案（征求意见稿）" → "…实施方案".</summary>
    public static string TrimDecorations(string title)
    {
        var t = title.Trim();
        while (t.Length > 0 && t[^1] is ')' or '）')
        {
            int open = Math.Max(t.LastIndexOf('('), t.LastIndexOf('（'));
            if (open <= 0)
                break;
            t = t[..open].TrimEnd();
        }
        return t;
    }
}
