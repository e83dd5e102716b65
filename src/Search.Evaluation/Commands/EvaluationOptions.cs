using System.CommandLine;

namespace Search.Evaluation.Commands;

/// <summary>The root command's options that the evaluation commands read (the CLI owns and registers them).</summary>
public sealed record EvaluationOptions(Option<string> Corpus, Option<bool> Json, Option<string?> SmartCnJar);

/// <summary>The evaluation and benchmarking commands, for the CLI to add beside its own.</summary>
public static class EvaluationCommands
{
    public static IEnumerable<Command> All(EvaluationOptions o) =>
    [
        BenchAnalysisCommand.Create(o),
        BenchOcrCommand.Create(o),
        SynthCommand.Create(o),
        BenchCommand.Create(o),
        EvalCommand.Create(o),
    ];
}
