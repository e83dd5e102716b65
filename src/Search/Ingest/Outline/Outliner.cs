using System.Text;
using System.Text.RegularExpressions;

namespace Search.Ingest.Outline;

/// <summary>Outline stage: finds the heading hierarchy (一、 / (一) / 1. / (1) / ① / —— goals), cuts measures, separates the glossary (名词解释) and responsibility trailers (牵头部门 / 责任部门).</summary>
public sealed partial class Outliner
{
    const int GoalLevel = 6;

    /// <summary>A heading and what hangs under it; paragraphs are [start, end) ranges of the clean text.</summary>
    sealed class Node(int level, string marker, int lineStart, int contentStart, int lineEnd, Node? parent)
    {
        public readonly int Level = level;
        public readonly string Marker = marker;
        public readonly int LineStart = lineStart;
        public readonly int ContentStart = contentStart;
        public readonly int LineEnd = lineEnd;
        public readonly Node? Parent = parent;
        public readonly List<(int Start, int End)> Body = [];
        public readonly List<Node> Children = [];
        public string Path = "";
    }

    [GeneratedRegex(@"^([一二三四五六七八九十百零〇]+)\s*[、.．]\s*")] private static partial Regex Chapter();
    [GeneratedRegex(@"^[(]\s*([一二三四五六七八九十]+)\s*[)]\s*[、.．]?\s*")] private static partial Regex Section2();
    [GeneratedRegex(@"^(\d{1,3})\s*[.、](?!\d)\s*")] private static partial Regex Item();
    [GeneratedRegex(@"^[(]\s*(\d{1,3})\s*[)]\s*[、.．]?\s*")] private static partial Regex SubItem();
    [GeneratedRegex(@"^([①-⑳])\s*")] private static partial Regex Circled();
    [GeneratedRegex(@"^(——|—|--)\s*")] private static partial Regex Goal();
    [GeneratedRegex(@"^(附[:：]?\s*)?(名词解释|术语解释|名词释义)\s*[:：]?$")] private static partial Regex GlossaryHeader();
    [GeneratedRegex(@"^(?:\d{1,3}\s*[.、]\s*)?([^:：，。]{1,20})[:：]\s*(.+)$")] private static partial Regex GlossaryLine();

    public DocumentOutline Outline(string cleanText, string documentId)
    {
        var root = new Node(0, "", 0, 0, 0, null);
        var open = root;
        var glossary = new List<GlossaryEntry>();
        bool inGlossary = false;

        int start = 0;
        foreach (var paragraph in cleanText.Split('\n'))
        {
            int end = start + paragraph.Length;
            var probe = Probe(paragraph);
            if (GlossaryHeader().IsMatch(probe))
                inGlossary = true;
            else if (inGlossary && GlossaryLine().Match(paragraph) is { Success: true } entry)
                glossary.Add(new GlossaryEntry(entry.Groups[1].Value.Trim(), entry.Groups[2].Value.Trim()));
            else
            {
                inGlossary = false;
                if (Heading(probe, open) is { } heading)
                {
                    while (open.Level >= heading.Level)
                        open = open.Parent!;
                    var node = new Node(heading.Level, heading.Marker, start, start + heading.Length, end, open);
                    open.Children.Add(node);
                    open = node;
                }
                else
                    open.Body.Add((start, end));
            }
            start = end + 1;
        }

        var sections = new List<Section>();
        var measures = new List<Measure>();
        var paths = new HashSet<string>();
        foreach (var node in Walk(root).Skip(1))
        {
            node.Path = Unique(JoinPath(node.Parent!.Path, node.Marker), paths);
            if (node.Level <= 2 || node.Children.Count > 0 && node.Level < GoalLevel)
                sections.Add(new Section(node.Path, node.Level, HeadingTitle(cleanText[node.ContentStart..node.LineEnd]), node.LineStart));

            if (node.Children.Count == 0)
            {
                int end = node.Body.Count > 0 ? node.Body[^1].End : node.LineEnd;
                var heading = cleanText[node.ContentStart..node.LineEnd];
                if (node.Body.Count == 0 && heading.Length < 30 && !heading.Contains('。'))
                    continue; // an empty section heading, not a measure
                var title = node.Body.Count > 0 ? HeadingTitle(heading) : FirstSentenceTitle(heading);
                if (node.Body.Count == 1 && Enumeration(cleanText, node.Body[0]) is { Count: > 1 } points)
                {
                    // A titled section whose only paragraph reads 一是… 二是… 三是…: each point is a measure.
                    foreach (var (marker, s, e) in points)
                        Add(Unique(JoinPath(node.Path, marker), paths), title, s, e);
                    continue;
                }
                Add(node.Path, title, node.ContentStart, end);
            }
            else
            {
                int k = 0;
                foreach (var (s, e) in node.Body.Where(b => b.End - b.Start >= 15))
                    Add(Unique(JoinPath(node.Path, $"¶{++k}"), paths), null, s, e);
            }
        }
        return new DocumentOutline(sections, measures, glossary);

        void Add(string path, string? title, int s, int e)
        {
            var (textEnd, departments, lead) = Responsibility.Split(cleanText, s, e);
            var text = cleanText[s..textEnd];
            if (text.Length == 0)
                return;
            measures.Add(new Measure($"{documentId}-{measures.Count + 1:D3}", path, title, text, departments, lead, s, textEnd));
        }
    }

    const string Numerals = "一二三四五六七八九十";

    /// <summary>Splits a paragraph that opens with 一是 at each following 二是, 三是, … that starts a sentence; empty when it is no such list.</summary>
    static List<(string Marker, int Start, int End)> Enumeration(string text, (int Start, int End) paragraph)
    {
        var points = new List<(string, int, int)>();
        var folded = ChineseScript.ToSimplified(text[paragraph.Start..paragraph.End]);
        if (!folded.StartsWith("一是"))
            return points;
        int from = 0;
        for (int n = 1; n < Numerals.Length; n++)
        {
            var next = Numerals[n] + "是";
            int at = from;
            do at = folded.IndexOf(next, at + 1, StringComparison.Ordinal);
            while (at > 0 && folded[at - 1] is not ('。' or '；' or ';' or '!' or '！'));
            if (at < 0)
                break;
            points.Add(($"{Numerals[n - 1]}是", paragraph.Start + from + 2, paragraph.Start + at));
            from = at;
        }
        points.Add(($"{Numerals[points.Count]}是", paragraph.Start + from + 2, paragraph.End));
        return points;
    }

    /// <summary>Folded, half-width view of a paragraph's start, for heading and glossary matching (one char per char).</summary>
    static string Probe(string paragraph)
    {
        var chars = ChineseScript.ToSimplified(paragraph).ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            chars[i] = chars[i] switch
            {
                >= '０' and <= '９' => (char)(chars[i] - '０' + '0'),
                '（' => '(',
                '）' => ')',
                '．' => '.',
                '：' => ':',
                _ => chars[i],
            };
        return new string(chars);
    }

    static (int Level, string Marker, int Length)? Heading(string probe, Node open)
    {
        if (Chapter().Match(probe) is { Success: true } m1) return (1, m1.Groups[1].Value + "、", m1.Length);
        if (Section2().Match(probe) is { Success: true } m2) return (2, $"({m2.Groups[1].Value})", m2.Length);
        if (Item().Match(probe) is { Success: true } m3) return (3, m3.Groups[1].Value, m3.Length);
        if (SubItem().Match(probe) is { Success: true } m4) return (4, $"({m4.Groups[1].Value})", m4.Length);
        if (Circled().Match(probe) is { Success: true } m5) return (5, m5.Groups[1].Value, m5.Length);
        if (Goal().Match(probe) is { Success: true } m6)
        {
            var parent = open.Level >= GoalLevel ? open.Parent! : open;
            return (GoalLevel, $"——{parent.Children.Count(c => c.Level == GoalLevel) + 1}", m6.Length);
        }
        return null;
    }

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
