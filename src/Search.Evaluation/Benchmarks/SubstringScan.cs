using System.Diagnostics;

namespace Search.Evaluation.Benchmarks;

/// <summary>The no-index baseline for phrase queries: <c>grep -rFl</c> over the corpus files (byte-wise, files already in the page cache).</summary>
/// <remarks>grep sees the raw files, so it misses the Traditional copies of a Simplified phrase that our folded phrase search finds;
/// it is a lower bound on the cost of an exact scan, not an equivalent of the search.</remarks>
public static class SubstringScan
{
    public static bool Available() => File.Exists("/usr/bin/grep") || File.Exists("/bin/grep");

    /// <summary>Median wall time (ms) of <paramref name="runs"/> scans after one warm-up scan, and the number of files matched.</summary>
    public static (double MedianMs, int Files) Time(string corpus, string phrase, int runs)
    {
        int files = Scan(corpus, phrase, out _);
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            Scan(corpus, phrase, out double ms);
            times.Add(ms);
        }
        times.Sort();
        return (Math.Round(times[times.Count / 2], 3), files);
    }

    static int Scan(string corpus, string phrase, out double ms)
    {
        var psi = new ProcessStartInfo("grep") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-rFl", "--include=*.txt", "--", phrase, corpus }) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        ms = sw.Elapsed.TotalMilliseconds;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
