using Search.Ingest;
using Search.Ingest.Reading;

namespace Search.Responses;

/// <summary>What ingestion found and missed over a collection (<c>ingest-report</c>, <c>GET /api/quality</c>): per field found and
/// missing with where it was found, per format read, failed and OCR'd, warnings per document (no issuer, no date, an over-long
/// measure, a table inside a measure, OCR'd, parts removed, reader notes) and one line per unreadable file.</summary>
public static class IngestReport
{
    /// <summary>The report's JSON shape (the CLI contract), plus totals per format.</summary>
    public sealed record Report(int Documents, IReadOnlyDictionary<string, FieldCount> Fields, IReadOnlyDictionary<string, FormatCount> Formats,
        IReadOnlyList<Warning> Warnings, IReadOnlyList<Failure> Failed);
    /// <summary>Documents where a metadata field was found or not, and how many found it in each place (署名, 标题…).</summary>
    public sealed record FieldCount(int Found, int Missing, IReadOnlyDictionary<string, int> Sources);
    /// <summary>Files of one format: read, failed, OCR'd.</summary>
    public sealed record FormatCount(int Files, int Documents, int Failed, int Ocr);
    /// <summary>Something a researcher should look at in one document.</summary>
    public sealed record Warning(string Source, string Kind, string Detail);
    /// <summary>A file that could not be ingested.</summary>
    public sealed record Failure(string Source, string Error);

    /// <summary>Measures longer than this many characters are reported (the CLI's default).</summary>
    public const int DefaultLongMeasure = 1500;

    /// <summary>Ingests every corpus file (on every core, results in path order) and tallies the report; one bad file is one failure line.</summary>
    public static Report Build(string corpus, ReadLimits limits, int longMeasure, Action<int, int>? progress = null)
    {
        var files = DocumentIngestor.CorpusFiles(corpus);
        var overrides = MetadataOverride.Table(corpus);
        var ingestor = new DocumentIngestor(limits);
        var outcomes = new (PolicyDocument? Document, string? Error)[files.Count];
        int done = 0, step = Math.Max(1, files.Count / 10);
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (path, source) = files[i];
            try
            {
                outcomes[i] = (ingestor.Ingest(path, corpus, overrides), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var message = e is UserError or IOException or UnauthorizedAccessException ? e.Message : $"internal error: {e.GetType().Name}: {e.Message}";
                // The line names the file already.
                outcomes[i] = (null, message.StartsWith(source + ": ", StringComparison.Ordinal) ? message[(source.Length + 2)..] : message);
            }
            int n = Interlocked.Increment(ref done);
            if (n % step == 0 || n == files.Count) progress?.Invoke(n, files.Count);
        });

        return Tally(files.Select((f, i) => (f.Source, outcomes[i].Document, outcomes[i].Error)).ToList(), longMeasure);
    }

    /// <summary>The report over documents already read (a failed file has no document and its error).</summary>
    /// <remarks>One pass over <paramref name="outcomes"/>, keeping only the tallies: an index's documents can be read one by one.</remarks>
    public static Report Tally(IEnumerable<(string Source, PolicyDocument? Document, string? Error)> outcomes, int longMeasure = DefaultLongMeasure)
    {
        var fields = new SortedDictionary<string, (int Found, int Missing, SortedDictionary<string, int> Sources)>(StringComparer.Ordinal);
        var formats = new SortedDictionary<string, FormatCount>(StringComparer.Ordinal);
        var warnings = new List<Warning>();
        var failed = new List<Failure>();
        int read = 0;
        foreach (var (source, document, error) in outcomes)
        {
            var format = Path.GetExtension(source).TrimStart('.').ToLowerInvariant() is { Length: > 0 } e ? e : "(none)";
            var count = formats.GetValueOrDefault(format) ?? new FormatCount(0, 0, 0, 0);
            if (document is null)
            {
                failed.Add(new Failure(source, error ?? "unreadable"));
                formats[format] = count with { Files = count.Files + 1, Failed = count.Failed + 1 };
                continue;
            }
            read++;
            var m = document.Metadata;
            formats[format] = count with { Files = count.Files + 1, Documents = count.Documents + 1, Ocr = count.Ocr + (m.Ocr ? 1 : 0) };
            foreach (var (name, value, sourceKey) in new (string, object?, string?)[]
            {
                ("title", string.IsNullOrWhiteSpace(document.Title) ? null : document.Title, "title"), ("province", m.Province, "region"), ("city", m.City, "region"),
                ("district", m.District, "region"), ("issuer", m.Issuer, "issuer"), ("type", m.Type, "type"), ("year", m.Year, "year"), ("date", m.Date, "date"),
                ("publishedDate", m.PublishedDate, "publishedDate"), ("number", m.Number, "number"), ("measures", document.Measures.Count > 0 ? 1 : null, null),
            })
            {
                if (!fields.TryGetValue(name, out var tally))
                    tally = (0, 0, new SortedDictionary<string, int>(StringComparer.Ordinal));
                if (value is null)
                    tally.Missing++;
                else
                {
                    tally.Found++;
                    if (sourceKey is not null && m.Sources.GetValueOrDefault(sourceKey) is { } where)
                        tally.Sources[where] = tally.Sources.GetValueOrDefault(where) + 1;
                }
                fields[name] = tally;
            }
            warnings.AddRange(Warnings(document, longMeasure));
        }
        return new Report(read,
            fields.ToDictionary(f => f.Key, f => new FieldCount(f.Value.Found, f.Value.Missing, f.Value.Sources)),
            formats, warnings, failed);
    }

    static IEnumerable<Warning> Warnings(PolicyDocument d, int longMeasure)
    {
        var m = d.Metadata;
        if (m.Issuer is null) yield return new Warning(d.Source, "no issuer", "未找到发文机关，可在 .meta.json 或 metadata.csv 中补充（no issuing body found; set one in a .meta.json sidecar or metadata.csv）");
        if (m.Date is null && m.Year is null) yield return new Warning(d.Source, "no date", "既无成文日期也无年份（neither a date nor a year found）");
        else if (m.Date is null) yield return new Warning(d.Source, "no date", $"只有年份 {m.Year}，无成文日期" + (m.PublishedDate is { } p ? $"，发布日期 {p:yyyy-MM-dd}" : "") + $"（year {m.Year} only, no 成文日期" + (m.PublishedDate is { } q ? $", published {q:yyyy-MM-dd}" : "") + "）");
        if (d.Measures.Count == 0) yield return new Warning(d.Source, "no measures", "未识别出编号条目或措施（no numbered items or measures found）");
        foreach (var measure in d.Measures)
        {
            if (measure.Text.Length > longMeasure)
                yield return new Warning(d.Source, "long measure", $"{measure.Path}：{measure.Text.Length} 字（characters）");
            if (measure.Text.Split('\n').Any(l => new Search.Ingest.Parts.ParagraphShape(l, []).IsTableRow))
                yield return new Warning(d.Source, "table in measure", $"{measure.Path}：措施文字中有表格行（a table row inside the measure's text）");
        }
        if (m.Ocr)
            yield return new Warning(d.Source, "ocr", $"{m.OcrPages.Count} 页文字由 OCR 识别：第 {string.Join(',', m.OcrPages.Take(20))}{(m.OcrPages.Count > 20 ? ",…" : "")} 页（text recognised from an image on {m.OcrPages.Count} page(s)）");
        var removed = d.Removed.Where(r => r.Page is null).ToList();
        if (removed.Count > 0)
        {
            var reasons = removed.GroupBy(r => r.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            yield return new Warning(d.Source, "parts removed", $"删除 {removed.Count} 段、{removed.Sum(r => r.Text.Length)} 字（{removed.Count} block(s), {removed.Sum(r => r.Text.Length)} characters: {string.Join(", ", reasons)}）");
        }
        if (d.Removed.Count(r => r.Page is not null) is var furniture and > 0)
            yield return new Warning(d.Source, "page furniture dropped", $"删除页眉页脚或页码 {furniture} 行（{furniture} running header/footer or page-number line(s)）");
        foreach (var note in m.ReadNotes)
            yield return new Warning(d.Source, "reader note", note);
    }

}
