using System.Diagnostics;

namespace Search.Evaluation.Benchmarks;

/// <summary>Peak resident memory (VmHWM) of a process, from /proc; null where /proc is not available.</summary>
public static class ProcessMemory
{
    public static double? PeakRssMb(int pid = 0)
    {
        string path = pid == 0 ? "/proc/self/status" : $"/proc/{pid}/status";
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return Math.Round(long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return null;
    }
}

/// <summary>The outcome of a child process run by the benchmark: exit code, output, wall time and its peak RSS.</summary>
public sealed record ChildRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, double? PeakRssMb);

/// <summary>Runs a child process while sampling its VmHWM, so the peak RSS of each measured part is its own, not the harness's.</summary>
public static class ChildProcess
{
    /// <summary>The runtime setting <c>run.sh</c> starts the product with: tier-up without the 100 ms quiet period.</summary>
    /// <remarks>The runtime promotes hot methods to optimised code only after 100 ms without new tier-0 compilation; an index
    /// build keeps reaching new code paths (flushes, merges, new documents' shapes) for seconds, so without this its first
    /// seconds of CPU run unoptimised.</remarks>
    public static readonly KeyValuePair<string, string> TierUpSetting = new("DOTNET_TC_CallCountingDelayMs", "0");

    /// <summary>The command line that starts this CLI again (<c>dotnet Search.Cli.dll</c>), for child phases and cold starts,
    /// with the environment the product is started with.</summary>
    public static (string File, string[] Args) SelfCommand()
    {
        // The entry assembly is the CLI (this code lives in Search.Evaluation.dll beside it).
        string dll = System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry && entry.EndsWith("Search.Cli.dll", StringComparison.Ordinal)
            ? entry : Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll");
        return ("dotnet", [dll]);
    }

    /// <param name="productEnvironment">Adds <see cref="TierUpSetting"/> (unless this process's environment sets it already).</param>
    /// <param name="defaultTiering">Removes <see cref="TierUpSetting"/>'s variable: the runtime as a plain <c>dotnet Search.Cli.dll</c> gets it.</param>
    public static ChildRun Run(string file, IEnumerable<string> args, string? workingDirectory = null, bool productEnvironment = false, bool defaultTiering = false)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
        if (productEnvironment && Environment.GetEnvironmentVariable(TierUpSetting.Key) is null)
            psi.Environment[TierUpSetting.Key] = TierUpSetting.Value;
        if (defaultTiering) psi.Environment.Remove(TierUpSetting.Key);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        double? peak = null;
        // VmHWM only grows, so the last sample before exit is within one interval of the true peak.
        while (!p.WaitForExit(20))
            if (ProcessMemory.PeakRssMb(p.Id) is { } now) peak = Math.Max(peak ?? 0, now);
        sw.Stop();
        p.WaitForExit();
        return new ChildRun(p.ExitCode, outTask.Result, errTask.Result, sw.Elapsed, peak);
    }
}
