using System.CommandLine;
using System.Globalization;
using Search.Analysis.SmartCn;
using Search.Querying;

namespace Search.Cli.Commands;

/// <summary><c>search QUERY</c>: run a query and print documents with their best measures, snippets and facets.</summary>
public static class SearchCommand
{
    public static Command Create(CliOptions o)
    {
        var query = new Argument<string>("QUERY") { Description = "Query (see README: terms, \"phrases\", OR, -exclude, (groups), field:value, /sentence, /measure)" };
        var top = new Option<int>("--top") { Description = "Documents per page", DefaultValueFactory = _ => 10 };
        var page = new Option<int>("--page") { Description = "Page number (1-based)", DefaultValueFactory = _ => 1 };
        var region = new Option<string?>("--region") { Description = "Province, city or district (canonical name or its beginning)" };
        var year = new Option<string?>("--year") { Description = "Year or range, e.g. 2020 or 2020..2022" };
        var type = new Option<string?>("--type") { Description = "Document type, e.g. 工作计划" };
        var sort = new Option<string>("--sort") { Description = "relevance | date", DefaultValueFactory = _ => "relevance" };
        var command = new Command("search", "Search the index") { query, top, page, region, year, type, sort };
        command.SetAction(parse =>
        {
            var order = parse.GetValue(sort) switch
            {
                "relevance" => SearchOrder.Relevance,
                "date" => SearchOrder.Date,
                var s => throw new UserError($"--sort must be relevance or date, not '{s}'"),
            };
            string text = new SearchFilters(Region: parse.GetValue(region), Year: parse.GetValue(year), Type: parse.GetValue(type)).ApplyTo(parse.GetValue(query)!);
            using var engine = SearchEngine.Open(parse.GetValue(o.Index)!, new SmartCnOptions(parse.GetValue(o.SmartCnJar)));
            var result = engine.Search(new SearchQuery(text, parse.GetValue(page), parse.GetValue(top), order)).GetResultOrThrow(text);
            Console.WriteLine(parse.GetValue(o.Json) ? Json.Serialize(ToContract(result)) : Readable(result));
            return 0;
        });
        return command;
    }

    /// <summary>The JSON shape of the CLI contract (DESIGN.md); also what the HTTP API returns.</summary>
    public static object ToContract(SearchResult r) => new
    {
        total = r.Total,
        page = r.Page,
        pageSize = r.PageSize,
        hits = r.Hits.Select(h => new
        {
            docId = h.DocId, source = h.Source, title = h.Title, province = h.Province, city = h.City, district = h.District,
            year = h.Years.FirstOrDefault() is { } y ? int.Parse(y, CultureInfo.InvariantCulture) : (int?)null,
            years = h.Years.Select(x => int.Parse(x, CultureInfo.InvariantCulture)),
            type = h.Type, issuer = h.Issuer, date = h.Date == 0 ? null : $"{h.Date / 10000:D4}-{h.Date / 100 % 100:D2}-{h.Date % 100:D2}",
            score = h.Score,
            measures = h.Measures.Select(m => new { id = m.Id, path = m.Path, text = m.Text, snippet = m.Snippet, score = m.Score }),
        }),
        facets = r.Facets.ToDictionary(f => f.Field, f => f.Values.Select(v => new { value = v.Value, count = v.Count })),
    };

    static string Readable(SearchResult r)
    {
        var lines = new List<string> { $"{r.Total} documents" };
        foreach (var h in r.Hits)
        {
            lines.Add("");
            lines.Add($"{h.Title}  [{h.Province} {h.City} {h.District} · {string.Join("–", h.Years)} · {h.Type}]  id {h.DocId}");
            foreach (var m in h.Measures)
                lines.Add($"  [{m.Path}] {System.Net.WebUtility.HtmlDecode(m.Snippet.Replace("<mark>", "【").Replace("</mark>", "】"))}");
        }
        foreach (var f in r.Facets.Where(f => f.Values.Count > 0))
            lines.Add($"{f.Field}: " + string.Join("  ", f.Values.Select(v => $"{v.Value}({v.Count})")));
        return string.Join('\n', lines);
    }
}
