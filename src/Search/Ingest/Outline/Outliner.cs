using System.Text.RegularExpressions;
using Search.Ingest.Grammar;

namespace Search.Ingest.Outline;

/// <summary>Outline stage: reads the body's numbering (第X章 / 第X条 / 一、 / (一) / 1. / (1) / ① / 【重点任务N】 / —— goals /
/// 一是…二是…) into headings and measures, and separates the glossary (名词解释) and responsibility notes (牵头部门 / 责任部门).
/// Every character of the body ends in one part: a heading, a measure, the glossary or other text.</summary>
public sealed partial class Outliner
{
    /// <summary>A heading and what hangs under it; spans are [start, end) of the clean text.</summary>
    sealed class Node(OutlineMarker? marker, int rank, int lineStart, int contentStart, int lineEnd, Node? parent)
    {
        public readonly OutlineMarker? Marker = marker;
        /// <summary>Nesting rank: a smaller rank encloses a larger one; a named series (【重点任务N】) ranks just under the
        /// heading it first appears under.</summary>
        public readonly int Rank = rank;
        public readonly int LineStart = lineStart;
        public readonly int ContentStart = contentStart;
        public readonly int LineEnd = lineEnd;
        public readonly Node? Parent = parent;
        public readonly List<(int Start, int End)> Body = [];
        /// <summary>Paragraphs after a table or other interruption: text of the section, not of its measure.</summary>
        public readonly List<(int Start, int End)> After = [];
        public readonly List<Node> Children = [];
        public bool Sealed;
        public string Path = "";
        public int Depth => Parent is null ? 0 : Parent.Depth + 1;
        public bool IsHeadingLevel => Marker is { } m && (m.Style <= MarkerStyle.ParenNumeral || m.Style == MarkerStyle.Bracketed);
    }

    [GeneratedRegex(@"^(附[:：]?\s*)?(名词解释|术语解释|名词释义)\s*[:：]?$")] private static partial Regex GlossaryHeader();
    [GeneratedRegex(@"^(?:\d{1,3}\s*[.、]\s*)?([^:：，。]{1,20})[:：]\s*(.+)$")] private static partial Regex GlossaryLine();

    /// <summary>Outlines the whole text as body (every paragraph).</summary>
    public DocumentOutline Outline(string cleanText, string documentId)
    {
        var paragraphs = new List<(int, int, bool)>();
        int start = 0;
        foreach (var p in cleanText.Split('\n'))
        {
            paragraphs.Add((start, start + p.Length, true));
            start += p.Length + 1;
        }
        return Outline(cleanText, documentId, paragraphs);
    }

    /// <summary>Outlines the body paragraphs of <paramref name="cleanText"/>; <paramref name="paragraphs"/> lists the body's
    /// paragraphs in order with a flag: false for a paragraph inside the body that is not text (a table), which ends the
    /// measure before it.</summary>
    public DocumentOutline Outline(string cleanText, string documentId, IReadOnlyList<(int Start, int End, bool Text)> paragraphs)
    {
        var root = new Node(null, -1, 0, 0, 0, null);
        var open = root;
        var glossary = new List<GlossaryEntry>();
        var parts = new List<(PartKind Kind, int Start, int End, string? Measure)>();
        bool inGlossary = false;

        foreach (var (start, end, isText) in paragraphs)
        {
            if (!isText)
            {
                open.Sealed = true;
                inGlossary = false;
                continue;
            }
            var paragraph = cleanText[start..end];
            var probe = TextProbe.Of(paragraph);
            if (GlossaryHeader().IsMatch(probe.Trim()))
            {
                inGlossary = true;
                parts.Add((PartKind.Glossary, start, end, null));
                continue;
            }
            if (inGlossary && GlossaryLine().Match(paragraph) is { Success: true } entry)
            {
                glossary.Add(new GlossaryEntry(entry.Groups[1].Value.Trim(), entry.Groups[2].Value.Trim()));
                parts.Add((PartKind.Glossary, start, end, null));
                continue;
            }
            inGlossary = false;
            if (OutlineMarker.At(probe, 0) is { } marker)
            {
                var parent = Parent(open, marker);
                int rank = marker.Style == MarkerStyle.Bracketed ? parent.Rank + 5 : marker.Rank * 10;
                var node = new Node(marker, rank, start, start + marker.Length, end, parent);
                parent.Children.Add(node);
                open = node;
            }
            else if (open.Sealed)
                open.After.Add((start, end));
            else
                open.Body.Add((start, end));
        }
        return Build(cleanText, documentId, root, glossary, parts);
    }

    /// <summary>Where a new heading hangs: beside the nearest open heading of its series, else under the nearest one that
    /// ranks above it. A goal (——) hangs under the heading it follows, beside other goals.</summary>
    static Node Parent(Node open, OutlineMarker marker)
    {
        if (marker.Style == MarkerStyle.Dash)
            return open.Marker is { Style: MarkerStyle.Dash } ? open.Parent! : open;
        for (var n = open; n.Parent is not null; n = n.Parent)
            if (n.Marker?.Series == marker.Series)
                return n.Parent;
        if (marker.Style == MarkerStyle.Bracketed)
        {
            // A new named series (【专栏1】 after 【重点任务2】) stands beside the series already open, not inside it.
            for (var n = open; n.Parent is not null; n = n.Parent)
                if (n.Marker?.Style == MarkerStyle.Bracketed)
                    return n.Parent;
            return open.Marker is { Style: MarkerStyle.Dash } ? open.Parent! : open;
        }
        int rank = marker.Rank * 10;
        var p = open;
        while (p.Parent is not null && p.Rank >= rank)
            p = p.Parent;
        return p;
    }

    DocumentOutline Build(string cleanText, string documentId, Node root, List<GlossaryEntry> glossary, List<(PartKind Kind, int Start, int End, string? Measure)> parts)
    {
        var sections = new List<Section>();
        var measures = new List<Measure>();
        var paths = new HashSet<string>();
        foreach (var body in root.Body.Concat(root.After))
            parts.Add((PartKind.Text, body.Start, body.End, null));

        foreach (var node in Walk(root).Skip(1))
        {
            var marker = node.Marker!.Value;
            var label = marker.Style == MarkerStyle.Dash ? $"——{node.Parent!.Children.Where(c => c.Marker?.Style == MarkerStyle.Dash).ToList().IndexOf(node) + 1}" : marker.Label;
            node.Path = Unique(JoinPath(node.Parent!.Path, label), paths);
            if (marker.Style <= MarkerStyle.ParenNumeral || node.Children.Count > 0 && marker.Style != MarkerStyle.Dash)
                sections.Add(new Section(node.Path, node.Depth, HeadingTitle(cleanText[node.ContentStart..node.LineEnd]), node.LineStart));
            foreach (var after in node.After)
                parts.Add((PartKind.Text, after.Start, after.End, null));

            if (node.Children.Count == 0)
                Leaf(node);
            else
            {
                parts.Add((PartKind.Heading, node.LineStart, node.LineEnd, null));
                int k = 0;
                foreach (var (s, e) in node.Body)
                {
                    if (e - s >= 15)
                        Add(Unique(JoinPath(node.Path, $"¶{++k}"), paths), null, s, s, e);
                    else
                        parts.Add((PartKind.Text, s, e, null));
                }
            }
        }
        parts.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new DocumentOutline(sections, measures, glossary, parts.Select(p => new OutlinePart(p.Kind, p.Start, p.End, p.Measure)).ToList());

        void Leaf(Node node)
        {
            int end = node.Body.Count > 0 ? node.Body[^1].End : node.LineEnd;
            var heading = cleanText[node.ContentStart..node.LineEnd];
            // A heading-level node with nothing under it and no sentence is a heading (三、工作要求); an item is a measure however short.
            if (node.Body.Count == 0 && node.IsHeadingLevel && heading.Length < 30 && heading.IndexOfAny(['。', '；', ';', '！', '？']) < 0 && !LabelsAValue(heading))
            {
                parts.Add((PartKind.Heading, node.LineStart, node.LineEnd, null)); // an empty section heading, not a measure
                return;
            }
            bool listBody = node.Body.Count == 1 && ChineseScript.ToSimplified(cleanText[node.Body[0].Start..Math.Min(node.Body[0].End, node.Body[0].Start + 2)]) == "一是";
            if ((node.IsHeadingLevel || listBody) && Enumeration(cleanText, node.ContentStart, end) is { Count: > 1 } points)
            {
                // A heading whose content reads 一是… 二是… 三是…: each point is a measure; what comes before is its lead-in.
                int lead = points[0].MarkerStart;
                var leadIn = cleanText[node.ContentStart..Math.Min(lead, node.LineEnd)].TrimEnd();
                var title = leadIn.Length > 0 ? HeadingTitle(leadIn) : HeadingTitle(heading);
                if (lead > node.LineEnd)
                {
                    parts.Add((PartKind.Heading, node.LineStart, node.LineEnd, null));
                    foreach (var (s, e) in node.Body.Where(b => b.End <= lead))
                        parts.Add((PartKind.Text, s, e, null));
                    var partial = node.Body.FirstOrDefault(b => b.Start < lead && b.End > lead);
                    if (partial != default && lead > partial.Start)
                        parts.Add((PartKind.Text, partial.Start, lead, null));
                }
                else if (lead > node.LineStart)
                    parts.Add((PartKind.Heading, node.LineStart, lead, null));
                foreach (var (label, markerStart, s, e) in points)
                    Add(Unique(JoinPath(node.Path, label), paths), title, markerStart, s, e);
                return;
            }
            var measureTitle = node.Body.Count > 0 ? HeadingTitle(heading) : FirstSentenceTitle(heading);
            Add(node.Path, measureTitle, node.LineStart, node.ContentStart, end);
        }

        void Add(string path, string? title, int partStart, int s, int e)
        {
            var (textEnd, departments, lead) = Responsibility.Split(cleanText, s, e);
            var text = cleanText[s..textEnd];
            if (text.Length == 0)
            {
                parts.Add((PartKind.Text, partStart, e, null));
                return;
            }
            var id = $"{documentId}-{measures.Count + 1:D3}";
            measures.Add(new Measure(id, path, title, text, departments, lead, s, textEnd));
            parts.Add((PartKind.Measure, partStart, e, id));
        }
    }

    /// <summary>Splits [start, end) at 一是, 二是, 三是 … in order: the first may follow the heading's words directly ("…职责一是"),
    /// each next one must start a sentence or a paragraph. Empty when there are not two points.</summary>
    static List<(string Label, int MarkerStart, int Start, int End)> Enumeration(string text, int start, int end)
    {
        var points = new List<(string, int, int, int)>();
        var folded = ChineseScript.ToSimplified(text[start..end]);
        int first = FirstPoint(folded);
        if (first < 0)
            return points;
        var starts = new List<(int At, int Length, int N)> { (first, 2, 1) };
        for (int n = 2; n <= 20; n++)
        {
            int from = starts[^1].At + starts[^1].Length;
            int next = NextPoint(folded, Numeral(n) + "是", from);
            // A point numbered twice ("三是…三是…四是") is still two points.
            int repeat = NextPoint(folded, Numeral(n - 1) + "是", from);
            if (repeat >= 0 && (next < 0 || repeat < next))
            {
                starts.Add((repeat, Numeral(n - 1).Length + 1, n - 1));
                n--;
                continue;
            }
            if (next < 0)
                break;
            starts.Add((next, Numeral(n).Length + 1, n));
        }
        if (starts.Count < 2)
            return points;
        for (int i = 0; i < starts.Count; i++)
        {
            int s = starts[i].At + starts[i].Length;
            int e = i + 1 < starts.Count ? starts[i + 1].At : folded.Length;
            // Trailing paragraph breaks belong between points, not to the point before.
            while (e > s && folded[e - 1] == '\n') e--;
            points.Add(($"{Numeral(starts[i].N)}是", start + starts[i].At, start + s, start + e));
        }
        return points;
    }

    /// <summary>Where <paramref name="word"/> (二是, 三是…) next starts a sentence or a paragraph after <paramref name="from"/>, or -1.</summary>
    static int NextPoint(string folded, string word, int from)
    {
        for (int k = folded.IndexOf(word, from, StringComparison.Ordinal); k > 0; k = folded.IndexOf(word, k + 1, StringComparison.Ordinal))
            if (folded[k - 1] is '。' or '；' or ';' or '!' or '！' or '？' or '?' or '\n' or '，' or ',' or '：' or ':')
                return k;
        return -1;
    }

    /// <summary>The first 一是: at a paragraph or sentence start, or straight after a heading's words; not inside a word
    /// (统一是, 唯一是, 第一是).</summary>
    static int FirstPoint(string folded)
    {
        for (int k = folded.IndexOf("一是", StringComparison.Ordinal); k >= 0; k = folded.IndexOf("一是", k + 1, StringComparison.Ordinal))
            if (k == 0 || folded[k - 1] is not ('统' or '唯' or '同' or '第' or '单' or '万' or '之' or '其' or '划' or '均' or '逐' or '专' or '不' or '归' or '十' or '九' or '八' or '七' or '六' or '五' or '四' or '三' or '二' or '一'))
                return k;
        return -1;
    }

    /// <summary>"活动主题：用爱陪伴快乐成长": a heading that states its content after a colon is an item, not a bare heading.</summary>
    static bool LabelsAValue(string heading)
    {
        int colon = heading.IndexOfAny([':', '：']);
        return colon > 0 && heading.Length - colon - 1 >= 2;
    }

    static string Numeral(int n) => n switch
    {
        < 10 => "一二三四五六七八九"[n - 1].ToString(),
        10 => "十",
        < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => "二十",
    };

    static IEnumerable<Node> Walk(Node node)
    {
        yield return node;
        foreach (var child in node.Children)
            foreach (var n in Walk(child))
                yield return n;
    }

    /// <summary>"二、" + "(四)" read as one label; deeper levels are separated by a space: 二、(四) 5.</summary>
    static string JoinPath(string parent, string marker) =>
        parent.Length == 0 ? marker : parent.EndsWith('、') && marker.StartsWith('(') ? parent + marker : parent + " " + marker;

    /// <summary>Numbering that restarts or repeats must still give each measure its own path.</summary>
    static string Unique(string path, HashSet<string> used)
    {
        var candidate = path;
        for (int n = 2; !used.Add(candidate); n++)
            candidate = $"{path}#{n}";
        return candidate;
    }

    static string? HeadingTitle(string heading)
    {
        var first = FirstSentenceTitle(heading);
        if (first is not null)
            return first;
        var trimmed = heading.TrimEnd('。', '；', ';', '：', ':', ' ');
        return trimmed.Length is > 0 and <= 60 ? trimmed : null;
    }

    /// <summary>An item usually opens with a short headline sentence ("加快重点项目建设，提升教育保障水平。").</summary>
    static string? FirstSentenceTitle(string text)
    {
        int stop = text.IndexOfAny(['。', '；']);
        return stop is > 0 and <= 40 && stop < text.Length - 1 ? text[..stop] : null;
    }
}
