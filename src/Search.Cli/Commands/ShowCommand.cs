using System.CommandLine;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;

namespace Search.Cli.Commands;

/// <summary><c>show DOCID</c>: one indexed document, as <c>ingest</c> prints it.</summary>
public static class ShowCommand
{
    public static Command Create(CliOptions o)
    {
        var id = new Argument<string>("DOCID") { Description = "Document id (from search results or ingest)" };
        var command = new Command("show", "Print one indexed document (JSON with --json, else a readable outline)") { id };
        command.SetAction(parse =>
        {
            using var index = SearchIndex.Open(parse.GetValue(o.Index)!);
            string json = index.DocumentJson(parse.GetValue(id)!);
            Console.WriteLine(parse.GetValue(o.Json) ? json : DocumentOutlineText.Render(IngestJson.Deserialize(json)));
            return 0;
        });
        return command;
    }
}
