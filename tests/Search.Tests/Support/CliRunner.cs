using System.Diagnostics;
using System.Text;

namespace Search.Tests.Support;

/// <summary>Runs the real CLI (Search.Cli.dll from the test output folder) as a separate process.</summary>
public static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args) => RunIn(RepoPaths.Root, stdin, args);

    public static (int ExitCode, string Stdout, string Stderr) RunIn(string workingDirectory, string? stdin, params string[] args) =>
        RunIn(workingDirectory, stdin, TimeSpan.FromSeconds(120), args);

    /// <summary>Runs with a time bound of its own (long harness runs index thousands of documents).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIn(string workingDirectory, string? stdin, TimeSpan timeout, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8, UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        var input = new StreamWriter(p.StandardInput.BaseStream, new UTF8Encoding(false));
        if (stdin != null) input.Write(stdin);
        input.Close();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"CLI did not finish in {timeout.TotalSeconds:0} s: " + string.Join(' ', args)); }
        return (p.ExitCode, outTask.Result, errTask.Result);
    }
}
