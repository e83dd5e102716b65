using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>GET /api/export</c>: every matching document and measure (not one page), citation-ready, as CSV, XLSX or JSON, written
/// to the response as it is read (memory stays flat whatever the count), in a file named after the query.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export", Export).WithTags(ApiTags.Export).WithName("Export")
            .WithSummary("Every match, one row per matching measure (title, issuer, 文号, 成文日期, years, region, measure path and text, a link to the measure): CSV (UTF-8 with BOM, the default), XLSX or JSON; streamed, in the order of the result pages.")
            .Produces<ExportResponse>(StatusCodes.Status200OK, "application/json")
            .WithMetadata(new CsvAlternative())
            .WithUserErrors();
        return app;
    }

    static async Task Export([AsParameters] SearchParameters p, [FromQuery(Name = "format")] string? format, PolicyLibrary library,
        IOptions<SearchWebOptions> options, HttpContext context)
    {
        var limits = options.Value.Limits;
        var kind = ExportFormats.Parse(format);
        var text = p.QueryText(limits);
        var order = p.Order();
        var request = context.Request;
        // The link opens the page at the measure: the same host the export was asked from.
        string site = $"{request.Scheme}://{request.Host}{request.PathBase}";
        string Link(string docId, string? measureId) =>
            $"{site}/?view=doc&doc={Uri.EscapeDataString(docId)}" + (measureId is null ? "" : $"&m={Uri.EscapeDataString(measureId)}");
        var response = context.Response;
        response.ContentType = ExportFormats.MediaType(kind);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(ExportFormats.FileName(p.Q?.Trim() is { Length: > 0 } q ? $"{q} {p.Province} {p.City} {p.District} {p.Year} {p.Type}" : $"{p.Province} {p.City} {p.District} {p.Year} {p.Type}", kind));
        response.Headers.ContentDisposition = disposition.ToString();
        await library.ExportAsync(text, order, kind, response.Body, Link, context.RequestAborted);
    }
}
