namespace Search.Responses;

/// <summary>The corpus quality report of the index being served (<c>GET /api/quality</c>): per field found and missing with where
/// it was found, per format, warnings counted per kind with one page of them, and the files that could not be read.</summary>
/// <param name="WarningCounts">Warnings per kind over the whole collection.</param>
/// <param name="WarningTotal">Warnings of the asked kind (all kinds when none is asked); <see cref="Warnings"/> holds one page.</param>
public sealed record QualityResponse(int Documents, IReadOnlyDictionary<string, IngestReport.FieldCount> Fields,
    IReadOnlyDictionary<string, IngestReport.FormatCount> Formats, IReadOnlyDictionary<string, int> WarningCounts, int WarningTotal,
    int Page, int PageSize, IReadOnlyList<QualityWarning> Warnings, IReadOnlyList<IngestReport.Failure> Failed)
{
    public static QualityResponse From(IngestReport.Report report, string? kind, int page, int size)
    {
        var counts = report.Warnings.GroupBy(w => w.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var chosen = string.IsNullOrEmpty(kind) ? report.Warnings : report.Warnings.Where(w => w.Kind == kind).ToList();
        return new QualityResponse(report.Documents, report.Fields, report.Formats, counts, chosen.Count, page, size,
            chosen.Skip((page - 1) * size).Take(size).Select(w => new QualityWarning(w.Source, Ingest.DocumentIngestor.DocumentId(w.Source), w.Kind, w.Detail)).ToList(),
            report.Failed);
    }
}

/// <summary>One warning about an indexed document, with the id that opens it (<c>/api/documents/{id}</c>).</summary>
public sealed record QualityWarning(string Source, string DocId, string Kind, string Detail);
