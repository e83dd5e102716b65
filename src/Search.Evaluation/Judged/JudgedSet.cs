using System.Text.Json;
using Search.Analysis;
using Search.Semantic;
using Search.Semantic.Vectors;

namespace Search.Evaluation.Judged;

/// <summary>Hand-judged similar-measure pairs; measures are written as source file + distinctive substring and resolved to ids against the ingested corpus.</summary>
public sealed class JudgedSet
{
    sealed record RawReference(string Source, string Match, int Grade = 0, string? Reason = null);
    sealed record RawQuery(string Topic, string Source, string Match, List<RawReference> Relevant);
    sealed record RawSet(string? Note, List<RawQuery> Queries);

    /// <summary>One query measure with its graded relevant measures (ids).</summary>
    public sealed record JudgedQuery(string Topic, string MeasureId, IReadOnlyDictionary<string, int> Grades);

    public IReadOnlyList<JudgedQuery> Queries { get; }

    /// <summary>The path of a judged set shipped with this project (copied to <c>Judged/</c> beside the assembly).</summary>
    public static string Shipped(string fileName) => Path.Combine(AppContext.BaseDirectory, "Judged", fileName);

    JudgedSet(IReadOnlyList<JudgedQuery> queries) => Queries = queries;

    /// <summary>The queries at even (or odd) positions: two halves for choosing settings on one and measuring on the other.</summary>
    public JudgedSet Half(bool even) => new(Queries.Where((_, i) => i % 2 == (even ? 0 : 1)).ToList());

    /// <summary>Loads the judged file and resolves every reference to exactly one measure; a reference matching none or several is an error naming it.</summary>
    public static JudgedSet Load(string path, IReadOnlyList<MeasureVectorRow> rows)
    {
        if (!File.Exists(path)) throw new UserError($"judged set '{path}' not found");
        var raw = JsonSerializer.Deserialize<RawSet>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                  ?? throw new UserError($"judged set '{path}' is empty");
        var folded = rows.Select(r => (Row: r, Text: TextFolder.FoldToString(r.Text))).ToList();
        string Resolve(string source, string match)
        {
            string needle = TextFolder.FoldToString(match);
            var hits = folded.Where(f => f.Row.Source == source && f.Text.Contains(needle, StringComparison.Ordinal)).ToList();
            return hits.Count == 1 ? hits[0].Row.Id
                : throw new UserError($"judged set: '{match}' in {source} matches {hits.Count} measures (need exactly one)");
        }
        var queries = raw.Queries.Select(q => new JudgedQuery(q.Topic, Resolve(q.Source, q.Match),
            q.Relevant.ToDictionary(r => Resolve(r.Source, r.Match), r => r.Grade))).ToList();
        return new JudgedSet(queries);
    }

    /// <summary>The union of several judged files, in file order; a measure that is a query in two of them is an error
    /// (it would count twice).</summary>
    public static JudgedSet Load(IReadOnlyList<string> paths, IReadOnlyList<MeasureVectorRow> rows)
    {
        if (paths.Count == 0) throw new UserError("no judged set given");
        var queries = new List<JudgedQuery>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
            foreach (var q in Load(path, rows).Queries)
            {
                if (!seen.TryAdd(q.MeasureId, path))
                    throw new UserError($"judged sets: measure {q.MeasureId} ('{q.Topic}') is a query in both '{seen[q.MeasureId]}' and '{path}'");
                queries.Add(q);
            }
        return new JudgedSet(queries);
    }
}

/// <summary>nDCG@k, recall@k and MRR of one ranking method over a judged set.</summary>
public sealed record RankingQuality(double Ndcg5, double Recall5, double Mrr)
{
    /// <summary>Grades at or above this count as relevant for recall and MRR; nDCG uses every grade (gain 2^g − 1).</summary>
    public const int RelevantGrade = 2;

    public static RankingQuality Measure(JudgedSet judged, Func<JudgedSet.JudgedQuery, IReadOnlyList<string>> rank, int k = 5)
    {
        double ndcg = 0, recall = 0, mrr = 0;
        int withRelevant = 0;
        foreach (var q in judged.Queries)
        {
            var ranked = rank(q);
            ndcg += Ndcg(q, ranked, k);

            var relevant = q.Grades.Where(p => p.Value >= RelevantGrade).Select(p => p.Key).ToHashSet();
            if (relevant.Count == 0) continue;
            withRelevant++;
            recall += ranked.Take(k).Count(relevant.Contains) / (double)Math.Min(k, relevant.Count);
            int first = ranked.Select((id, i) => (id, i)).FirstOrDefault(p => relevant.Contains(p.id), (id: "", i: -1)).i;
            mrr += first >= 0 ? 1.0 / (first + 1) : 0;
        }
        int n = Math.Max(1, judged.Queries.Count);
        return new RankingQuality(Math.Round(ndcg / n, 4), Math.Round(recall / Math.Max(1, withRelevant), 4), Math.Round(mrr / Math.Max(1, withRelevant), 4));
    }

    /// <summary>nDCG@k of each query, in the judged set's order (what a confidence interval over queries resamples).</summary>
    public static double[] NdcgPerQuery(JudgedSet judged, Func<JudgedSet.JudgedQuery, IReadOnlyList<string>> rank, int k = 5) =>
        judged.Queries.Select(q => Ndcg(q, rank(q), k)).ToArray();

    static double Ndcg(JudgedSet.JudgedQuery q, IReadOnlyList<string> ranked, int k)
    {
        double dcg = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
            dcg += Gain(q.Grades.GetValueOrDefault(ranked[i])) / Math.Log2(i + 2);
        var ideal = q.Grades.Values.OrderDescending().Take(k).Select((g, i) => Gain(g) / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    static double Gain(int grade) => grade <= 0 ? 0 : Math.Pow(2, grade) - 1;
}
