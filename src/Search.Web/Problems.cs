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
            UnknownIdError => (StatusCodes.Status404NotFound, ProblemTitles.Of(404)),
            IndexLockedError => (StatusCodes.Status409Conflict, ProblemTitles.Of(409)),
            _ => (StatusCodes.Status400BadRequest, ProblemTitles.Of(400)),
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

/// <summary>ProblemDetails titles, Chinese first (the page shows them), English after.</summary>
static class ProblemTitles
{
    public static string Of(int status) => status switch
    {
        400 => "请求有误（Bad request）",
        401 => "未授权（Unauthorized）",
        403 => "禁止访问（Forbidden）",
        404 => "未找到（Not found）",
        405 => "不支持该请求方法（Method not allowed）",
        409 => "冲突（Conflict）",
        413 => "请求过大（Payload too large）",
        429 => "请求过多（Too many requests）",
        >= 500 => "服务器内部错误（Internal server error）",
        _ => $"请求失败（HTTP {status}）",
    };

    /// <summary>Titles every ProblemDetails in Chinese first, and gives a framework-made error without a detail one.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        int status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Title = Of(status);
        context.ProblemDetails.Detail ??= status switch
        {
            404 => "没有这个地址（no such endpoint）",
            405 => "该地址不支持这种请求方法（method not allowed here）",
            >= 500 => "服务器出错，请稍后再试（the server failed; try again later）",
            _ => null,
        };
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
