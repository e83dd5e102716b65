using System.Diagnostics;

namespace Search.Cli.Benchmarks;

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
    /// <summary>The command line that starts this CLI again (<c>dotnet Search.Cli.dll</c>), for child phases and cold starts.</summary>
    public static (string File, string[] Args) SelfCommand()
    {
        string dll = typeof(ChildProcess).Assembly.Location;
        return ("dotnet", [dll]);
    }

    public static ChildRun Run(string file, IEnumerable<string> args, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
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
