using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Search.Querying;

namespace Search.Web;

/// <summary>ProblemDetails responses for the errors a user can cause, so every failure has the same JSON shape.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", extensions: extensions);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A malformed query, with where it went wrong so the page can point at it.</summary>
    public static ProblemHttpResult Syntax(QuerySyntaxError error, string query) =>
        BadRequest(error.ToOneLine(query), new Dictionary<string, object?>
        {
            ["position"] = error.Position,
            ["length"] = error.Length,
        });
}

/// <summary>Turns a <see cref="UserError"/> thrown anywhere below an endpoint into a 400 ProblemDetails with its message (never a stack trace).</summary>
sealed class UserErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not UserError error) return false;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = 400, Title = "Bad request", Detail = error.Message },
        });
    }
}
