using System.Globalization;

namespace Search.Evaluation.Benchmarks;

/// <summary>What the Java peer (Lucene 4.10.4 + SmartChineseAnalyzer, <c>Java/IndexBench.java</c>) measured on the same files.</summary>
public sealed record JavaPeerResult(int Documents, long Bytes, double IndexSeconds, long IndexBytes, double? PeakRssMb,
    IReadOnlyList<int> Hits, IReadOnlyDictionary<int, List<double>[]> Latencies, IReadOnlyDictionary<int, double> Qps);

/// <summary>Runs the Java peer: index the corpus files into a temporary FSDirectory, then the term/AND/phrase queries at 1 and 2 threads.</summary>
public static class JavaIndexPeer
{
    public static JavaPeerResult Run(IReadOnlyList<string> files, IReadOnlyList<string> queries, string workDir, int warmup, int rounds, string heap)
    {
        string classes = JavaPeer.Compile("IndexBench", JavaPeer.EmbeddedSource("IndexBench"));
        string list = Path.Combine(workDir, "java-files.txt"), queryFile = Path.Combine(workDir, "java-queries.txt"), index = Path.Combine(workDir, "index-java");
        File.WriteAllLines(list, files);
        File.WriteAllLines(queryFile, queries);
        if (Directory.Exists(index)) Directory.Delete(index, true);
        Directory.CreateDirectory(index);
        var (file, args) = JavaPeer.ClassCommand(classes, "IndexBench",
            [list, index, queryFile, warmup.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture)], heap);
        var run = ChildProcess.Run(file, args);
        if (run.ExitCode != 0) throw new InvalidOperationException("java peer failed: " + run.Stderr);

        int documents = 0;
        long bytes = 0, indexBytes = 0;
        double seconds = 0;
        var hits = new int[queries.Count];
        var latencies = new Dictionary<int, List<double>[]>();
        var qps = new Dictionary<int, double>();
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var f = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            switch (parts[0])
            {
                case "index":
                    documents = int.Parse(f["docs"], CultureInfo.InvariantCulture);
                    bytes = long.Parse(f["bytes"], CultureInfo.InvariantCulture);
                    seconds = double.Parse(f["seconds"], CultureInfo.InvariantCulture);
                    indexBytes = long.Parse(f["size_bytes"], CultureInfo.InvariantCulture);
                    break;
                case "hits":
                    hits[int.Parse(f["q"], CultureInfo.InvariantCulture)] = int.Parse(f["n"], CultureInfo.InvariantCulture);
                    break;
                case "lat":
                    int t = int.Parse(f["threads"], CultureInfo.InvariantCulture), q = int.Parse(f["q"], CultureInfo.InvariantCulture);
                    if (!latencies.TryGetValue(t, out var perQuery)) latencies[t] = perQuery = Enumerable.Range(0, queries.Count).Select(_ => new List<double>()).ToArray();
                    perQuery[q].AddRange(f["us"].Split(',').Select(us => long.Parse(us, CultureInfo.InvariantCulture) / 1000.0));
                    break;
                case "qps":
                    qps[int.Parse(f["threads"], CultureInfo.InvariantCulture)] =
                        Math.Round(int.Parse(f["calls"], CultureInfo.InvariantCulture) / double.Parse(f["seconds"], CultureInfo.InvariantCulture), 1);
                    break;
            }
        }
        Directory.Delete(index, true);
        return new JavaPeerResult(documents, bytes, seconds, indexBytes, run.PeakRssMb, hits, latencies, qps);
    }
}
