using System.CommandLine;
using Search.Responses;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Evaluation.Benchmarks;

namespace Search.Evaluation.Commands;

/// <summary><c>bench-analysis</c>: analysis throughput (MB/s of UTF-8) and allocations per MB for our analyzers vs Java SmartCn on the same text.</summary>
public static class BenchAnalysisCommand
{
    public static Command Create(EvaluationOptions o)
    {
        var megabytes = new Option<int>("--mb") { Description = "Size of the benchmark text in MB (corpus lines repeated)", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds", DefaultValueFactory = _ => 3 };
        var noJava = new Option<bool>("--no-java") { Description = "Skip the Java peer" };
        var command = new Command("bench-analysis", "Analysis throughput and allocations, ours vs Java SmartChineseAnalyzer") { megabytes, rounds, noJava };
        command.SetAction(parse =>
        {
            int mb = parse.GetValue(megabytes), r = parse.GetValue(rounds);
            if (mb < 1 || mb > 2000) throw new UserError("--mb must be between 1 and 2000");
            if (r < 1 || r > 100) throw new UserError("--rounds must be between 1 and 100");
            var lines = BenchmarkText(parse.GetValue(o.Corpus)!, mb);
            long bytes = lines.Sum(l => (long)Encoding.UTF8.GetByteCount(l) + 1);
            var options = new SmartCnOptions(parse.GetValue(o.SmartCnJar));
            var results = new Dictionary<string, object>();
            var table = new List<string> { $"text: {bytes / 1e6:F1} MB UTF-8, {lines.Count} lines, {r} rounds after 1 warm-up" };
            var (parseMs, cacheMs) = DictionaryLoadTimes(options);
            results["dictionary_load_ms"] = new { jar = parseMs, cache = cacheMs };
            table.Add($"dictionary load: {parseMs:F0} ms parsing the jar, {cacheMs:F0} ms from the binary cache");
            foreach (var name in AnalyzerCatalog.Names)
            {
                using var analyzer = AnalyzerCatalog.Create(name, options);
                Consume(analyzer, lines); // warm-up: JIT, dictionary load
                long alloc0 = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                long tokens = 0;
                for (int i = 0; i < r; i++) tokens += Consume(analyzer, lines);
                sw.Stop();
                double mbs = bytes * (double)r / 1e6 / sw.Elapsed.TotalSeconds;
                double allocPerMb = (GC.GetAllocatedBytesForCurrentThread() - alloc0) / (bytes * (double)r / 1e6);
                results[name] = new { mb_s = Math.Round(mbs, 2), alloc_bytes_per_mb = Math.Round(allocPerMb), tokens = tokens / r };
                table.Add($"{name,-8} {mbs,8:F2} MB/s  {allocPerMb / 1e6,8:F2} MB allocated per MB  {tokens / r,10} tokens");
            }
            if (!parse.GetValue(noJava))
            {
                if (JavaPeer.Unavailable() is { } why) table.Add("java: skipped, " + why);
                else
                {
                    string file = Path.Combine(Path.GetTempPath(), $"search-bench-analysis-{Environment.ProcessId}.txt");
                    File.WriteAllText(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
                    var dir = JavaPeer.Compile("AnalysisBench", JavaPeer.EmbeddedSource("AnalysisBench"));
                    var (code, stdout, stderr) = JavaPeer.RunClass(dir, "AnalysisBench", [file, "1", r.ToString(CultureInfo.InvariantCulture)], null);
                    File.Delete(file);
                    if (code != 0) throw new InvalidOperationException("java benchmark failed: " + stderr);
                    var fields = stdout.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
                    double javaMbs = double.Parse(fields["mb_s"], CultureInfo.InvariantCulture);
                    results["java_smartcn"] = new { mb_s = javaMbs, tokens = long.Parse(fields["tokens"], CultureInfo.InvariantCulture) / r };
                    table.Add($"{"java",-8} {javaMbs,8:F2} MB/s  (SmartChineseAnalyzer 4.10.4)");
                    var ratio = new Dictionary<string, double>();
                    foreach (var name in AnalyzerCatalog.Names)
                    {
                        double ours = ((dynamic)results[name]).mb_s;
                        ratio[name] = Math.Round(ours / javaMbs, 2);
                        table.Add($"ratio {name}/java = {ours / javaMbs:F2}x");
                    }
                    results["ratio"] = ratio;
                }
            }
            if (parse.GetValue(o.Json)) Console.WriteLine(ContractJson.Serialize(results));
            else foreach (var line in table) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    /// <summary>Time to parse the jar's dictionaries versus loading the compact cache (both uncached in this process).</summary>
    static (double ParseMs, double CacheMs) DictionaryLoadTimes(SmartCnOptions options)
    {
        string jar = SmartCnDictionary.LocateJar(options.JarPath);
        var sw = Stopwatch.StartNew();
        SmartCnDictionary.ParseJar(jar);
        double parseMs = sw.Elapsed.TotalMilliseconds;
        string cacheDir = Path.Combine(Path.GetTempPath(), $"search-bench-cache-{Environment.ProcessId}");
        try
        {
            SmartCnDictionary.LoadFresh(jar, cacheDir); // writes the cache
            sw.Restart();
            var fromCache = SmartCnDictionary.LoadFresh(jar, cacheDir);
            double cacheMs = sw.Elapsed.TotalMilliseconds;
            if (fromCache.LoadedFrom != "cache") throw new InvalidOperationException("cache was not used");
            return (parseMs, cacheMs);
        }
        finally
        {
            Directory.Delete(cacheDir, true);
        }
    }

    /// <summary>Corpus lines repeated (in a fixed order) until the text reaches the requested size.</summary>
    static List<string> BenchmarkText(string corpus, int megabytes)
    {
        if (!Directory.Exists(corpus)) throw new UserError($"corpus folder '{corpus}' not found");
        var source = Directory.GetFiles(corpus, "*.txt", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f).Split('\n')).Where(l => l.Trim().Length > 0).ToList();
        if (source.Count == 0) throw new UserError($"no .txt files with text in '{corpus}'");
        var lines = new List<string>();
        long size = 0;
        for (int i = 0; size < megabytes * 1_000_000L; i++)
        {
            var line = source[i % source.Count];
            lines.Add(line);
            size += Encoding.UTF8.GetByteCount(line) + 1;
        }
        return lines;
    }

    static long Consume(Analyzer analyzer, List<string> lines)
    {
        long n = 0;
        foreach (var line in lines)
        {
            using var stream = analyzer.GetTokenStream("text", line);
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken()) n += term.Length > 0 ? 1 : 0;
            stream.End();
        }
        return n;
    }
}
