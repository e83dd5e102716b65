using System.CommandLine;
using Search.Ingest;

namespace Search.Cli.Commands;

/// <summary><c>ingest FILE</c>: run the Ingest stages on one file (no index) and print the PolicyDocument.</summary>
public static class IngestCommand
{
    public static Command Create(CliOptions o)
    {
        var file = new Argument<string>("FILE") { Description = "A .txt, .html/.htm, .docx or .pdf file" };
        var command = new Command("ingest", "Read, clean, outline and describe one file; prints the document (JSON with --json, else a readable outline)") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new UserError($"file not found: {path}");
            var document = new DocumentIngestor().Ingest(path, parse.GetValue(o.Corpus)!);
            Console.Out.WriteLine(parse.GetValue(o.Json) ? IngestJson.Serialize(document) : Readable(document));
            return 0;
        });
        return command;
    }

    static string Readable(PolicyDocument d)
    {
        var m = d.Metadata;
        var lines = new List<string>
        {
            d.Title,
            $"  id {d.Id} · source {d.Source}",
            $"  region {string.Join(" / ", new[] { m.Province, m.City, m.District }.Where(x => x is not null))} · issuer {m.Issuer ?? "?"} · type {m.Type ?? "?"}",
            $"  years {string.Join("–", m.Years)} · date {m.Date?.ToString("yyyy-MM-dd") ?? "?"} · number {m.Number ?? "-"} · index {m.IndexNumber ?? "-"}{(m.Draft ? " · draft" : "")}",
            "",
        };
        // Sections and measures interleaved in document order, indented by depth.
        var entries = d.Sections.Select(s => (s.Start, Line: $"{new string(' ', 2 * (s.Level - 1))}{s.Path} {s.Title}"))
            .Concat(d.Measures.Select(m => (m.Start, Line: $"{new string(' ', 2 * Depth(m.Path))}[{m.Path}] {Short(m.Text, 60)}{(m.Departments.Count > 0 ? $"  ({string.Join("、", m.Departments)})" : "")}")))
            .OrderBy(e => e.Start);
        lines.AddRange(entries.Select(e => e.Line));
        if (d.Glossary.Count > 0)
        {
            lines.Add("");
            lines.Add("名词解释");
            lines.AddRange(d.Glossary.Select(g => $"  {g.Term}: {g.Definition}"));
        }
        lines.Add("");
        lines.Add($"{d.Measures.Count} measures, {d.Glossary.Count} glossary entries, {d.Removed.Count} removed blocks:");
        lines.AddRange(d.Removed.Select(r => $"  - {r.Reason}: {Short(r.Text, 50)} ({r.Text.Length} chars)"));
        return string.Join('\n', lines);
    }

    static int Depth(string path) => path.Count(c => c == ' ' || c == ')') + 1;

    static string Short(string text, int length)
    {
        var flat = text.Replace('\n', ' ');
        return flat.Length > length ? flat[..length] + "…" : flat;
    }
}
