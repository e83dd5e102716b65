using System.Diagnostics;
using System.Text.Json;
using Search.Indexing;
using Search.Querying;
using Search.Tests.Support;
using Xunit.Abstractions;
using Search.Schema;
using Search.Semantic.Vectors;
using Search.Semantic.Similar;

namespace Search.Tests.Reliability;

/// <summary>SIGKILL during <c>index</c> never corrupts the index: the previous commit survives intact and a re-run completes with exactly the expected counts.</summary>
/// <remarks>CI runs a reduced form; the full harness (3,000 documents, 20 trials) runs with
/// <c>SEARCH_CRASH_DOCS=3000 SEARCH_CRASH_TRIALS=20 ./test.sh --filter CrashSafety</c>.</remarks>
public class CrashSafetyTests(ITestOutputHelper output)
{
    // xunit shows test output only when the test ends; a long full run can append its progress to a file as it goes.
    void Log(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("SEARCH_CRASH_LOG") is { Length: > 0 } path)
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss} {line}\n");
    }

    static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    [Fact]
    public void Killing_the_indexer_at_random_moments_never_loses_the_previous_commit()
    {
        int docs = Env("SEARCH_CRASH_DOCS", 60), trials = Env("SEARCH_CRASH_TRIALS", 4);
        using var t = new TempCorpus(copyCorpus: false);
        var files = MakeCorpus(t.Corpus, docs);

        // The expected end state, from an undisturbed build of a separate copy.
        using var reference = new TempCorpus(copyCorpus: false);
        MakeCorpus(reference.Corpus, docs);
        var expected = Index(reference.Corpus, reference.Index);
        Assert.Equal(docs, expected.Documents);

        // Start from a committed index of the first half, so every kill lands on top of a real previous commit.
        var half = files.Skip(docs / 2).ToList();
        foreach (var f in half) File.Move(f, f + ".held");
        var before = Index(t.Corpus, t.Index);
        foreach (var f in half) File.Move(f + ".held", f);

        var random = new Random(8080);
        var fullRun = Stopwatch.StartNew();
        var probe = Index(t.Corpus, Path.Combine(t.Root, "probe-index"));
        long fullMs = Math.Max(200, fullRun.ElapsedMilliseconds);
        Log($"{docs} documents; undisturbed run {fullMs} ms; {trials} trials");
        Assert.Equal(expected.Documents, probe.Documents);

        int killedBeforeCommit = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            int delay = random.Next(50, (int)fullMs);
            var (p, _) = StartIndexer(t.Corpus, t.Index);
            Thread.Sleep(delay);
            bool killed = !p.HasExited;
            if (killed) { p.Kill(entireProcessTree: true); killedBeforeCommit++; }
            p.WaitForExit();
            Log($"trial {trial}: killed after {delay} ms: {killed}");

            // Whatever happened, the index opens and answers, and holds either the old or the complete commit.
            using (var engine = SearchEngine.Open(t.Index))
            {
                var result = engine.Search(new SearchQuery("教育")).GetResultOrThrow("教育");
                int documents = engine.Index.With(s => IndexCounts.OfKind(s, IndexFields.KindDocument));
                int measures = engine.Index.With(s => IndexCounts.OfKind(s, IndexFields.KindMeasure));
                Assert.True((documents, measures) == (before.Documents, before.Measures) || (documents, measures) == (expected.Documents, expected.Measures),
                    $"trial {trial}: index holds {documents} documents / {measures} measures, neither the old commit ({before.Documents}/{before.Measures}) nor the new ({expected.Documents}/{expected.Measures})");
                Assert.True(result.Total > 0);
                // Vectors and model belong to the same commit: the folder the commit names exists and covers exactly its measures.
                string? semantic = CommitMetadata.Latest(t.Index)?.SemanticFolder(t.Index);
                Assert.NotNull(semantic);
                var header = Search.Semantic.Vectors.MeasureVectorStore.ReadHeader(semantic!);
                Assert.Equal(measures, header.Count);
                using var similar = Search.Semantic.SemanticIndex.Open(semantic!);
                Assert.NotEmpty(similar.FindSimilar(Search.Semantic.Similar.SimilarTarget.ForText("控辍保学 劝返复学")));
            }
            // Stale write.lock files from the killed process must not block the next run (Lucene's native locks die with the process).
            var rerun = Index(t.Corpus, t.Index);
            Assert.Equal((expected.Documents, expected.Measures), (rerun.Documents, rerun.Measures));
            // Roll back to the half index for the next trial.
            foreach (var f in half) File.Move(f, f + ".held");
            var back = Index(t.Corpus, t.Index);
            Assert.Equal((before.Documents, before.Measures), (back.Documents, back.Measures));
            foreach (var f in half) File.Move(f + ".held", f);
            Log($"trial {trial}: passed (old commit {before.Documents}/{before.Measures}, new {expected.Documents}/{expected.Measures})");
        }
        Log($"{trials} trials, {killedBeforeCommit} killed mid-run, full run {fullMs} ms");
    }

    /// <summary>Copies of the real documents with distinct names and a distinguishing line, so each is its own document.</summary>
    static List<string> MakeCorpus(string dir, int count)
    {
        var sources = RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)).ToList();
        var files = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string path = Path.Combine(dir, $"copy-{i:D5}.txt");
            File.WriteAllText(path, File.ReadAllText(sources[i % sources.Count]) + $"\n（本文件编号 {i:D5}）\n");
            files.Add(path);
        }
        return files;
    }

    static (Process, string) StartIndexer(string corpus, string index)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll"), "index", "--corpus", corpus, "--index", index, "--json" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardError.ReadToEndAsync();
        return (p, "");
    }

    static (int Documents, int Measures) Index(string corpus, string index)
    {
        var (code, stdout, stderr) = CliRunner.RunIn(Path.GetDirectoryName(corpus)!, null, TimeSpan.FromMinutes(30), "index", "--corpus", corpus, "--index", index, "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        return (root.GetProperty("documents").GetInt32(), root.GetProperty("measures").GetInt32());
    }
}
