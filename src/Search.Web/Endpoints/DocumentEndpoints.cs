using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Search.Responses;

namespace Search.Web.Endpoints;

/// <summary><c>GET /api/documents/{id}</c>: one policy document with its metadata, outline, measures and glossary.</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/documents/{id}", Get).WithTags(ApiTags.Documents).WithName("GetDocument")
            .WithSummary("Metadata, outline (sections), measures and glossary; with q, the measures where the query matches come back marked.")
            .WithUserErrors().WithNotFound();
        return app;
    }

    static Ok<DocumentResponse> Get(string id, [FromQuery(Name = "q")] string? q, PolicyLibrary library, IOptions<SearchWebOptions> options) =>
        TypedResults.Ok(library.Document(id, string.IsNullOrWhiteSpace(q) ? null : SearchParameters.Text(q, options.Value.Limits)));
}
