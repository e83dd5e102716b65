using System.Diagnostics;
using System.Text.Json;
using Search.Indexing;
using Search.Tests.Support;
using Search.Querying;
using Search.Schema;

namespace Search.Tests.Reliability;

/// <summary>A full disk and a read-only index folder: <c>index</c> fails with a clear message (exit 2) and the previous index stays intact and searchable.</summary>
/// <remarks>Uses a small tmpfs and a read-only bind mount, which need root (CI runs as root); elsewhere the tests skip and say why.</remarks>
public class DiskFailureTests
{
    [SkippableFact]
    public void A_full_disk_rolls_back_and_keeps_the_previous_index()
    {
        using var t = new TempCorpus();
        using var mount = Mount.Tmpfs(t.Index, "24m");
        Skip.If(mount is null, "mounting a tmpfs needs root");
        var first = Index(t);
        Assert.Equal(0, first.Code);

        // Fill the disk, then ask for more: 300 new documents cannot fit.
        Fill(t.Index, leaveBytes: 200_000);
        for (int i = 0; i < 300; i++)
            File.Copy(RepoPaths.CorpusFiles()[i % 5], Path.Combine(t.Corpus, $"more-{i:D3}.txt"));
        var full = Index(t);
        Assert.Equal(2, full.Code);
        Assert.Contains("previous index is intact", full.Stderr);
        Assert.DoesNotContain("   at ", full.Stderr);

        using var engine = SearchEngine.Open(t.Index);
        Assert.Equal(5, engine.Index.With(s => IndexCounts.OfKind(s, IndexFields.KindDocument)));
        Assert.Equal(4, engine.Search(new Search.Querying.SearchQuery("控辍保学")).GetResultOrThrow("q").Total);
    }

    [SkippableFact]
    public void A_read_only_index_folder_gives_a_clear_error_and_the_index_still_answers()
    {
        using var t = new TempCorpus();
        Assert.Equal(0, Index(t).Code);
        using var mount = Mount.ReadOnlyBind(t.Index);
        Skip.If(mount is null, "a read-only bind mount needs root");
        File.AppendAllText(t.File("000_"), "\n新增一条措施。\n");
        var run = Index(t);
        Assert.Equal(2, run.Code);
        Assert.Contains("cannot write to index folder", run.Stderr);
        using var engine = SearchEngine.Open(t.Index);
        Assert.Equal(4, engine.Search(new Search.Querying.SearchQuery("控辍保学")).GetResultOrThrow("q").Total);
    }

    static (int Code, string Stderr) Index(TempCorpus t)
    {
        var (code, _, stderr) = CliRunner.Run(null, "index", "--corpus", t.Corpus, "--index", t.Index, "--json");
        return (code, stderr);
    }

    static void Fill(string folder, long leaveBytes)
    {
        var free = new DriveInfo(folder).AvailableFreeSpace;
        using var f = File.Create(Path.Combine(folder, "filler.bin"));
        var block = new byte[65536];
        for (long left = free - leaveBytes; left > 0; left -= block.Length)
            f.Write(block, 0, (int)Math.Min(block.Length, left));
    }

    /// <summary>A mount made for one test and undone after it.</summary>
    sealed class Mount : IDisposable
    {
        readonly string _path;
        Mount(string path) => _path = path;

        public static Mount? Tmpfs(string path, string size)
        {
            Directory.CreateDirectory(path);
            return Run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path) ? new Mount(path) : null;
        }

        public static Mount? ReadOnlyBind(string path) =>
            Run("mount", "--bind", path, path) && Run("mount", "-o", "remount,bind,ro", path) ? new Mount(path)
            : Cleanup(path);

        static Mount? Cleanup(string path) { Run("umount", path); return null; }

        static bool Run(string file, params string[] args)
        {
            try
            {
                var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in args) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                p.WaitForExit(20_000);
                return p.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception) { return false; }
        }

        public void Dispose() => Run("umount", "-l", _path);
    }
}
