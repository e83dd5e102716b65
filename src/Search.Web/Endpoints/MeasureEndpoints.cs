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
            .WithSummary("Measures like this one in other districts (own=1: its own district too), best first, each with its document's title, region and year, the terms it shares marked in both texts, and whether it passes the relevance cut-off.")
            .WithUserErrors().WithNotFound();
        app.MapGet("/api/similar", SimilarToText).WithTags(ApiTags.Measures).WithName("SimilarToText")
            .WithSummary("Measures like a pasted text (a draft, a paragraph of a document not in the collection), from every district, with the shared terms marked in both texts.")
            .WithUserErrors();
        return app;
    }

    static Ok<SimilarResponse> SimilarToText([FromQuery(Name = "text")] string? text, [FromQuery(Name = "top")] string? top, PolicyLibrary library,
        IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var value = text?.Trim() ?? "";
        if (value.Length == 0) throw new UserError("请粘贴一段文字，查找其他地区的相似措施（text is required）");
        if (value.Length > limits.MaxSimilarText)
            throw new UserError($"文本过长：{value.Length} 个字符，上限 {limits.MaxSimilarText} 个，请只粘贴要比较的段落（text is {value.Length} characters long; the limit is {limits.MaxSimilarText}）");
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new UserError("文本中不能有控制字符（text must not contain control characters）");
        return TypedResults.Ok(library.SimilarToText(value, SearchParameters.Number("top", top, 10, 1, limits.MaxSimilar)));
    }

    static Ok<MeasureResponse> Get(string id, PolicyLibrary library) => TypedResults.Ok(library.Measure(id));

    static Ok<SimilarResponse> Similar(string id, [FromQuery(Name = "top")] string? top, [FromQuery(Name = "own")] string? own, PolicyLibrary library,
        IOptions<SearchWebOptions> options) =>
        TypedResults.Ok(library.Similar(id, SearchParameters.Number("top", top, 10, 1, options.Value.Limits.MaxSimilar),
            otherDistrictsOnly: SearchParameters.Number("own", own, 0, 0, 1) == 0));
}
