using System.CommandLine;

namespace Search.Cli.Commands;

/// <summary><c>analyze</c>: analyse each line of stdin and print its tokens.</summary>
public static class AnalyzeCommand
{
    public static Command Create(CliOptions o)
    {
        var analyzer = new Option<string>("--analyzer") { Description = "smartcn | words | grams", DefaultValueFactory = _ => "words" };
        var command = new Command("analyze", "Analyse each line of stdin; prints one JSON array of tokens per line") { analyzer };
        command.SetAction(parse => 0);
        return command;
    }
}
