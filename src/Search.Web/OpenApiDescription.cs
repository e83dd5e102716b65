using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Search.Web.Endpoints;

namespace Search.Web;

/// <summary>The tags the endpoints are grouped under, one per resource, with the descriptions the OpenAPI document gives them.</summary>
public static class ApiTags
{
    public const string Search = "Search", Compare = "Compare", Trend = "Trend", Matrix = "Matrix", Export = "Export", Documents = "Documents",
        Measures = "Measures", Quality = "Quality", Admin = "Admin", Health = "Health";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Search] = "Query the indexed policy documents: pages of documents with their best measures and facet counts.",
        [Compare] = "The matching measures of every district, side by side.",
        [Trend] = "Matching documents per year and province.",
        [Matrix] = "Matching measures per district and year.",
        [Export] = "Every matching document and measure, citation-ready, as CSV, XLSX or JSON.",
        [Documents] = "Indexed policy documents: metadata, outline, measures and glossary.",
        [Measures] = "Single measures and the measures like them in other districts.",
        [Quality] = "What ingestion found and missed in the indexed collection: fields, formats, warnings, unreadable files.",
        [Admin] = "Re-indexing the corpus; needs the admin bearer token.",
        [Health] = "Whether the server is up and how large its index is.",
    };
}

/// <summary>Marks an endpoint whose 200 response can also be CSV (the OpenAPI document lists both content types).</summary>
public sealed class CsvAlternative;

/// <summary>What the OpenAPI document says beyond the endpoints' own metadata: title and description, server URLs without a
/// trailing slash, tag descriptions, and the admin bearer token as a security scheme (required by the admin operation, none by
/// the others).</summary>
static class OpenApiDescription
{
    const string AdminScheme = "adminToken";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Search API";
            document.Info.Description = "Full-text and semantic search over Chinese education-policy documents. Every error is application/problem+json.";
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Tags = new HashSet<OpenApiTag>(ApiTags.Descriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The token configured as Search:AdminToken (environment Search__AdminToken).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            bool admin = metadata.OfType<AdminTokenRequired>().Any();
            // An endpoint that also answers in CSV: the same 200 response, one more content type.
            if (metadata.OfType<CsvAlternative>().Any() && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            {
                content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }
            operation.Security = admin
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminScheme, context.Document)] = [] }]
                : [];
            return Task.CompletedTask;
        });
    }
}
