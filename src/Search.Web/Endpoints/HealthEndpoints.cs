using Microsoft.AspNetCore.Http.HttpResults;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>/healthz</c>: the process is up and the index answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Health).WithTags(ApiTags.Health).WithName("Health").WithSummary("Status and the size of the current index commit.");
        return app;
    }

    static Ok<HealthResponse> Health(PolicyLibrary library) => TypedResults.Ok(library.Health());
}
