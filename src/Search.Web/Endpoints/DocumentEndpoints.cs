using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Web.Services;

namespace Search.Web.Endpoints;

/// <summary><c>/api/documents/{id}</c>: one policy document with its metadata, outline, measures and glossary.</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/documents").WithTags("Documents")
            .MapGet("/{id}", Get).WithName("GetDocument")
            .WithSummary("Metadata, outline (sections), measures and glossary; with q, the measures where the query matches come back marked.");
        return app;
    }

    static Results<Ok<object>, ProblemHttpResult> Get(string id, string? q, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var document = library.Document(id);
        if (document is null) return Problems.NotFound($"unknown document id '{id}'");
        IReadOnlyDictionary<string, string> marks = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = new SearchParameters(q, null, null, null, null, null, null, null, null).QueryText(options.Value.Limits);
            var (found, error) = library.MarkMeasures(document, text);
            if (error is not null) return Problems.Syntax(error, text);
            marks = found!;
        }
        return TypedResults.Ok<object>(new
        {
            id = document.Id, source = document.Source, title = document.Title, metadata = document.Metadata,
            sections = document.Sections, measures = document.Measures, glossary = document.Glossary,
            // Whole measure texts, HTML-escaped, with <mark> around the query's matches (only tags the page lets through).
            highlights = marks,
        });
    }
}
