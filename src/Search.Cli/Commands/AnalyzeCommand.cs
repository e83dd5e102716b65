using System.CommandLine;
using Search.Responses;
using System.Text;
using Search.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Cli.Commands;

/// <summary><c>analyze</c>: analyse each line of stdin and print its tokens.</summary>
public static class AnalyzeCommand
{
    public static Command Create(CliOptions o)
    {
        var analyzerName = new Option<string>("--analyzer") { Description = "smartcn | words | grams", DefaultValueFactory = _ => "words" };
        var command = new Command("analyze", "Analyse each line of stdin; prints one JSON array of tokens per line") { analyzerName };
        command.SetAction(parse =>
        {
            using var analyzer = AnalyzerCatalog.Create(parse.GetValue(analyzerName)!, new SmartCnOptions(parse.GetValue(o.SmartCnJar)));
            bool json = parse.GetValue(o.Json);
            var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
            for (string? line; (line = stdin.ReadLine()) != null;)
            {
                var result = AnalyzedText.Of(analyzer, line);
                if (json)
                    stdout.WriteLine(ContractJson.Serialize(result.Tokens.Select(t => new { term = t.Term, start = t.Start, end = t.End, posInc = t.PosInc })));
                else
                    stdout.WriteLine(string.Join(" | ", result.Tokens.Select(t => $"{t.Term} {t.Start}-{t.End}" + (t.PosInc != 1 ? $" +{t.PosInc}" : ""))));
            }
            stdout.Flush();
            return 0;
        });
        return command;
    }
}
