using System.Collections.Concurrent;
using System.Diagnostics;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;
using Search.Evaluation.Synthesis;
using Search.Schema;
using Search.Semantic.Vectors;
using Search.Semantic.Similar;

namespace Search.Evaluation.Benchmarks;

/// <summary>The measured parts of our engine, each run in its own child process (<c>bench --phase …</c>) so its peak RSS is its own.</summary>
public static class OurPhases
{
    /// <summary>Builds the index from scratch with the product's <see cref="CorpusIndexer"/>; optionally first a profile pass that times ingestion and analysis alone.</summary>
    public static Dictionary<string, object?> Index(string corpus, string index, SmartCnOptions options, bool profile)
    {
        if (Directory.Exists(index)) Directory.Delete(index, true);
        var result = new Dictionary<string, object?>();
        using var analyzers = new SearchAnalyzers(options);
        if (profile) result["profile"] = Profile(corpus, analyzers);
        // The full-text index (ingest + analysis + Lucene) and the semantic fit are timed apart: the first is what the Java
        // peer does too; the second (ML.NET fit + vectors) has no peer.
        var sw = Stopwatch.StartNew();
        var summary = new CorpusIndexer(analyzers, semantic: false).Run(corpus, index);
        sw.Stop();
        result["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 3);
        var semantic = Stopwatch.StartNew();
        new CorpusIndexer(analyzers).Run(corpus, index); // nothing to re-ingest: fits and writes the semantic folder only
        result["semantic_seconds"] = Math.Round(semantic.Elapsed.TotalSeconds, 3);
        result["documents"] = summary.Documents;
        result["measures"] = summary.Measures;
        result["failed"] = summary.Failed.Count;
        result["peak_rss_mb"] = ProcessMemory.PeakRssMb();
        result["inverted"] = InvertedTokens.Of(index); // after the timed build and the RSS reading: neither includes it
        return result;
    }

    /// <summary>Thread time spent per stage over the whole corpus: read+clean+outline+describe, Lucene document building, words and grams analysis.</summary>
    /// <remarks>Each stage is timed on the thread that runs it, so the sums are CPU-seconds across both cores, comparable with
    /// (build wall time × threads); what the build spends beyond these sums is Lucene's inversion, stored fields, doc values,
    /// flushing and merging.</remarks>
    static Dictionary<string, object?> Profile(string corpus, SearchAnalyzers analyzers)
    {
        var ingestor = new DocumentIngestor();
        var files = DocumentIngestor.CorpusFiles(corpus);
        long ingestTicks = 0, buildTicks = 0, wordsTicks = 0, gramsTicks = 0, wordTokens = 0, gramTokens = 0;
        var wall = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            long t0 = Stopwatch.GetTimestamp();
            var document = ingestor.Ingest(file.Path, corpus);
            long t1 = Stopwatch.GetTimestamp();
            var docs = IndexedDocuments.For(document, "profile");
            long t2 = Stopwatch.GetTimestamp();
            Interlocked.Add(ref ingestTicks, t1 - t0);
            Interlocked.Add(ref buildTicks, t2 - t1);
            foreach (var doc in docs)
                foreach (var field in doc.Fields)
                {
                    if (!field.IndexableFieldType.IsIndexed || !field.IndexableFieldType.IsTokenized) continue;
                    bool grams = field.Name.EndsWith("_grams", StringComparison.Ordinal);
                    long s = Stopwatch.GetTimestamp(), n = 0;
                    using (var stream = field.GetTokenStream(analyzers.PerField))
                    {
                        var term = stream.AddAttribute<ICharTermAttribute>();
                        stream.Reset();
                        while (stream.IncrementToken()) n++;
                        stream.End();
                    }
                    long e = Stopwatch.GetTimestamp() - s;
                    if (grams) { Interlocked.Add(ref gramsTicks, e); Interlocked.Add(ref gramTokens, n); }
                    else { Interlocked.Add(ref wordsTicks, e); Interlocked.Add(ref wordTokens, n); }
                }
        });
        double Sec(long ticks) => Math.Round(ticks / (double)Stopwatch.Frequency, 3);
        return new()
        {
            ["wall_s"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
            ["ingest_cpu_s"] = Sec(ingestTicks),
            ["lucene_documents_cpu_s"] = Sec(buildTicks),
            ["words_analysis_cpu_s"] = Sec(wordsTicks),
            ["grams_analysis_cpu_s"] = Sec(gramsTicks),
            ["word_tokens"] = wordTokens,
            ["gram_tokens"] = gramTokens,
        };
    }

    /// <summary>Opens the index like the server does and runs the query mix after warm-up, at 1 thread and at <paramref name="threads"/>; checks planted-phrase recall.</summary>
    public static Dictionary<string, object?> Query(string index, string? manifestPath, SmartCnOptions options, int threads, int warmup, int rounds)
    {
        var open = Stopwatch.StartNew();
        using var engine = SearchEngine.Open(index, options);
        var mix = BenchQuery.Mix();
        var hits = mix.Select(q => Run(engine, q).Total).ToList();
        open.Stop();
        for (int w = 0; w < warmup; w++)
            foreach (var q in mix) Run(engine, q);

        var result = new Dictionary<string, object?> { ["open_and_first_pass_ms"] = Math.Round(open.Elapsed.TotalMilliseconds, 1) };
        var perThreads = new Dictionary<string, object?>();
        foreach (int t in new[] { 1, threads }.Distinct())
        {
            var (latencies, seconds) = Measure(engine, mix, t, rounds);
            int calls = latencies.Sum(l => l.Count);
            perThreads[t.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new Dictionary<string, object?>
            {
                ["qps"] = Math.Round(calls / seconds, 1),
                ["all"] = LatencyStats.Of(latencies.SelectMany(l => l)).ToJson(),
                ["by_category"] = mix.Select((q, i) => (q.Category, i)).GroupBy(x => x.Category)
                    .ToDictionary(g => g.Key, g => LatencyStats.Of(g.SelectMany(x => latencies[x.i])).ToJson()),
                ["by_query"] = mix.Select((q, i) => new { category = q.Category, query = q.Text, order = q.Order.ToString(), hits = hits[i], latency = LatencyStats.Of(latencies[i]).ToJson() }).ToList(),
                ["latencies_ms"] = latencies.Select(l => l.Select(x => Math.Round(x, 3)).ToList()).ToList(),
            };
        }
        result["threads"] = perThreads;
        if (engine.Semantic() is { } semantic) result["similar"] = SimilarOnIndex(engine, semantic);
        if (manifestPath != null && File.Exists(manifestPath)) result["planted"] = PlantedRecall(engine, SynthesisManifest.Read(manifestPath));
        result["peak_rss_mb"] = ProcessMemory.PeakRssMb();
        return result;
    }

    /// <summary>Recall of the product's quantized vector scan (over the partitions nearest each query, when the index has
    /// <see cref="Semantic.VectorPartitions"/>) against exact float32 scans over the index's own measure vectors:
    /// plain top-k and the feedback search <c>similar</c> runs (<see cref="Semantic.Vectors.MeasureVectorStore.SearchRefined"/> against a
    /// first exact scan, the refinement and a second exact scan), for 200 measures spread over the index, other districts only.</summary>
    /// <remarks>A hit counts as found when its exact score reaches the exact k-th score: copies of one measure tie exactly, and
    /// which copy a tie keeps depends on summation order. Its own process, because the exact scans map the whole float32 file.</remarks>
    public static Dictionary<string, object?> VectorRecall(string index)
    {
        if (Semantic.SemanticIndex.Locate(index) is not { } folder) return new() { ["skipped"] = "the index has no semantic folder" };
        using var quantized = Semantic.Vectors.MeasureVectorStore.Open(folder, quantized: true);
        using var exact = Semantic.Vectors.MeasureVectorStore.Open(folder);
        quantized.Warm();
        int count = quantized.Count, samples = Math.Min(200, count);
        double Found(IReadOnlyList<Semantic.Vectors.VectorHit> truth, IReadOnlyList<Semantic.Vectors.VectorHit> hits, int k)
        {
            if (truth.Count == 0) return 1;
            float cut = truth[Math.Min(k, truth.Count) - 1].Score - 1e-5f;
            return hits.Take(k).Count(h => h.Score >= cut) / (double)Math.Min(k, truth.Count);
        }
        double plain10 = 0, plain100 = 0, refined10 = 0, refined100 = 0;
        var query = new float[quantized.Dimension];
        for (int i = 0; i < samples; i++)
        {
            int row = (int)((long)i * count / samples);
            quantized.ReadVectors(row, 1, query);
            var r = quantized.Rows[row];
            var filter = new Semantic.Vectors.VectorFilter { ExcludeId = r.Id, ExcludeDistrict = r.District };
            var truth = exact.Search(query, 100, filter);
            var plain = quantized.Search(query, 100, filter);
            plain10 += Found(truth, plain, 10); plain100 += Found(truth, plain, 100);
            double weight = SimilarMeasures.DefaultFeedbackWeight;
            var refinedTruth = exact.Search(SimilarMeasures.WithFeedback(exact, query, exact.Search(query, SimilarMeasures.FeedbackNeighbours, filter), weight), 100, filter);
            var refined = quantized.SearchRefined(query, 100, SimilarMeasures.FeedbackNeighbours, filter, first => SimilarMeasures.WithFeedback(quantized, query, first, weight));
            refined10 += Found(refinedTruth, refined, 10); refined100 += Found(refinedTruth, refined, 100);
        }
        double Mean(double sum) => Math.Round(sum / Math.Max(1, samples), 4);
        return new()
        {
            ["measures"] = count, ["queries"] = samples,
            ["partitions"] = quantized.Partitions?.Count, ["probe_share"] = quantized.Partitions is null ? null : quantized.ProbeShare,
            ["plain_recall_10"] = Mean(plain10), ["plain_recall_100"] = Mean(plain100),
            ["feedback_recall_10"] = Mean(refined10), ["feedback_recall_100"] = Mean(refined100),
        };
    }

    /// <summary><c>similar</c> as the product answers it (hybrid: vector candidates + BM25 MoreLikeThis on the index, top 10 with
    /// shared-term explanations) and the embedding alone, for 200 measures spread evenly over the index, after 20 warm-up calls.</summary>
    static Dictionary<string, object?> SimilarOnIndex(SearchEngine engine, Semantic.SemanticIndex semantic)
    {
        int count = semantic.Store.Count, samples = Math.Min(200, count);
        var ids = Enumerable.Range(0, samples).Select(i => semantic.Store.IdOf((int)((long)i * count / samples))).ToList();
        var options = new Semantic.Similar.SimilarOptions { Top = 10 };
        var ways = new (string Name, Func<string, int> Find)[]
        {
            ("hybrid", id => engine.FindSimilar(Semantic.Similar.SimilarTarget.ForMeasure(id), options)!.Count),
            ("embedding", id => semantic.FindSimilar(Semantic.Similar.SimilarTarget.ForMeasure(id), options).Count),
        };
        var result = new Dictionary<string, object?> { ["measures"] = count, ["queries"] = samples };
        foreach (var (name, find) in ways)
        {
            foreach (var id in ids.Take(20)) find(id);
            var latencies = new List<double>(samples);
            foreach (var id in ids)
            {
                long t0 = Stopwatch.GetTimestamp();
                find(id);
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            result[name] = LatencyStats.Of(latencies).ToJson();
        }
        return result;
    }

    static SearchResult Run(SearchEngine engine, BenchQuery q, int page = 1, int size = 10) =>
        engine.Search(new SearchQuery(q.Text, page, size, q.Order)).GetResultOrThrow(q.Text);

    static (List<double>[] Latencies, double Seconds) Measure(SearchEngine engine, IReadOnlyList<BenchQuery> mix, int threads, int rounds)
    {
        var latencies = Enumerable.Range(0, mix.Count).Select(_ => new ConcurrentBag<double>()).ToArray();
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(slot => new Thread(() =>
        {
            for (int r = 0; r < rounds; r++)
                for (int k = 0; k < mix.Count; k++)
                {
                    int q = (k + slot * 7) % mix.Count; // threads start at different queries so they do not run in lockstep
                    long t0 = Stopwatch.GetTimestamp();
                    Run(engine, mix[q]);
                    latencies[q].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return (latencies.Select(b => b.ToList()).ToArray(), wall.Elapsed.TotalSeconds);
    }

    /// <summary>For each planted phrase: the documents an exact-phrase search returns against the manifest's set.</summary>
    static List<object> PlantedRecall(SearchEngine engine, SynthesisManifest manifest)
    {
        var rows = new List<object>();
        foreach (var set in manifest.Planted)
        {
            var query = new BenchQuery("phrase", $"\"{set.Phrase}\"");
            var found = new HashSet<string>(StringComparer.Ordinal);
            int total = 0;
            for (int page = 1; ; page++)
            {
                var r = Run(engine, query, page, 100);
                total = r.Total;
                foreach (var h in r.Hits) found.Add(h.DocId);
                if (r.Hits.Count < 100 || page * 100 >= Math.Min(total, SearchQuery.MaxDepth)) break;
            }
            var expected = set.DocIds.ToHashSet(StringComparer.Ordinal);
            rows.Add(new { phrase = set.Phrase, expected = expected.Count, found = found.Count, missing = expected.Except(found).Count(), extra = found.Except(expected).Count(), exact = found.SetEquals(expected) });
        }
        return rows;
    }
}
