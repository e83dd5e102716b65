using System.CommandLine;

namespace Search.Cli.Commands;

/// <summary>The list of CLI commands; each lives in its own file as a static <c>Create(CliOptions)</c>.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All(CliOptions o) =>
    [
        AnalyzeCommand.Create(o),
        BenchAnalysisCommand.Create(o),
        BenchOcrCommand.Create(o),
        IngestCommand.Create(o),
        IngestReportCommand.Create(o),
        IndexCommand.Create(o),
        ShowCommand.Create(o),
        SearchCommand.Create(o),
        SynthCommand.Create(o),
        BenchCommand.Create(o),
        ServeCommand.Create(o),
        EvalCommand.Create(o),
        SimilarCommand.Create(o),
    ];
}
