using System.CommandLine;
using Search.Evaluation.Commands;

namespace Search.Cli.Commands;

/// <summary>The list of CLI commands; each lives in its own file as a static <c>Create(CliOptions)</c>. The evaluation and
/// benchmarking commands come from the Search.Evaluation project.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All(CliOptions o) =>
    [
        AnalyzeCommand.Create(o),
        IngestCommand.Create(o),
        IngestReportCommand.Create(o),
        IndexCommand.Create(o),
        ShowCommand.Create(o),
        SearchCommand.Create(o),
        ServeCommand.Create(o),
        SimilarCommand.Create(o),
        .. EvaluationCommands.All(new EvaluationOptions(o.Corpus, o.Json, o.SmartCnJar)),
    ];
}
