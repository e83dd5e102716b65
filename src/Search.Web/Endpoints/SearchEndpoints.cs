using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Querying;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>GET /api/search</c>, <c>/api/compare</c> and <c>/api/trend</c>: one query (<see cref="SearchParameters"/>), one view
/// of its results each.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapQuery("/api/search", ApiTags.Search, "Search",
            "One page of documents with their best measures, marked snippets and facet counts (the CLI's search --json).",
            (p, library, limits) => library.Search(new SearchQuery(p.QueryText(limits), p.PageNumber(), p.PageSize(limits), p.Order()), p.Q?.Trim()));
        return app;
    }

    public static IEndpointRouteBuilder MapCompareEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapQuery("/api/compare", ApiTags.Compare, "Compare",
            "The matching measures of every district, side by side: complete document and measure counts per district, the first `limit` (20 unless asked) districts (most matching documents first) with their best `measures` measures (3 unless asked, at most 10).",
            (p, library, limits) => library.Compare(p.QueryText(limits), p.RowLimit(limits, 20), p.MeasuresPerDistrict()));
        return app;
    }

    public static IEndpointRouteBuilder MapTrendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapQuery("/api/trend", ApiTags.Trend, "Trend",
            "Matching documents per year and province, over every match; a document covering several years counts in each of them.",
            (p, library, limits) => library.Trend(p.QueryText(limits)));
        return app;
    }

    public static IEndpointRouteBuilder MapMatrixEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/matrix", Matrix).WithTags(ApiTags.Matrix).WithName("Matrix")
            .WithSummary("District × year: matching measures (and documents) per district and year over every match, rows grouped by province and city, the first year each district matches; format=csv for a spreadsheet.")
            .Produces<MatrixResponse>(StatusCodes.Status200OK, "application/json")
            .WithMetadata(new CsvAlternative())
            .WithUserErrors();
        return app;
    }

    static async Task Matrix([AsParameters] SearchParameters p, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "format")] string? format, PolicyLibrary library,
        IOptions<SearchWebOptions> options, HttpContext context)
    {
        var limits = options.Value.Limits;
        bool csv = (format?.Trim() ?? "") switch
        {
            "" or "json" => false,
            "csv" => true,
            var f => throw new UserError($"格式只能是 json 或 csv，而不是“{(f.Length > 20 ? f[..20] + "…" : f)}”（format must be json or csv）"),
        };
        var matrix = library.Matrix(p.QueryText(limits), p.RowLimit(limits, limits.MaxRows));
        if (!csv)
        {
            await context.Response.WriteAsJsonAsync(matrix, context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions, context.RequestAborted);
            return;
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(ExportFormats.FileName($"{p.Q} {p.Province} {p.City} {p.District} {p.Year} {p.Type} 地区年份", ExportFormat.Csv));
        context.Response.Headers.ContentDisposition = disposition.ToString();
        await MatrixCsv.WriteAsync(matrix, context.Response.Body, context.RequestAborted);
    }

    /// <summary>A GET endpoint that answers a query with one typed response.</summary>
    static RouteHandlerBuilder MapQuery<T>(this IEndpointRouteBuilder app, string path, string tag, string name, string summary,
        Func<SearchParameters, PolicyLibrary, SearchWebOptions.LimitSettings, T> answer) =>
        app.MapGet(path, ([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options) =>
                TypedResults.Ok(answer(p, library, options.Value.Limits)))
            .WithTags(tag).WithName(name).WithSummary(summary).WithUserErrors();
}
