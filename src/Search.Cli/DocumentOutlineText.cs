using Search.Ingest;

namespace Search.Cli;

/// <summary>The readable (non-JSON) form of a policy document for <c>ingest</c> and <c>show</c>: metadata with where each
/// field was found, the parts around the body, the outline with measures, glossary, removed blocks.</summary>
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
            $"  years {string.Join("–", m.Years)} · date {m.Date ?? "?"} · published {m.PublishedDate ?? "?"} · number {m.Number ?? "-"} · index {m.IndexNumber ?? "-"}{(m.Draft ? " · draft" : "")}",
        };
        if (m.Sources.Count > 0)
            lines.Add("  found: " + string.Join(" · ", m.Sources.Select(s => $"{s.Key} {s.Value}")));
        if (m.Format is not null || m.OcrPages.Count > 0)
            lines.Add($"  format {m.Format ?? "?"}{(m.OcrPages.Count > 0 ? $" · OCR pages {string.Join(',', m.OcrPages)}" : "")}");
        // The document's parts other than its body, in order: the page, a cover notice, the head, the closing, attachments.
        var others = d.Parts.Where(p => p.Kind is not ("measure" or "heading" or "text" or "glossary")).ToList();
        if (others.Count > 0)
        {
            lines.Add("");
            lines.AddRange(others.Select(p => $"  [{(p.Attachment > 0 ? "附件" + p.Attachment : ZoneName(p.Zone))}] {p.Name ?? p.Kind}: {Short(p.Text ?? "")}"));
        }
        lines.Add("");
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

    static string ZoneName(string zone) => zone switch { "page" => "网页", "cover" => "印发/转发通知", "attachment" => "附件", _ => "正文文件" };

    static string Short(string text)
    {
        var flat = text.Replace('\n', ' ');
        return flat.Length > 50 ? flat[..50] + $"… ({text.Length} chars)" : flat;
    }
}
