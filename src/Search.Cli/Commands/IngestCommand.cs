using System.CommandLine;
using Search.Ingest;

namespace Search.Cli.Commands;

/// <summary><c>ingest FILE</c>: run the Ingest stages on one file (no index) and print the PolicyDocument.</summary>
public static class IngestCommand
{
    public static Command Create(CliOptions o)
    {
        var file = new Argument<string>("FILE") { Description = "A .txt, .html/.htm, .docx or .pdf file" };
        var command = new Command("ingest", "Read, clean, outline and describe one file; prints the document (JSON with --json, else a readable outline)") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new UserError($"file not found: {path}");
            var document = new DocumentIngestor().Ingest(path, parse.GetValue(o.Corpus)!);
            Console.Out.WriteLine(parse.GetValue(o.Json) ? IngestJson.Serialize(document) : DocumentOutlineText.Render(IngestJson.View(document)));
            return 0;
        });
        return command;
    }
}
