using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Responses;
using Search.Web.Services;

namespace Search.Web.Endpoints;

/// <summary><c>POST /api/admin/reindex</c>: re-ingest the configured corpus; needs the configured bearer token and is disabled without one.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/reindex", Reindex).WithTags(ApiTags.Admin).WithName("Reindex")
            .WithSummary("Index the corpus again (incremental) and switch searches to the new commit; Authorization: Bearer <Search:AdminToken>.")
            .WithMetadata(new AdminTokenRequired())
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    static async Task<Results<Ok<IndexSummaryResponse>, ProblemHttpResult>> Reindex(HttpContext context, Reindexer reindexer, IOptions<SearchWebOptions> options)
    {
        var expected = options.Value.AdminToken;
        if (string.IsNullOrEmpty(expected))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                detail: "未启用通过 HTTP 重建索引：请设置 Search:AdminToken（环境变量 Search__AdminToken）（reindexing over HTTP is disabled: set Search:AdminToken to enable it）");
        if (!Authorized(context.Request.Headers.Authorization.ToString(), expected))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                detail: "请以“Authorization: Bearer <令牌>”发送管理令牌（send the admin token as 'Authorization: Bearer <token>'）");
        }
        // Another process indexing the same folder ends in an IndexLockedError: 409, like a run of this server's own.
        var summary = await reindexer.TryRunAsync(context.RequestAborted);
        if (summary is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "正在重建索引，请完成后再试（a reindex is already running; try again when it has finished）");
        return TypedResults.Ok(IndexSummaryResponse.From(summary));
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

/// <summary>Marks an endpoint that needs the admin bearer token (the OpenAPI document declares it).</summary>
public sealed class AdminTokenRequired;
