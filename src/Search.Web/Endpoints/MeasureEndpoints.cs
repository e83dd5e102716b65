using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Web.Services;
using Search.Web.Similarity;

namespace Search.Web.Endpoints;

/// <summary><c>/api/measures/{id}</c> and <c>/api/measures/{id}/similar</c>: one measure, and measures like it in other districts.</summary>
public static class MeasureEndpoints
{
    public static IEndpointRouteBuilder MapMeasureEndpoints(this IEndpointRouteBuilder app)
    {
        var measures = app.MapGroup("/api/measures").WithTags("Measures");
        measures.MapGet("/{id}", Get).WithName("GetMeasure").WithSummary("One measure with its document's metadata and its place in the document.");
        measures.MapGet("/{id}/similar", Similar).WithName("SimilarMeasures")
            .WithSummary("Measures like this one in other districts, best first, with the terms they share.");
        return app;
    }

    static Results<Ok<StoredMeasure>, ProblemHttpResult> Get(string id, PolicyLibrary library) =>
        library.Measure(id) is { } measure ? TypedResults.Ok(measure) : Problems.NotFound($"unknown measure id '{id}'");

    static Results<Ok<SimilarResponse>, ProblemHttpResult> Similar(
        string id, string? top, PolicyLibrary library, ISimilarMeasureFinder finder, IOptions<SearchWebOptions> options)
    {
        int count = SearchParameters.Number("top", top, 10, 1, options.Value.Limits.MaxSimilar);
        var measure = library.Measure(id);
        if (measure is null) return Problems.NotFound($"unknown measure id '{id}'");
        return TypedResults.Ok(new SimilarResponse(measure.Id, measure.District, finder.Find(measure.Id, count)));
    }

    /// <summary>The measure asked about and its similar measures from other districts.</summary>
    public sealed record SimilarResponse(string MeasureId, string District, IReadOnlyList<SimilarMeasure> Hits);
}
