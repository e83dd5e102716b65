using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Search.Querying;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>GET /api/export</c>: all matching documents and measures (not one page) as CSV or JSON.</summary>
public static class ExportEndpoints
{
    const int MeasuresPerExportedDocument = 20;

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export", Export).WithTags(ApiTags.Export).WithName("Export")
            .WithSummary("All matching documents and measures (not one page) as CSV (one row per matched measure, UTF-8 with BOM) or JSON.")
            .WithMetadata(new CsvAlternative())
            .WithUserErrors();
        return app;
    }

    static Results<FileContentHttpResult, Ok<SearchResponse>> Export(
        [AsParameters] SearchParameters p, [FromQuery(Name = "format")] string? format, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var kind = (format?.Trim() ?? "") switch
        {
            "" or "csv" => "csv",
            "json" => "json",
            var f => throw new UserError($"format must be csv or json, not '{(f.Length > 20 ? f[..20] + "…" : f)}'"),
        };
        var result = library.SearchAll(p.QueryText(limits), limits.MaxExportDocuments, MeasuresPerExportedDocument, p.Order());
        if (kind == "json") return TypedResults.Ok(SearchResponse.From(result));
        return TypedResults.File(Csv(result), "text/csv; charset=utf-8", "search-export.csv");
    }

    /// <summary>One row per matched measure, plain text with the matches between 【】, UTF-8 with a BOM so spreadsheet programs read the Chinese.</summary>
    static byte[] Csv(SearchResult result)
    {
        var csv = new StringBuilder();
        Row(csv, "doc_id", "title", "province", "city", "district", "years", "type", "issuer", "source", "measure_id", "path", "text", "snippet");
        foreach (var h in result.Hits)
            foreach (var m in h.Measures)
                Row(csv, h.DocId, h.Title, h.Province, h.City, h.District, string.Join(' ', h.Years), h.Type, h.Issuer, h.Source,
                    m.Id, m.Path, m.Text, m.Snippet.Render("【", "】"));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    static void Row(StringBuilder csv, params string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) csv.Append(',');
            var cell = cells[i];
            // A cell starting with = + - @ is a formula to a spreadsheet; a leading quote keeps it text.
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
            csv.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
        }
        csv.Append("\r\n");
    }
}
