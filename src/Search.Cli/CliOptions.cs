using System.CommandLine;

namespace Search.Cli;

/// <summary>Options shared by every command (recursive on the root command).</summary>
public sealed class CliOptions
{
    public Option<string> Corpus { get; } = new("--corpus") { Description = "Corpus folder", DefaultValueFactory = _ => Env("SEARCH_CORPUS") ?? "corpus", Recursive = true };
    public Option<string> Index { get; } = new("--index") { Description = "Index folder", DefaultValueFactory = _ => Env("SEARCH_INDEX") ?? "index", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON value on stdout", Recursive = true };
    public Option<string?> SmartCnJar { get; } = new("--smartcn-jar") { Description = "Path of lucene-analyzers-smartcn-*.jar (default: SEARCH_SMARTCN_JAR or /usr/share/java)", Recursive = true };

    static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
