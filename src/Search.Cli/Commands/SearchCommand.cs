using System.CommandLine;
using Search.Responses;
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
            var order = SearchOrders.Parse(parse.GetValue(sort), "--sort");
            string text = new SearchFilters(Region: parse.GetValue(region), Year: parse.GetValue(year), Type: parse.GetValue(type)).ApplyTo(parse.GetValue(query)!);
            using var engine = SearchEngine.Open(parse.GetValue(o.Index)!, new SmartCnOptions(parse.GetValue(o.SmartCnJar)));
            var request = new SearchQuery(text, parse.GetValue(page), parse.GetValue(top), order);
            // A one-shot process: the vectors' model loads on the other core while Lucene opens, not only during the query's pass.
            if (engine.WillFuse(request)) engine.OpenSemanticInBackground();
            var result = engine.Search(request).GetResultOrThrow(text);
            Console.WriteLine(parse.GetValue(o.Json) ? ContractJson.Serialize(SearchResponse.From(result)) : Readable(result));
            return 0;
        });
        return command;
    }

    static string Readable(SearchResult r)
    {
        var lines = new List<string> { $"{r.Total} documents" };
        foreach (var h in r.Hits)
        {
            lines.Add("");
            lines.Add($"{h.Title}  [{h.Province} {h.City} {h.District} · {string.Join("–", h.Years)} · {h.Type}]  id {h.DocId}");
            foreach (var m in h.Measures)
                lines.Add($"  [{m.Path}] {m.Snippet.Render("【", "】")}");
        }
        foreach (var f in r.Facets.Where(f => f.Values.Count > 0))
            lines.Add($"{f.Field}: " + string.Join("  ", f.Values.Select(v => $"{v.Value}({v.Count})")));
        return string.Join('\n', lines);
    }
}
