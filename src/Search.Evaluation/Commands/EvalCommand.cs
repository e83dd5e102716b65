using System.CommandLine;
using Search.Responses;
using System.Diagnostics;
using Search.Ingest;
using Search.Evaluation.Judged;
using Search.Semantic;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;

namespace Search.Evaluation.Commands;

/// <summary><c>eval</c>: nDCG@5, recall@5 and MRR of BM25 MoreLikeThis, the embedding and the hybrid on the judged similar-measure set.</summary>
public static class EvalCommand
{
    /// <summary>The first held-out test set, as shipped beside this assembly (<c>Judged/</c>).</summary>
    public static readonly string DefaultJudged = JudgedSet.Shipped("judged-similar.json");

    /// <summary>The held-out sets scored by default: the first test set and the second, written blind (docs/EVALUATION.md); the
    /// development set is only for choosing settings.</summary>
    public static readonly string[] DefaultHeldOut = [DefaultJudged, JudgedSet.Shipped("judged-similar-test2.json")];

    public static Command Create(EvaluationOptions o)
    {
        var judged = new Option<string[]>("--judged")
        {
            Description = "Judged set (JSON); repeat it to score the union of several. Default: both held-out test sets",
            DefaultValueFactory = _ => DefaultHeldOut,
        };
        var variants = new Option<bool>("--variants") { Description = "Also evaluate the alternative embedding recipes (the table in docs/EVALUATION.md)" };
        var details = new Option<bool>("--details") { Description = "Print each judged query with the top 5 of every method (stderr)" };
        var command = new Command("eval", "Similarity evaluation on the judged set: BM25 MoreLikeThis, embedding, hybrid") { judged, variants, details };
        command.SetAction(parse =>
        {
            string corpus = parse.GetValue(o.Corpus)!;
            if (!Directory.Exists(corpus)) throw new UserError($"corpus folder '{corpus}' not found");
            var documents = new DocumentIngestor().IngestCorpus(corpus).Where(d => d.Succeeded).Select(d => d.Document!).ToList();
            var paths = parse.GetValue(judged)!;
            if (paths.Length == 0) throw new UserError("--judged needs a file");
            var report = SimilarityEvaluation.Run(documents, paths);
            if (parse.GetValue(o.Json))
                Console.WriteLine(ContractJson.Serialize(new
                {
                    bm25 = Scores(report.Bm25), embedding = Scores(report.Embedding), hybrid = Scores(report.Hybrid),
                    embedder = report.Embedder, queries = report.Queries,
                    hybridBm25 = Scores(report.HybridBm25!),
                    hybridWholeList = Scores(report.WholeListHybrid!),
                    hybridSingleScan = Scores(report.SingleScanHybrid!),
                    hybridSensitivity = report.HybridSensitivity.ToDictionary(p => p.Key, p => Scores(p.Value)),
                    intervals = new
                    {
                        resamples = BootstrapInterval.Resamples,
                        hybridNdcg5 = Interval(report.HybridNdcgInterval!),
                        hybridMinusBm25Ndcg5 = Interval(report.HybridOverBm25!),
                        hybridMinusEmbeddingNdcg5 = Interval(report.HybridOverEmbedding!),
                    },
                }));
            else
            {
                Console.WriteLine($"embedder: {report.Embedder}");
                Console.WriteLine($"{"method",-12} {"nDCG@5",7} {"recall@5",9} {"MRR",7}");
                Print("bm25", report.Bm25);
                Print("embedding", report.Embedding);
                Print("hybrid", report.Hybrid);
                Print("hybrid-all", report.WholeListHybrid!);
                Print("hybrid-1scan", report.SingleScanHybrid!);
                Console.WriteLine($"({report.Queries} judged queries; hybrid = what `similar` runs: the {SimilarMeasures.HybridDepth} best vector candidates re-ranked by RRF k=60 " +
                    $"with BM25 MoreLikeThis over words+bigrams, vector weight {SimilarMeasures.HybridVectorWeight}; hybrid-all = RRF over the whole MoreLikeThis list, as evaluated before; " +
                    $"vectors after pseudo-relevance feedback from the first scan's {SimilarMeasures.FeedbackNeighbours} best hits, weight {SimilarMeasures.DefaultFeedbackWeight}; hybrid-1scan = without it)");
                var h = report.HybridNdcgInterval!;
                Console.WriteLine($"hybrid nDCG@5 {h.Mean:F4}, 95 % interval over queries {h.Low:F4}–{h.High:F4} (bootstrap, {BootstrapInterval.Resamples:N0} resamples)");
                PrintDifference("hybrid − bm25", report.HybridOverBm25!);
                PrintDifference("hybrid − embedding", report.HybridOverEmbedding!);
            }
            if (parse.GetValue(details))
                foreach (var line in report.Details) Console.Error.WriteLine(line);
            if (parse.GetValue(variants))
            {
                Console.Error.WriteLine($"{"recipe",-40} {"emb nDCG",8} {"emb R@5",8} {"emb MRR",8} {"hyb nDCG",8} {"hyb R@5",8} {"hyb MRR",8} {"fit+eval s",10}");
                var runs = new List<(string Name, SimilarityReport Report)>();
                foreach (var (recipe, passageWeight) in Variants().Select(v => (v, 0.0)).Concat(PassageVariants()))
                {
                    var sw = Stopwatch.StartNew();
                    var r = SimilarityEvaluation.Run(documents, paths, recipe, passageWeight);
                    runs.Add((recipe.Describe() + (passageWeight > 0 ? $"+passage{passageWeight}" : ""), r));
                        Console.Error.WriteLine($"{recipe.Describe() + (passageWeight > 0 ? $"+passage{passageWeight}" : ""),-40} {r.Embedding.Ndcg5,8:F4} {r.Embedding.Recall5,8:F4} {r.Embedding.Mrr,8:F4} {r.Hybrid.Ndcg5,8:F4} {r.Hybrid.Recall5,8:F4} {r.Hybrid.Mrr,8:F4} {sw.Elapsed.TotalSeconds,10:F1}  rrf(words-only MLT):{r.PlainHybrid!.Ndcg5:F3}/{r.PlainHybrid.Recall5:F3} " +
                        string.Join(" ", r.HybridSensitivity.Select(p => $"{p.Key}:{p.Value.Ndcg5:F3}/{p.Value.Recall5:F3}")));
                }
                CrossCheck(runs);
            }
            return 0;
        });
        return command;
    }

    static IEnumerable<EmbeddingRecipe> Variants() =>
    [
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 0),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 32),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 64),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 128),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 256),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 0, UseWords: true, DenseRank: 0),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 0),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 3, UseWords: true, DenseRank: 0),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, WordBigrams: true, DenseRank: 0),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 64),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 128),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256),
        new(LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 16),
        new(LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32),
        new(LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32, TopicWeight: 2),
        new(LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 64),
        new(LeadWeight: 0, CharNgramLength: 3, UseWords: true, DenseRank: 256, TopicRank: 32),
        new(TopicRank: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, LeadWeight: 1),
        new(TopicRank: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, LeadWeight: 2),
        new(TopicRank: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, LeadWeight: 3),
        new(TopicRank: 0, CharNgramLength: 2, UseWords: true, DenseRank: 256, LeadWeight: 4),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32, LeadWeight: 2),
        new(TopicRank: 0, CharNgramLength: 2, UseWords: false, DenseRank: 256, LeadWeight: 2),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 16, LeadWeight: 2),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 64, LeadWeight: 2),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32, TopicWeight: 2, LeadWeight: 2),
        new(CharNgramLength: 3, UseWords: true, DenseRank: 256, TopicRank: 32, LeadWeight: 2),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32, LeadWeight: 3),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 64, TopicRank: 32, LeadWeight: 2),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 128, TopicRank: 32, LeadWeight: 2),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: false, DenseRank: 0, CharUnigrams: false),
        new(TopicRank: 0, LeadWeight: 0, CharNgramLength: 2, UseWords: true, DenseRank: 0, CharUnigrams: false),
        new(CharNgramLength: 2, UseWords: true, DenseRank: 256, TopicRank: 32, LeadWeight: 2, CharUnigrams: false),
        new(CharNgramLength: 3, UseWords: true, DenseRank: 256, TopicRank: 32, LeadWeight: 2, CharUnigrams: false),
    ];

    static IEnumerable<(EmbeddingRecipe, double)> PassageVariants() =>
        from recipe in new EmbeddingRecipe[] { new(TopicRank: 0, LeadWeight: 0), new(TopicRank: 0), new(LeadWeight: 0), new(), new(CharUnigrams: false) }
        from weight in new[] { 0.25, 0.5, 1.0 }
        select (recipe, weight);

    // Settings were chosen on the whole judged set; choosing on one half and scoring on the other shows how much of the
    // reported quality is selection luck.
    static void CrossCheck(List<(string Name, SimilarityReport Report)> runs)
    {
        foreach (bool chooseOnEven in new[] { true, false })
        {
            foreach (var (method, rankings) in new (string, Func<SimilarityReport, IReadOnlyDictionary<string, IReadOnlyList<string>>>)[]
                         { ("embedding", r => r.VectorRankings), ("hybrid", r => r.HybridRankings) })
            {
                var best = runs.OrderByDescending(r => RankingQuality.Measure(r.Report.Judged!.Half(chooseOnEven), q => rankings(r.Report)[q.MeasureId]).Ndcg5)
                    .ThenBy(r => r.Name, StringComparer.Ordinal).First();
                var chosen = RankingQuality.Measure(best.Report.Judged!.Half(chooseOnEven), q => rankings(best.Report)[q.MeasureId]);
                var held = RankingQuality.Measure(best.Report.Judged!.Half(!chooseOnEven), q => rankings(best.Report)[q.MeasureId]);
                Console.Error.WriteLine($"cross-check {method}: chosen on {(chooseOnEven ? "even" : "odd")} queries: {best.Name} " +
                                        $"(nDCG@5 {chosen.Ndcg5:F4}, R@5 {chosen.Recall5:F4}) → held-out half nDCG@5 {held.Ndcg5:F4}, R@5 {held.Recall5:F4}, MRR {held.Mrr:F4}");
            }
        }
    }

    static object Interval(BootstrapInterval i) => new { mean = Math.Round(i.Mean, 4), low = Math.Round(i.Low, 4), high = Math.Round(i.High, 4), shareNotPositive = Math.Round(i.ShareNotPositive, 4) };

    static void PrintDifference(string name, BootstrapInterval d) =>
        Console.WriteLine($"{name} nDCG@5 {d.Mean:+0.0000;-0.0000}, 95 % interval {d.Low:+0.0000;-0.0000} to {d.High:+0.0000;-0.0000}, not above 0 in {d.ShareNotPositive:P1} of resamples");

    static object Scores(RankingQuality q) => new { ndcg5 = q.Ndcg5, recall5 = q.Recall5, mrr = q.Mrr };

    static void Print(string name, RankingQuality q) => Console.WriteLine($"{name,-12} {q.Ndcg5,7:F4} {q.Recall5,9:F4} {q.Mrr,7:F4}");
}
