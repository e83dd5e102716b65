using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Querying;
using Search.Web.Services;

namespace Search.Web.Endpoints;

/// <summary><c>/api/search</c>, <c>/api/compare</c>, <c>/api/trend</c> and <c>/api/export</c>: one query, four views of its results.</summary>
public static class SearchEndpoints
{
    const int MeasuresPerDistrict = 10;
    const int MeasuresPerExportedDocument = 20;

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Search");
        api.MapGet("/search", Search).WithName("Search")
            .WithSummary("One page of documents with their best measures, highlighted snippets and facet counts (the CLI's search --json).");
        api.MapGet("/compare", Compare).WithName("Compare")
            .WithSummary("The matching measures of every district, side by side.");
        api.MapGet("/trend", Trend).WithName("Trend")
            .WithSummary("Matching documents per year and province.");
        api.MapGet("/export", Export).WithName("Export")
            .WithSummary("All matching documents and measures (not one page) as CSV or JSON.");
        return app;
    }

    static Results<Ok<object>, ProblemHttpResult> Search([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var text = p.QueryText(limits);
        var outcome = library.Search(new SearchQuery(text, p.PageNumber(), p.PageSize(limits), p.Order()));
        return outcome.Result is { } result ? TypedResults.Ok(SearchResultContract.From(result)) : Problems.Syntax(outcome.Error!, text);
    }

    static Results<Ok<object>, ProblemHttpResult> Compare([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var text = p.QueryText(limits);
        var outcome = library.SearchAll(text, limits.MaxExportDocuments, MeasuresPerDistrict);
        if (outcome.Result is not { } result) return Problems.Syntax(outcome.Error!, text);
        var districts = result.Hits
            .GroupBy(h => (h.Province, h.City, h.District))
            .OrderBy(g => g.Key.Province, StringComparer.Ordinal).ThenBy(g => g.Key.City, StringComparer.Ordinal).ThenBy(g => g.Key.District, StringComparer.Ordinal)
            .Select(g => new
            {
                province = g.Key.Province, city = g.Key.City, district = g.Key.District,
                documents = g.Count(),
                measures = g.SelectMany(h => h.Measures.Select(m => new
                {
                    id = m.Id, docId = h.DocId, title = h.Title, year = FirstYear(h), path = m.Path, snippet = m.Snippet, score = m.Score,
                })).OrderByDescending(m => m.score).ThenBy(m => m.id, StringComparer.Ordinal).Take(MeasuresPerDistrict).ToList(),
            }).ToList();
        return TypedResults.Ok<object>(new { query = text, total = result.Total, districts });
    }

    static Results<Ok<object>, ProblemHttpResult> Trend([AsParameters] SearchParameters p, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var text = p.QueryText(limits);
        var outcome = library.SearchAll(text, limits.MaxExportDocuments, 0);
        if (outcome.Result is not { } result) return Problems.Syntax(outcome.Error!, text);
        // A multi-year plan counts in each of its years: it is in force in all of them.
        var cells = result.Hits
            .SelectMany(h => h.Years.Select(y => (Year: int.Parse(y, CultureInfo.InvariantCulture), h.Province)))
            .GroupBy(c => c).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Province, StringComparer.Ordinal)
            .Select(g => new { year = g.Key.Year, province = g.Key.Province, count = g.Count() }).ToList();
        var years = cells.Select(c => c.year).Distinct().Order().ToList();
        var perYear = years.Select(y => new { year = y, count = cells.Where(c => c.year == y).Sum(c => c.count) }).ToList();
        var provinces = cells.Select(c => c.province).Distinct().Order(StringComparer.Ordinal).ToList();
        return TypedResults.Ok<object>(new { query = text, total = result.Total, years, provinces, perYear, cells });
    }

    static Results<FileContentHttpResult, Ok<object>, ProblemHttpResult> Export(
        [AsParameters] SearchParameters p, string? format, PolicyLibrary library, IOptions<SearchWebOptions> options)
    {
        var limits = options.Value.Limits;
        var kind = (format?.Trim() ?? "") switch
        {
            "" or "csv" => "csv",
            "json" => "json",
            var f => throw new UserError($"format must be csv or json, not '{(f.Length > 20 ? f[..20] + "…" : f)}'"),
        };
        var text = p.QueryText(limits);
        var outcome = library.SearchAll(text, limits.MaxExportDocuments, MeasuresPerExportedDocument, p.Order());
        if (outcome.Result is not { } result) return Problems.Syntax(outcome.Error!, text);
        if (kind == "json") return TypedResults.Ok(SearchResultContract.From(result));
        return TypedResults.File(Csv(result), "text/csv; charset=utf-8", "search-export.csv");
    }

    static int? FirstYear(DocumentHit h) => h.Years.Count > 0 ? int.Parse(h.Years[0], CultureInfo.InvariantCulture) : null;

    /// <summary>One row per matched measure, plain text (marks removed, entities decoded), UTF-8 with a BOM so spreadsheet programs read the Chinese.</summary>
    static byte[] Csv(SearchResult result)
    {
        var csv = new StringBuilder();
        Row(csv, "doc_id", "title", "province", "city", "district", "years", "type", "issuer", "source", "measure_id", "path", "text", "snippet");
        foreach (var h in result.Hits)
            foreach (var m in h.Measures)
                Row(csv, h.DocId, h.Title, h.Province, h.City, h.District, string.Join(' ', h.Years), h.Type, h.Issuer, h.Source,
                    m.Id, m.Path, m.Text, System.Net.WebUtility.HtmlDecode(m.Snippet.Replace("<mark>", "【").Replace("</mark>", "】")));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    static void Row(StringBuilder csv, params string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) csv.Append(',');
            var cell = cells[i];
            // A cell starting with = + - @ is a formula to a spreadsheet; a leading quote keeps it text.
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
            csv.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
        }
        csv.Append("\r\n");
    }
}
