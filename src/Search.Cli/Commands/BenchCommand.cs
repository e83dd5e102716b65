using System.CommandLine;
namespace Search.Cli.Commands;
/// <summary>placeholder</summary>
public static class BenchCommand
{
    public static Command Create(CliOptions o) => new Command("bench", "placeholder");
}
