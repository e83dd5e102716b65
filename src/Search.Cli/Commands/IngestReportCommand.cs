using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Search.Ingest;
using Search.Ingest.Reading;
using Search.Responses;

namespace Search.Cli.Commands;

/// <summary><c>ingest-report</c>: what ingestion found and missed over a whole corpus folder — per field and per format totals,
/// warnings per document (no issuer, no date, an over-long measure, a table inside a measure, OCR'd, parts removed, reader
/// notes) and one line per unreadable file — without building an index.</summary>
public static class IngestReportCommand
{
    public static Command Create(CliOptions o)
    {
        var longMeasure = new Option<int>("--long-measure") { Description = "Warn about measures longer than this many characters", DefaultValueFactory = _ => 1500 };
        var noOcr = new Option<bool>("--no-ocr") { Description = "Do not OCR scans and images (same as SEARCH_OCR=0)" };
        var command = new Command("ingest-report", "What ingestion found and missed in the corpus: fields found per document, warnings, unreadable files (no index is built)") { longMeasure, noOcr };
        command.SetAction(parse =>
        {
            var corpus = parse.GetValue(o.Corpus)!;
            if (!Directory.Exists(corpus))
                throw new UserError($"corpus folder not found: {corpus}");
            int limit = parse.GetValue(longMeasure);
            if (limit < 50) throw new UserError("--long-measure must be at least 50");
            var limits = parse.GetValue(noOcr) ? new ReadLimits { Ocr = false } : ReadLimits.Default;
            var clock = Stopwatch.StartNew();
            var report = IngestReport.Build(corpus, limits, limit, (done, total) => Console.Error.WriteLine($"ingest-report: {done}/{total} files ({done * 100 / Math.Max(total, 1)}%, {clock.Elapsed.TotalSeconds:0} s)"));
            Console.Out.WriteLine(parse.GetValue(o.Json) ? Json.Serialize(report) : Render(report));
            return 0;
        });
        return command;
    }

    static string Render(IngestReport.Report r)
    {
        var text = new StringBuilder();
        text.AppendLine($"{r.Documents} documents read, {r.Failed.Count} unreadable");
        text.AppendLine("field        found  missing");
        foreach (var (name, count) in r.Fields)
            text.AppendLine($"{name,-11} {count.Found,6} {count.Missing,8}");
        text.AppendLine("format       files  read  failed  ocr");
        foreach (var (name, count) in r.Formats)
            text.AppendLine($"{name,-11} {count.Files,6} {count.Documents,5} {count.Failed,7} {count.Ocr,4}");
        var kinds = r.Warnings.GroupBy(w => w.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        text.AppendLine("warnings: " + (r.Warnings.Count == 0 ? "none" : string.Join(", ", kinds.Select(g => $"{g.Count()} {g.Key}"))));
        foreach (var w in r.Warnings)
            text.AppendLine($"  {w.Source}: {w.Kind}: {w.Detail}");
        if (r.Failed.Count > 0)
        {
            text.AppendLine("unreadable:");
            foreach (var f in r.Failed)
                text.AppendLine($"  {f.Source}: {f.Error}");
        }
        return text.ToString().TrimEnd();
    }
}
