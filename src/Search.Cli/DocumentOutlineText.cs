using Search.Ingest;

namespace Search.Cli;

/// <summary>The readable (non-JSON) form of a policy document for <c>ingest</c> and <c>show</c>: metadata, outline with measures, glossary, removed blocks.</summary>
public static class DocumentOutlineText
{
    public static string Render(IngestJson.DocumentView d)
    {
        var m = d.Metadata;
        var lines = new List<string>
        {
            d.Title,
            $"  id {d.Id} · source {d.Source}",
            $"  region {string.Join(" / ", new[] { m.Province, m.City, m.District }.Where(x => x is not null))} · issuer {m.Issuer ?? "?"} · type {m.Type ?? "?"}",
            $"  years {string.Join("–", m.Years)} · date {m.Date ?? "?"} · number {m.Number ?? "-"} · index {m.IndexNumber ?? "-"}{(m.Draft ? " · draft" : "")}",
            "",
        };
        string? lastSection = null;
        foreach (var measure in d.Measures)
        {
            // The deepest heading whose path prefixes the measure's path is the section it sits in.
            var section = d.Sections.Where(s => s.Path != measure.Path && measure.Path.StartsWith(s.Path, StringComparison.Ordinal))
                .OrderByDescending(s => s.Path.Length).FirstOrDefault();
            if (section is not null && section.Path != lastSection)
            {
                lines.Add($"{section.Path} {section.Title}");
                lastSection = section.Path;
            }
            var text = measure.Text.Replace('\n', ' ');
            lines.Add($"  [{measure.Path}] {(text.Length > 60 ? text[..60] + "…" : text)}{(measure.Departments.Count > 0 ? $"  ({string.Join("、", measure.Departments)})" : "")}");
        }
        if (d.Glossary.Count > 0)
        {
            lines.Add("");
            lines.Add("名词解释");
            lines.AddRange(d.Glossary.Select(g => $"  {g.Term}: {g.Definition}"));
        }
        lines.Add("");
        lines.Add($"{d.Measures.Count} measures, {d.Glossary.Count} glossary entries, {d.Removed.Count} removed blocks:");
        lines.AddRange(d.Removed.Select(r => $"  - {r.Reason}: {Short(r.Text)}"));
        return string.Join('\n', lines);
    }

    static string Short(string text)
    {
        var flat = text.Replace('\n', ' ');
        return flat.Length > 50 ? flat[..50] + $"… ({text.Length} chars)" : flat;
    }
}
