using Microsoft.AspNetCore.Diagnostics;

namespace Search.Web;

/// <summary>Turns the library's typed errors, thrown anywhere below an endpoint, into ProblemDetails (never a stack trace):
/// a malformed query or parameter 400 (with <c>position</c>/<c>length</c> for query syntax), an unknown id 404, a locked index 409.</summary>
sealed class UserErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not UserError error) return false;
        var (status, title) = error switch
        {
            UnknownIdError => (StatusCodes.Status404NotFound, "Not found"),
            IndexLockedError => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (StatusCodes.Status400BadRequest, "Bad request"),
        };
        context.Response.StatusCode = status;
        var details = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = error.Message },
        };
        if (error is QuerySyntaxException syntax)
        {
            details.ProblemDetails.Extensions["position"] = syntax.Error.Position;
            details.ProblemDetails.Extensions["length"] = syntax.Error.Length;
        }
        return await problems.TryWriteAsync(details);
    }
}

/// <summary>The error responses an endpoint declares in the OpenAPI document.</summary>
static class ProblemResponses
{
    /// <summary>400 for a bad query or parameter, 429 when the client is over its request rate.</summary>
    public static RouteHandlerBuilder WithUserErrors(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>404 for an id that names nothing.</summary>
    public static RouteHandlerBuilder WithNotFound(this RouteHandlerBuilder endpoint) => endpoint.ProducesProblem(StatusCodes.Status404NotFound);
}
