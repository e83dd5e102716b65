using Microsoft.AspNetCore.Http.HttpResults;
using Search.Web.Services;

namespace Search.Web.Endpoints;

/// <summary><c>/healthz</c>: the process is up and the index answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Health).WithTags("Health").WithName("Health").WithSummary("Status and the size of the current index commit.");
        return app;
    }

    static Ok<HealthReport> Health(PolicyLibrary library)
    {
        var (documents, measures) = library.Counts();
        return TypedResults.Ok(new HealthReport("ok", documents, measures));
    }

    /// <summary>What <c>/healthz</c> answers.</summary>
    public sealed record HealthReport(string Status, int Documents, int Measures);
}
