using Microsoft.AspNetCore.Http.HttpResults;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>/healthz</c>: the process is up and the index answers; <c>/api/quality</c>: how well the indexed collection was read.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Health).WithTags(ApiTags.Health).WithName("Health").WithSummary("Status and the size of the current index commit.");
        app.MapGet("/api/quality", Quality).WithTags(ApiTags.Quality).WithName("Quality")
            .WithSummary("The corpus quality report of the served index: per field found and missing with where it was found, per format, warnings per kind with one page of them (kind= to pick one), the files that could not be read.")
            .WithUserErrors();
        return app;
    }

    static Ok<QualityResponse> Quality([Microsoft.AspNetCore.Mvc.FromQuery(Name = "kind")] string? kind, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] string? page,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "size")] string? size, PolicyLibrary library)
    {
        if (kind is { Length: > 60 } || kind?.Any(char.IsControl) == true) throw new UserError("警告类别无效（kind is not a warning kind）");
        return TypedResults.Ok(library.Quality(string.IsNullOrWhiteSpace(kind) ? null : kind.Trim(),
            SearchParameters.Number("page", page, 1, 1, 100_000), SearchParameters.Number("size", size, 50, 1, 500)));
    }

    static Ok<HealthResponse> Health(PolicyLibrary library) => TypedResults.Ok(library.Health());
}
