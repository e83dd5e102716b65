using System.Diagnostics;
using Search.Tests.Support;

namespace Search.Tests.Reliability;

/// <summary>Two indexers on one folder: the second process gets a clear "index is locked" error (exit 2), and a killed indexer leaves no stale lock.</summary>
public class IndexLockTests
{
    [Fact]
    public void A_second_indexer_process_is_refused_while_the_first_runs()
    {
        using var t = new TempCorpus();
        for (int i = 0; i < 100; i++)
            File.Copy(RepoPaths.CorpusFiles()[i % 5], Path.Combine(t.Corpus, $"copy-{i:D3}.txt"));
        var first = Start(t);
        // Wait until the first indexer holds the lock (it creates the lock file when it starts writing).
        var sw = Stopwatch.StartNew();
        string lockFile = Path.Combine(t.Index, "indexer.lock");
        while (!File.Exists(lockFile) && sw.Elapsed < TimeSpan.FromSeconds(60) && !first.HasExited) Thread.Sleep(20);
        Assert.False(first.HasExited, "the first indexer finished before the second could start; corpus too small");
        var (code, _, stderr) = CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index);
        Assert.Equal(2, code);
        Assert.Contains("index is locked", stderr);
        first.WaitForExit();
        Assert.Equal(0, first.ExitCode);
    }

    [Fact]
    public void A_killed_indexer_leaves_no_stale_lock()
    {
        using var t = new TempCorpus();
        for (int i = 0; i < 100; i++)
            File.Copy(RepoPaths.CorpusFiles()[i % 5], Path.Combine(t.Corpus, $"copy-{i:D3}.txt"));
        var first = Start(t);
        string lockFile = Path.Combine(t.Index, "indexer.lock");
        var sw = Stopwatch.StartNew();
        while (!File.Exists(lockFile) && sw.Elapsed < TimeSpan.FromSeconds(60) && !first.HasExited) Thread.Sleep(20);
        first.Kill(entireProcessTree: true);
        first.WaitForExit();
        var (code, _, stderr) = CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index);
        Assert.True(code == 0, stderr);
    }

    static Process Start(TempCorpus t)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll"), "index", "--corpus", t.Corpus, "--index", t.Index })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }
}
