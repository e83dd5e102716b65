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
            "The matching measures of every district, side by side: complete document and measure counts per district, the first `limit` districts (most matching documents first) with their best measures.",
            (p, library, limits) => library.Compare(p.QueryText(limits), p.RowLimit(limits, 50)));
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
        app.MapQuery("/api/matrix", ApiTags.Matrix, "Matrix",
            "District × year: matching measures (and documents) per district and year over every match, rows grouped by province and city, the first year each district matches.",
            (p, library, limits) => library.Matrix(p.QueryText(limits), p.RowLimit(limits, limits.MaxRows)));
        return app;
    }

    /// <summary>A GET endpoint that answers a query with one typed response.</summary>
    static RouteHandlerBuilder MapQuery<T>(this IEndpointRouteBuilder app, string path, string tag, string name, string summary,
        Func<SearchParameters, PolicyLibrary, SearchWebOptions.LimitSettings, T> answer) =>
        app.MapGet(path, ([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options) =>
                TypedResults.Ok(answer(p, library, options.Value.Limits)))
            .WithTags(tag).WithName(name).WithSummary(summary).WithUserErrors();
}
