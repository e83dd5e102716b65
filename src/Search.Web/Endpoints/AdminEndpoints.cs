using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Web.Services;

namespace Search.Web.Endpoints;

/// <summary><c>POST /api/admin/reindex</c>: re-ingest the configured corpus; needs the configured bearer token and is disabled without one.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/admin").WithTags("Admin")
            .MapPost("/reindex", Reindex).WithName("Reindex")
            .WithSummary("Index the corpus again (incremental) and switch searches to the new commit; Authorization: Bearer <Search:AdminToken>.");
        return app;
    }

    static async Task<Results<Ok<object>, ProblemHttpResult>> Reindex(HttpContext context, Reindexer reindexer, IOptions<SearchWebOptions> options)
    {
        var expected = options.Value.AdminToken;
        if (string.IsNullOrEmpty(expected))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "reindexing over HTTP is disabled: set Search:AdminToken (env Search__AdminToken) to enable it");
        if (!Authorized(context.Request.Headers.Authorization.ToString(), expected))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "send the admin token as 'Authorization: Bearer <token>'");
        }
        try
        {
            var summary = await reindexer.TryRunAsync(context.RequestAborted);
            if (summary is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "a reindex is already running; try again when it has finished");
            return TypedResults.Ok<object>(new
            {
                added = summary.Added, updated = summary.Updated, deleted = summary.Deleted, unchanged = summary.Unchanged,
                documents = summary.Documents, measures = summary.Measures,
                failed = summary.Failed.Select(f => new { source = f.Source, message = f.Message }),
            });
        }
        catch (UserError e) when (e.Message.Contains("locked", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: e.Message);
        }
    }

    /// <summary>Constant-time comparison, so response timing does not reveal how much of a guessed token was right.</summary>
    static bool Authorized(string header, string expected)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var wanted = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(given, wanted);
    }
}
