using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>/api/measures/{id}</c> and <c>/api/measures/{id}/similar</c>: one measure, and measures like it in other districts.</summary>
public static class MeasureEndpoints
{
    public static IEndpointRouteBuilder MapMeasureEndpoints(this IEndpointRouteBuilder app)
    {
        var measures = app.MapGroup("/api/measures").WithTags(ApiTags.Measures);
        measures.MapGet("/{id}", Get).WithName("GetMeasure").WithSummary("One measure with its document's metadata and its place in the document.")
            .WithUserErrors().WithNotFound();
        measures.MapGet("/{id}/similar", Similar).WithName("SimilarMeasures")
            .WithSummary("Measures like this one in other districts, best first, with the terms they share.")
            .WithUserErrors().WithNotFound();
        return app;
    }

    static Ok<MeasureResponse> Get(string id, PolicyLibrary library) => TypedResults.Ok(library.Measure(id));

    static Ok<SimilarResponse> Similar(string id, [FromQuery(Name = "top")] string? top, PolicyLibrary library, IOptions<SearchWebOptions> options) =>
        TypedResults.Ok(library.Similar(id, SearchParameters.Number("top", top, 10, 1, options.Value.Limits.MaxSimilar)));
}
