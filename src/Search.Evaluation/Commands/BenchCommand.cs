using System.CommandLine;
using Search.Responses;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;
using Search.Analysis.SmartCn;
using Search.Evaluation.Benchmarks;
using Search.Ingest;
using Search.Evaluation.Synthesis;

namespace Search.Evaluation.Commands;

/// <summary><c>bench --docs N</c>: index build, query latency, cold start and RSS on one synthetic corpus, against Java Lucene + SmartCn and a grep scan.</summary>
/// <remarks>Each measured part of ours runs in a child process of this CLI (hidden <c>--phase</c>), so peak RSS and start-up belong
/// to that part alone and the harness's own allocations never pollute them.</remarks>
public static class BenchCommand
{
    const string ColdQuery = "控辍保学";

    public static Command Create(EvaluationOptions o)
    {
        var docs = new Option<int?>("--docs") { Description = "Synthetic documents (default 1000; 20 with --smoke)" };
        var threads = new Option<int>("--threads") { Description = "Query threads for the concurrent run", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Synthesis seed", DefaultValueFactory = _ => 1 };
        var work = new Option<string?>("--work") { Description = "Keep corpus and indexes here (reused when its planted.json matches); default a temp folder, deleted" };
        var rounds = new Option<int?>("--rounds") { Description = "Measured rounds of the query mix per thread (default 30; 3 with --smoke)" };
        var smoke = new Option<bool>("--smoke") { Description = "Seconds-long run for CI: tiny corpus, few rounds; figures are meaningless" };
        var noJava = new Option<bool>("--no-java") { Description = "Skip the Java Lucene peer" };
        var profile = new Option<bool>("--profile") { Description = "Before the timed build, time ingestion and analysis alone (where the time goes)" };
        var vectors = new Option<int>("--vectors") { Description = "Measure vectors for the similar benchmark (needs SimilarProbe wired; default 1,000,000)", DefaultValueFactory = _ => 1_000_000 };
        // 4g: at 100,000 documents a 2 GB heap made the peer markedly slower, which flattered our ratio; smaller corpora use
        // less whatever the cap.
        var javaHeap = new Option<string>("--java-heap") { Description = "Java peer -Xmx, e.g. 4g or 1536m", DefaultValueFactory = _ => "4g" };
        var phase = new Option<string?>("--phase") { Hidden = true };
        var command = new Command("bench", "Benchmark index build, queries, cold start and memory on a synthetic corpus, with the Java Lucene peer")
            { docs, threads, seed, work, rounds, smoke, noJava, profile, vectors, javaHeap, phase };
        command.SetAction(parse =>
        {
            var options = new SmartCnOptions(parse.GetValue(o.SmartCnJar));
            bool isSmoke = parse.GetValue(smoke);
            int t = parse.GetValue(threads), r = parse.GetValue(rounds) ?? (isSmoke ? 3 : 30), warmup = isSmoke ? 1 : 3;
            if (t < 1 || t > 64) throw new UserError("--threads must be between 1 and 64");
            if (r < 1 || r > 10_000) throw new UserError("--rounds must be between 1 and 10,000");
            if (parse.GetValue(vectors) is < 1 or > 10_000_000) throw new UserError("--vectors must be between 1 and 10,000,000");
            // Checked before anything is built: a heap the JVM refuses would otherwise fail the run after our whole build.
            if (!JavaPeer.IsHeapSize(parse.GetValue(javaHeap)!))
                throw new UserError($"--java-heap '{parse.GetValue(javaHeap)}' is not a heap size: a whole number with its unit k, m or g, e.g. 4g or 1536m");
            if (parse.GetValue(phase) is { } p)
            {
                string dir = parse.GetValue(work) ?? throw new UserError("--phase needs --work");
                var output = p switch
                {
                    "index" => OurPhases.Index(Path.Combine(dir, CorpusSynthesizer.CorpusFolder), Path.Combine(dir, "index-ours"), options, parse.GetValue(profile)),
                    "query" => OurPhases.Query(Path.Combine(dir, "index-ours"), Path.Combine(dir, SynthesisManifest.FileName), options, t, warmup, r),
                    "vector-recall" => OurPhases.VectorRecall(Path.Combine(dir, "index-ours")),
                    "views" => ViewPhase.Run(Path.Combine(dir, "index-ours"), options, r),
                    "same-work" => SameWorkPeer.Run(PeerFiles(Path.Combine(dir, CorpusSynthesizer.CorpusFolder)), PeerQueries(),
                        Path.Combine(dir, "index-same-work"), options, warmup, r),
                    _ => throw new UserError($"unknown phase '{p}'"),
                };
                Console.WriteLine(ContractJson.Serialize(output));
                return 0;
            }
            int n = parse.GetValue(docs) ?? (isSmoke ? 20 : 1000);
            if (n < 1 || n > 10_000_000) throw new UserError("--docs must be between 1 and 10,000,000");
            var settings = new Settings(n, t, parse.GetValue(seed), r, warmup, isSmoke, !parse.GetValue(noJava), parse.GetValue(profile),
                parse.GetValue(vectors), parse.GetValue(javaHeap)!, parse.GetValue(o.SmartCnJar));
            string? keep = parse.GetValue(work);
            string workDir = keep ?? Path.Combine(Path.GetTempPath(), $"search-bench-{Environment.ProcessId}");
            try
            {
                var (report, table) = Run(parse.GetValue(o.Corpus)!, workDir, settings);
                if (parse.GetValue(o.Json)) Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                else foreach (var line in table) Console.WriteLine(line);
            }
            finally
            {
                if (keep is null && Directory.Exists(workDir)) Directory.Delete(workDir, true);
            }
            return 0;
        });
        return command;
    }

    sealed record Settings(int Docs, int Threads, int Seed, int Rounds, int Warmup, bool Smoke, bool Java, bool Profile, int Vectors, string JavaHeap, string? SmartCnJar);

    static (JsonObject Report, List<string> Table) Run(string realCorpus, string workDir, Settings s)
    {
        var table = new List<string>();
        void Note(string line) { table.Add(line); Console.Error.WriteLine("bench: " + line); }

        // 1. Corpus: synthesized once per (docs, seed); a kept work folder is reused so 100k runs need not regenerate it.
        string manifestPath = Path.Combine(workDir, SynthesisManifest.FileName), corpus = Path.Combine(workDir, CorpusSynthesizer.CorpusFolder);
        SynthesisManifest manifest;
        double? synthSeconds = null;
        if (File.Exists(manifestPath) && SynthesisManifest.Read(manifestPath) is { } old && old.Documents == s.Docs && old.Seed == s.Seed)
            manifest = old;
        else
        {
            var sw = Stopwatch.StartNew();
            manifest = SynthCommand.Synthesize(realCorpus, workDir, new SynthesisOptions(s.Docs, s.Seed));
            synthSeconds = Math.Round(sw.Elapsed.TotalSeconds, 2);
        }
        double mb = manifest.Bytes / 1e6;
        Note($"corpus: {manifest.Documents} documents, {mb:F1} MB, {manifest.TraditionalDocuments} Traditional (synth {synthSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "reused"} s)");

        // 2. Our index build, in a child process.
        var index = Phase(workDir, s, "index", s.Profile ? ["--profile"] : []);
        double indexSeconds = index.Json["seconds"]!.GetValue<double>();
        string ourIndex = Path.Combine(workDir, "index-ours");
        double ourIndexMb = FolderBytes(ourIndex) / 1e6;
        Note($"ours: index {indexSeconds:F2} s, {mb / indexSeconds:F2} MB/s, {manifest.Documents / indexSeconds:F1} docs/s, peak RSS {index.Json["peak_rss_mb"]} MB, index {ourIndexMb:F1} MB; semantic fit + vectors {index.Json["semantic_seconds"]} s more");

        // 3. Our queries, in a child process that opens the index like the server does.
        var query = Phase(workDir, s, "query", []);
        var mix = BenchQuery.Mix();
        var ourLatencies = LatenciesOf(query.Json, 1);
        var ours1 = LatencyStats.Of(ourLatencies.SelectMany(l => l));
        var oursT = LatencyStats.Of(LatenciesOf(query.Json, s.Threads).SelectMany(l => l));
        double qps1 = query.Json["threads"]!["1"]!["qps"]!.GetValue<double>(), qpsT = query.Json["threads"]![s.Threads.ToString(CultureInfo.InvariantCulture)]!["qps"]!.GetValue<double>();
        Note($"ours: queries 1 thread p50 {ours1.P50:F2} p95 {ours1.P95:F2} p99 {ours1.P99:F2} ms, {qps1:F0} QPS; {s.Threads} threads p50 {oursT.P50:F2} p99 {oursT.P99:F2} ms, {qpsT:F0} QPS; server peak RSS {query.Json["peak_rss_mb"]} MB");
        foreach (var g in mix.Select((q, i) => (q.Category, i)).GroupBy(x => x.Category))
        {
            var c = LatencyStats.Of(g.SelectMany(x => ourLatencies[x.i]));
            Note($"  {g.Key,-9} p50 {c.P50,8:F2}  p95 {c.P95,8:F2}  p99 {c.P99,8:F2} ms");
        }

        // The whole-result views and the export, in a child process that opens the index like the server does.
        var views = Phase(workDir, s, "views", []).Json;
        Note($"ours: matrix p50 {views["matrix"]!["all"]!["p50_ms"]} p99 {views["matrix"]!["all"]!["p99_ms"]} ms, compare p50 {views["compare"]!["all"]!["p50_ms"]} p99 {views["compare"]!["all"]!["p99_ms"]} ms, " +
             $"trend p50 {views["trend"]!["all"]!["p50_ms"]} p99 {views["trend"]!["all"]!["p99_ms"]} ms, similar to a pasted paragraph p50 {views["similar_text"]!["p50_ms"]} p99 {views["similar_text"]!["p99_ms"]} ms");
        var every = views["every_document"]!;
        Note($"ours: a term in every document: {every["indexed"]} indexed; trend {every["trend"]}, comparison {every["compare"]}, matrix {every["matrix"]} documents ({every["matrix_measures"]} measures in {every["matrix_rows"]} rows), export {views["export"]!["every_document_csv"]!["documents"]}");
        foreach (var (name, e) in views["export"]!.AsObject())
            Note($"ours: export {name}: {e!["documents"]} documents, {e["measures"]} measures, {e["bytes"]} bytes in {e["seconds"]} s ({e["rows_per_s"]} rows/s, {e["mb_per_s"]} MB/s, first byte {e["first_byte_ms"]} ms); heap {e["heap_before_mb"]} → peak {e["heap_peak_mb"]} MB, peak RSS {e["peak_rss_before_mb"]} → {e["peak_rss_after_mb"]} MB");

        // The quantized vector scan against exact float32 scans on the same vectors (its own process: it maps the float32 file).
        var vectorRecall = Phase(workDir, s, "vector-recall", []).Json;
        Note($"ours: quantized vector scan ({(vectorRecall["partitions"] is { } parts ? $"{parts} partitions, nearest {vectorRecall["probe_share"]} of the rows read" : "every row read")}) recall against exact float32 (200 measures): top 10 {vectorRecall["plain_recall_10"]}, top 100 {vectorRecall["plain_recall_100"]}; with feedback {vectorRecall["feedback_recall_10"]} / {vectorRecall["feedback_recall_100"]}");

        // 4. Cold start: a fresh process answering one query on the existing index, as a plain `dotnet Search.Cli.dll search` runs
        // (default tiering), and with run.sh's tier-up setting, which a server wants and a one-shot process pays for.
        var (file, selfArgs) = ChildProcess.SelfCommand();
        double ColdStart(bool defaultTiering)
        {
            var colds = new List<double>();
            for (int i = 0; i < (s.Smoke ? 1 : 5); i++)
            {
                var cold = ChildProcess.Run(file, [.. selfArgs, "search", ColdQuery, "--index", ourIndex, "--json", .. JarArgs(s)],
                    productEnvironment: !defaultTiering, defaultTiering: defaultTiering);
                if (cold.ExitCode != 0) throw new InvalidOperationException("cold-start search failed: " + cold.Stderr);
                colds.Add(cold.Elapsed.TotalMilliseconds);
            }
            colds.Sort();
            return Math.Round(colds[colds.Count / 2], 1);
        }
        double coldMs = ColdStart(defaultTiering: true), coldTierUpMs = ColdStart(defaultTiering: false);
        Note($"ours: cold start (process start → first answer) median of {(s.Smoke ? 1 : 5)}: {coldMs:F0} ms (default tiering), {coldTierUpMs:F0} ms ({ChildProcess.TierUpSetting.Key}={ChildProcess.TierUpSetting.Value})");

        // 5. similar: only through the product's vector search, when wired.
        SimilarProbe.Factory ??= VectorStoreProbe.Create;
        var similar = SimilarProbe.Measure(s.Smoke ? Math.Min(s.Vectors, 10_000) : s.Vectors, s.Smoke ? 50 : 1000, s.Seed);
        Note(similar is null ? "similar: " + SimilarProbe.MissingNote : $"similar: {s.Vectors} vectors p50 {similar.P50:F2} p99 {similar.P99:F2} ms");
        var similarOnIndex = query.Json["similar"];
        if (similarOnIndex is not null)
            Note($"similar on the index ({similarOnIndex["measures"]} measures, top 10 with explanations): hybrid p50 {similarOnIndex["hybrid"]!["p50_ms"]} p99 {similarOnIndex["hybrid"]!["p99_ms"]} ms; " +
                 $"embedding alone p50 {similarOnIndex["embedding"]!["p50_ms"]} p99 {similarOnIndex["embedding"]!["p99_ms"]} ms");

        // 6. Java peer on the same files and the queries it can express.
        var common = mix.Select((q, i) => (q, i)).Where(x => x.q.Java != null).ToList();
        JsonObject? java = null;
        JsonObject ratio = new();
        string? javaSkipped = !s.Java ? "--no-java" : JavaPeer.Unavailable();
        if (javaSkipped is null)
        {
            var peer = JavaIndexPeer.Run(PeerFiles(corpus), PeerQueries(), workDir, s.Warmup, s.Rounds, s.JavaHeap);
            var j1 = LatencyStats.Of(peer.Latencies[1].SelectMany(l => l));
            var oursCommon = LatencyStats.Of(common.SelectMany(x => ourLatencies[x.i]));
            double javaMbs = peer.Bytes / 1e6 / peer.IndexSeconds;
            java = new JsonObject
            {
                ["index_mb_s"] = Math.Round(javaMbs, 3), ["index_docs_s"] = Math.Round(peer.Documents / peer.IndexSeconds, 1),
                ["index_seconds"] = peer.IndexSeconds, ["index_size_mb"] = Math.Round(peer.IndexBytes / 1e6, 2), ["rss_mb"] = peer.PeakRssMb,
                ["query_p50_ms"] = j1.P50, ["query_p95_ms"] = j1.P95, ["query_p99_ms"] = j1.P99, ["qps_1"] = peer.Qps.GetValueOrDefault(1),
                ["qps_2"] = peer.Qps.GetValueOrDefault(2),
                ["by_query"] = new JsonArray(common.Select((x, k) => (JsonNode)new JsonObject
                {
                    ["query"] = x.q.Java, ["hits"] = peer.Hits[k], ["ours_hits"] = query.Json["threads"]!["1"]!["by_query"]![x.i]!["hits"]!.GetValue<int>(),
                    ["java"] = JsonSerializer.SerializeToNode(LatencyStats.Of(peer.Latencies[1][k]).ToJson()),
                    ["ours"] = JsonSerializer.SerializeToNode(LatencyStats.Of(ourLatencies[x.i]).ToJson()),
                }).ToArray()),
                ["ours_common_query_p50_ms"] = oursCommon.P50, ["ours_common_query_p95_ms"] = oursCommon.P95, ["ours_common_query_p99_ms"] = oursCommon.P99,
            };
            ratio["index"] = Math.Round(mb / indexSeconds / javaMbs, 3);
            ratio["query_p50"] = Math.Round(oursCommon.P50 / j1.P50, 3);
            ratio["query_p95"] = Math.Round(oursCommon.P95 / j1.P95, 3);
            ratio["query_p99"] = Math.Round(oursCommon.P99 / j1.P99, 3);
            Note($"java: index {peer.IndexSeconds:F2} s, {javaMbs:F2} MB/s, index {peer.IndexBytes / 1e6:F1} MB, peak RSS {peer.PeakRssMb} MB; " +
                 $"term/AND/phrase p50 {j1.P50:F2} p95 {j1.P95:F2} p99 {j1.P99:F2} ms (ours on the same queries: {oursCommon.P50:F2} / {oursCommon.P95:F2} / {oursCommon.P99:F2})");
            Note($"ratio ours/java: index throughput {ratio["index"]}x; latency p50 {ratio["query_p50"]}x, p95 {ratio["query_p95"]}x, p99 {ratio["query_p99"]}x (latency: lower is better)");
        }
        else Note("java: skipped, " + javaSkipped);

        // 7. The peer's work done by our stack (SmartCn + Lucene.Net, one field per raw file): how fast the stack is, apart from the schema.
        var sameWork = Phase(workDir, s, "same-work", []).Json;
        double sameSeconds = sameWork["seconds"]!.GetValue<double>(), sameMbs = sameWork["bytes"]!.GetValue<long>() / 1e6 / sameSeconds;
        var sameStats = LatencyStats.Of(PerQuery(sameWork["latencies_ms"]!).SelectMany(l => l));
        var sameHits = sameWork["hits"]!.AsArray().Select(h => h!.GetValue<int>()).ToList();
        bool? sameHitsEqual = java is null ? null : sameHits.SequenceEqual(java["by_query"]!.AsArray().Select(q => q!["hits"]!.GetValue<int>()));
        var sameWorkReport = new JsonObject
        {
            ["index_seconds"] = sameSeconds, ["index_mb_s"] = Math.Round(sameMbs, 3), ["index_size_mb"] = Math.Round(sameWork["size_bytes"]!.GetValue<long>() / 1e6, 2),
            ["rss_mb"] = sameWork["peak_rss_mb"]?.DeepClone(), ["inverted"] = sameWork["inverted"]?.DeepClone(), ["query_p50_ms"] = sameStats.P50, ["query_p95_ms"] = sameStats.P95, ["query_p99_ms"] = sameStats.P99,
            ["hits"] = new JsonArray(sameHits.Select(h => (JsonNode)h).ToArray()), ["hits_equal_java"] = sameHitsEqual,
        };
        Note($"same work as the peer with our stack (SmartCn + Lucene.Net, one field per raw file): index {sameSeconds:F2} s, {sameMbs:F2} MB/s, " +
             $"{sameWork["size_bytes"]!.GetValue<long>() / 1e6:F1} MB, peak RSS {sameWork["peak_rss_mb"]} MB; queries p50 {sameStats.P50:F2} p95 {sameStats.P95:F2} p99 {sameStats.P99:F2} ms; " +
             $"hit counts {(sameHitsEqual is null ? "not compared (no Java run)" : sameHitsEqual.Value ? "equal to Java's on every query" : "DIFFER from Java's: " + string.Join(",", sameHits))}");
        // The work behind the two throughputs: tokens each build inverted (read back from both indexes).
        long ourTokens = index.Json["inverted"]!["tokens"]!.GetValue<long>(), peerTokens = sameWork["inverted"]!["tokens"]!.GetValue<long>();
        ratio["inverted_tokens"] = peerTokens > 0 ? Math.Round((double)ourTokens / peerTokens, 2) : null;
        var shares = index.Json["inverted"]!["fields"]!.AsObject()
            .Select(f => (f.Key, Tokens: f.Value!["tokens"]!.GetValue<long>())).OrderByDescending(f => f.Tokens)
            .Select(f => $"{f.Key} {100.0 * f.Tokens / Math.Max(1, ourTokens):F1}%");
        Note($"inverted tokens: ours {ourTokens:N0} ({string.Join(", ", shares)}), same work as the peer {peerTokens:N0}: {ratio["inverted_tokens"]}x the peer's");
        if (java is not null)
        {
            ratio["index_same_work"] = Math.Round(sameMbs / java["index_mb_s"]!.GetValue<double>(), 3);
            ratio["query_same_work_p50"] = Math.Round(sameStats.P50 / java["query_p50_ms"]!.GetValue<double>(), 3);
            ratio["query_same_work_p99"] = Math.Round(sameStats.P99 / java["query_p99_ms"]!.GetValue<double>(), 3);
            Note($"ratio ours/java for the same work: index throughput {ratio["index_same_work"]}x; latency p50 {ratio["query_same_work_p50"]}x, p99 {ratio["query_same_work_p99"]}x");
        }

        // 8. Substring scan baseline for the phrase queries.
        JsonArray? scans = null;
        if (SubstringScan.Available())
        {
            scans = [];
            var ratios = new List<double>();
            foreach (var (q, i) in mix.Select((q, i) => (q, i)).Where(x => x.q.Phrase != null))
            {
                var (ms, files) = SubstringScan.Time(corpus, q.Phrase!, s.Smoke ? 1 : 3);
                var ourPhrase = LatencyStats.Of(ourLatencies[i]);
                ratios.Add(ms / ourPhrase.P50);
                scans.Add(new JsonObject { ["phrase"] = q.Phrase, ["grep_ms"] = ms, ["grep_files"] = files, ["ours_p50_ms"] = ourPhrase.P50, ["speedup"] = Math.Round(ms / ourPhrase.P50, 1) });
                Note($"grep -rFl \"{q.Phrase}\": {ms:F1} ms, {files} files; ours p50 {ourPhrase.P50:F2} ms → {ms / ourPhrase.P50:F1}x faster");
            }
            ratio["phrase_vs_grep_min"] = Math.Round(ratios.Min(), 1);
        }

        var planted = query.Json["planted"]?.AsArray();
        bool plantedExact = planted?.All(p => p!["exact"]!.GetValue<bool>()) ?? false;
        Note($"planted phrases: {(plantedExact ? "every planted set found exactly" : "MISMATCH: " + planted?.ToJsonString())}");

        var report = new JsonObject
        {
            ["docs"] = manifest.Documents, ["threads"] = s.Threads, ["smoke"] = s.Smoke,
            ["machine"] = Machine(),
            ["corpus"] = new JsonObject { ["documents"] = manifest.Documents, ["bytes"] = manifest.Bytes, ["traditional"] = manifest.TraditionalDocuments, ["seed"] = manifest.Seed, ["synth_seconds"] = synthSeconds },
            ["ours"] = new JsonObject
            {
                ["index_mb_s"] = Math.Round(mb / indexSeconds, 3), ["index_docs_s"] = Math.Round(manifest.Documents / indexSeconds, 1), ["index_seconds"] = indexSeconds, ["semantic_seconds"] = index.Json["semantic_seconds"]?.DeepClone(),
                ["index_rss_mb"] = index.Json["peak_rss_mb"]?.DeepClone(), ["index_size_mb"] = Math.Round(ourIndexMb, 2), ["measures"] = index.Json["measures"]?.DeepClone(),
                ["index_failed"] = index.Json["failed"]?.DeepClone(), ["profile"] = index.Json["profile"]?.DeepClone(), ["inverted"] = index.Json["inverted"]?.DeepClone(),
                ["query_p50_ms"] = ours1.P50, ["query_p95_ms"] = ours1.P95, ["query_p99_ms"] = ours1.P99, ["qps_1"] = qps1,
                [$"query_p50_ms_{s.Threads}t"] = oursT.P50, [$"query_p99_ms_{s.Threads}t"] = oursT.P99, [$"qps_{s.Threads}"] = qpsT,
                ["by_category"] = query.Json["threads"]!["1"]!["by_category"]!.DeepClone(),
                ["by_query"] = query.Json["threads"]!["1"]!["by_query"]!.DeepClone(),
                ["similar_p50_ms"] = similar?.P50, ["similar_p99_ms"] = similar?.P99, ["similar_vectors"] = similar is null ? null : s.Vectors,
                ["similar_note"] = similar is null ? SimilarProbe.MissingNote : null,
                ["similar_on_index"] = similarOnIndex?.DeepClone(),
                ["vector_recall"] = vectorRecall.DeepClone(),
                ["views"] = views.DeepClone(),
                ["rss_mb"] = query.Json["peak_rss_mb"]?.DeepClone(), ["cold_start_ms"] = coldMs, ["cold_start_tier_up_ms"] = coldTierUpMs,
                ["planted"] = planted?.DeepClone(), ["planted_exact"] = plantedExact,
            },
            ["same_work"] = sameWorkReport,
            ["java"] = java,
            ["java_skipped"] = javaSkipped,
            ["grep"] = scans,
            ["ratio"] = ratio,
        };
        return (report, table);
    }

    /// <summary>The mix's queries the Java peer can express, in its classic query parser syntax (the mix's order).</summary>
    static List<string> PeerQueries() => BenchQuery.Mix().Where(q => q.Java != null).Select(q => q.Java!).ToList();

    /// <summary>The corpus files, in the order both peers index them.</summary>
    static List<string> PeerFiles(string corpus) => DocumentIngestor.CorpusFiles(corpus).Select(f => Path.GetFullPath(f.Path)).ToList();

    sealed record PhaseRun(JsonObject Json);

    static PhaseRun Phase(string workDir, Settings s, string name, string[] extra)
    {
        var (file, selfArgs) = ChildProcess.SelfCommand();
        var run = ChildProcess.Run(file, [.. selfArgs, "bench", "--phase", name, "--work", workDir,
            "--threads", s.Threads.ToString(CultureInfo.InvariantCulture), "--rounds", s.Rounds.ToString(CultureInfo.InvariantCulture),
            .. (s.Smoke ? new[] { "--smoke" } : []), .. JarArgs(s), .. extra], productEnvironment: true);
        if (run.ExitCode != 0) throw new InvalidOperationException($"bench phase {name} failed: {run.Stderr}");
        var json = JsonNode.Parse(run.Stdout.Trim().Split('\n')[^1])!.AsObject();
        json["peak_rss_mb"] ??= run.PeakRssMb;
        return new PhaseRun(json);
    }

    static string[] JarArgs(Settings s) => s.SmartCnJar is { } jar ? ["--smartcn-jar", jar] : [];

    static List<double>[] LatenciesOf(JsonObject query, int threads) =>
        PerQuery(query["threads"]![threads.ToString(CultureInfo.InvariantCulture)]!["latencies_ms"]!);

    /// <summary>A phase's latencies, one list of milliseconds per query.</summary>
    static List<double>[] PerQuery(JsonNode latencies) =>
        latencies.AsArray().Select(l => l!.AsArray().Select(x => x!.GetValue<double>()).ToList()).ToArray();

    static long FolderBytes(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    static JsonObject Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";
        bool optimized = typeof(BenchCommand).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        return new JsonObject
        {
            ["cpu"] = cpu, ["cores"] = Environment.ProcessorCount, ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(), ["build"] = optimized ? "Release" : "Debug", ["server_gc"] = GCSettings.IsServerGC,
            ["child_env"] = $"{ChildProcess.TierUpSetting.Key}={Environment.GetEnvironmentVariable(ChildProcess.TierUpSetting.Key) ?? ChildProcess.TierUpSetting.Value}",
        };
    }
}
