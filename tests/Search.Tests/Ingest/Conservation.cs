using Search.Ingest;
using Search.Ingest.Parts;
using Xunit;

namespace Search.Tests.Ingest;

/// <summary>The conservation property of ingestion: every character of the text as read ends in exactly one place — the
/// clean text or a removed block with a reason — and every character of the clean text lies in exactly one part.</summary>
public static class Conservation
{
    /// <summary>Ingests <paramref name="text"/> and returns what breaks conservation (empty when it holds).</summary>
    public static List<string> Violations(string text, string source = "conservation.txt")
    {
        var (document, layout) = new DocumentIngestor().Trace(text, source);
        return Violations(text, document, layout);
    }

    public static void Holds(string text, string source = "conservation.txt")
    {
        var violations = Violations(text, source);
        Assert.True(violations.Count == 0, $"{source}: conservation broken:\n" + string.Join("\n", violations.Take(10)));
    }

    internal static List<string> Violations(string read, PolicyDocument document, DocumentLayout layout)
    {
        var problems = new List<string>();
        var clean = document.CleanText;

        // 1. Parts tile the clean text: in order, no overlap, nothing but a paragraph break between two of them.
        int cursor = 0;
        foreach (var part in document.Parts)
        {
            if (part.Start < cursor)
                problems.Add($"part {part.Kind} [{part.Start},{part.End}) overlaps the part before (ends at {cursor})");
            else if (part.Start > cursor && clean[cursor..part.Start].Any(c => c != '\n'))
                problems.Add($"clean text [{cursor},{part.Start}) is in no part: '{Short(clean[cursor..part.Start])}'");
            if (part.End <= part.Start || part.End > clean.Length)
                problems.Add($"part {part.Kind} has a bad span [{part.Start},{part.End})");
            cursor = Math.Max(cursor, part.End);
        }
        if (cursor < clean.Length && clean[cursor..].Any(c => c != '\n'))
            problems.Add($"clean text from {cursor} is in no part: '{Short(clean[cursor..])}'");

        // Each measure lies in exactly one measure part, and its text is its span of the clean text.
        foreach (var m in document.Measures)
        {
            var owners = document.Parts.Where(p => p.MeasureId == m.Id).ToList();
            if (owners.Count != 1 || owners[0].Start > m.Start || owners[0].End < m.End)
                problems.Add($"measure {m.Id} ({m.Path}) is not inside exactly one measure part");
            if (m.End > clean.Length || clean[m.Start..m.End] != m.Text)
                problems.Add($"measure {m.Id} text is not its span of the clean text");
        }

        // 2. Every visible character as read is in the clean text or in a removed block, once.
        var seen = new int[read.Length];
        var separators = layout.Paragraphs.Take(layout.Paragraphs.Count - 1).Select(p => p.End).ToHashSet();
        for (int i = 0; i < clean.Length; i++)
        {
            if (separators.Contains(i))
                continue;
            int at = layout.ToOriginal(i);
            if (at < 0 || at >= read.Length)
                problems.Add($"clean char {i} maps outside the text as read");
            else
            {
                seen[at]++;
                if (clean[i] != read[at] && !(clean[i] is ' ' or '\t' && char.IsWhiteSpace(read[at])))
                    problems.Add($"clean char {i} '{clean[i]}' maps to '{read[at]}'");
            }
        }
        foreach (var r in document.Removed.Where(r => r.Page is null))
        {
            if (r.Start < 0 || r.End > read.Length || r.Start > r.End)
            {
                problems.Add($"removed block '{r.Reason}' has a bad span [{r.Start},{r.End})");
                continue;
            }
            if (read[r.Start..r.End] != r.Text)
                problems.Add($"removed block '{r.Reason}' text differs from its span");
            if (string.IsNullOrWhiteSpace(r.Reason))
                problems.Add("a removed block has no reason");
            for (int i = r.Start; i < r.End; i++)
                seen[i]++;
        }
        for (int i = 0; i < read.Length; i++)
        {
            if (Invisible(read[i]))
                continue;
            if (seen[i] == 0)
                problems.Add($"char {i} '{read[i]}' is lost (neither clean nor removed), near '{Short(read[Math.Max(0, i - 10)..Math.Min(read.Length, i + 10)])}'");
            else if (seen[i] > 1)
                problems.Add($"char {i} '{read[i]}' is in {seen[i]} places");
        }
        return problems;
    }

    static bool Invisible(char c) => char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD';

    static string Short(string s) => s.Length <= 40 ? s.Replace("\n", "⏎") : s[..40].Replace("\n", "⏎") + "…";
}
