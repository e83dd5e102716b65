using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Querying;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>GET /api/search</c>: one page of documents with their best measures, marked snippets and facet counts.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", Search).WithTags(ApiTags.Search).WithName("Search")
            .WithSummary("One page of documents with their best measures, marked snippets and facet counts (the CLI's search --json).")
            .WithUserErrors();
        return app;
    }

    static Ok<SearchResponse> Search([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        return TypedResults.Ok(library.Search(new SearchQuery(p.QueryText(limits), p.PageNumber(), p.PageSize(limits), p.Order())));
    }
}

/// <summary><c>GET /api/compare</c>: the matching measures of every district, side by side.</summary>
public static class CompareEndpoints
{
    public static IEndpointRouteBuilder MapCompareEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compare", Compare).WithTags(ApiTags.Compare).WithName("Compare")
            .WithSummary("The matching measures of every district, side by side.")
            .WithUserErrors();
        return app;
    }

    static Ok<CompareResponse> Compare([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        return TypedResults.Ok(library.Compare(p.QueryText(limits), limits.MaxExportDocuments));
    }
}

/// <summary><c>GET /api/trend</c>: matching documents per year and province.</summary>
public static class TrendEndpoints
{
    public static IEndpointRouteBuilder MapTrendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trend", Trend).WithTags(ApiTags.Trend).WithName("Trend")
            .WithSummary("Matching documents per year and province.")
            .WithUserErrors();
        return app;
    }

    static Ok<TrendResponse> Trend([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        return TypedResults.Ok(library.Trend(p.QueryText(limits), limits.MaxExportDocuments));
    }
}
