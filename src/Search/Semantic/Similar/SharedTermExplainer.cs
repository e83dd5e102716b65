using System.Text.Json;
using Search.Querying;
using Search.Semantic.Embedding;

namespace Search.Semantic.Similar;

/// <summary>The terms two texts share and where they are in each (UTF-16 ranges of the texts as written).</summary>
public sealed record SharedTerms(IReadOnlyList<string> Terms, IReadOnlyList<MarkRange> TargetMarks, IReadOnlyList<MarkRange> OtherMarks)
{
    public static readonly SharedTerms None = new([], [], []);
}

/// <summary>Explains a match by what both texts share: runs of whole SmartCn words that stand next to each other in both texts
/// (控 辍 保 学 → 控辍保学, since SmartCn cuts unknown policy terms into characters), without filler words at either end, weighted by
/// how rare their words are among the corpus's measures.</summary>
/// <remarks>A term never starts or ends inside a word (no 级联动 out of 三级联动), and a single word must have two characters and
/// not be a filler word (<see cref="FillerWords"/>).</remarks>
public sealed class SharedTermExplainer
{
    public const string TermsFile = "terms.json";
    // Only this much of a (possibly huge) query is compared word by word.
    const int MaxExplainedChars = 2_000;

    /// <summary>Words that say nothing about a policy on their own: the connectives, verbs and generic nouns of official prose
    /// (通过, 按照, 进一步, 加强, 工作…). They may sit inside a shared run (联控联保机制) but never begin or end one, and are never a
    /// shared term alone.</summary>
    public static readonly IReadOnlySet<string> FillerWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "通过", "按照", "进一步", "一步", "加强", "推进", "开展", "提高", "做好", "建立", "健全", "完善", "落实", "要求", "全面", "积极",
        "深入", "持续", "切实", "不断", "有效", "确保", "坚持", "进行", "实施", "以及", "其中", "同时", "根据", "围绕", "结合", "主要",
        "我们", "各级", "各类", "相关", "有关", "工作", "方面", "情况", "问题", "能力", "水平", "机制", "体系", "建设", "发展", "提升",
        "强化", "推动", "促进", "实现", "重点", "全年", "今年", "明年", "认真", "扎实", "大力", "继续", "努力", "不断", "全力", "着力",
        "统筹", "组织", "开展", "进一", "目标", "任务", "措施", "制度", "管理", "服务", "部门", "单位", "学校", "教育", "全区", "全县",
        "全市", "全省", "我区", "我县", "我市", "以上", "以下", "为主", "为了", "对于", "关于", "已经", "正在", "一个", "一批", "一些",
        "各项", "工作机制", "工作责任", "动态", "常态",
    };

    /// <summary>Document frequencies over the measures of words and of folded character bigrams, as saved with the index.</summary>
    public sealed record TermTable(int Measures, Dictionary<string, int> DocumentFrequency, Dictionary<string, int> BigramFrequency);

    readonly TermTable _table;
    readonly MeasureFeatureText _features;

    public SharedTermExplainer(TermTable table, MeasureFeatureText features) { _table = table; _features = features; }

    /// <summary>Counts the term table over all of <paramref name="texts"/> (<see cref="TermTableCounter"/> in one batch).</summary>
    public static TermTable Count(IReadOnlyList<string> texts, MeasureFeatureText features)
    {
        var counter = new TermTableCounter(features);
        counter.Add(texts);
        return counter.Complete();
    }

    public static void Save(TermTable table, string folder) =>
        File.WriteAllBytes(Path.Combine(folder, TermsFile), JsonSerializer.SerializeToUtf8Bytes(table));

    public static TermTable Load(string folder) =>
        JsonSerializer.Deserialize<TermTable>(File.ReadAllBytes(Path.Combine(folder, TermsFile))) ?? new TermTable(0, [], []);

    double Idf(int df) => Math.Log((1.0 + _table.Measures) / (1.0 + df));
    double WordIdf(string word) => Idf(_table.DocumentFrequency.GetValueOrDefault(word));

    /// <summary>The query side, prepared once per query: its words with their offsets.</summary>
    public sealed record Prepared(string Text, IReadOnlyList<MeasureFeatureText.WordToken> Tokens)
    {
        /// <summary>The query's words (folded).</summary>
        public IReadOnlyList<string> Words => Tokens.Select(t => t.Term).ToList();
    }

    public Prepared Prepare(string queryText)
    {
        var text = queryText.Length > MaxExplainedChars ? queryText[..MaxExplainedChars] : queryText;
        return new Prepared(text, _features.Tokens(text));
    }

    /// <summary>Up to <paramref name="top"/> shared terms, most distinctive first (ties by text), in Simplified form.</summary>
    public IReadOnlyList<string> Explain(Prepared query, string otherText, int top = 5) => Share(query, otherText, top).Terms;

    /// <summary>Up to <paramref name="top"/> shared terms and every place each occurs in both texts.</summary>
    public SharedTerms Share(Prepared query, string otherText, int top = 5)
    {
        var a = query.Tokens;
        var b = _features.Tokens(otherText.Length > MaxExplainedChars ? otherText[..MaxExplainedChars] : otherText);
        if (a.Count == 0 || b.Count == 0) return SharedTerms.None;
        // A word in more than about a quarter of the measures (教育, 工作) carries no explanation.
        double floor = Idf((int)(_table.Measures * 0.25));
        var candidates = new Dictionary<string, (string[] Words, double Weight)>(StringComparer.Ordinal);
        foreach (var run in CommonRuns(a, b))
        {
            int from = run.Start, to = run.Start + run.Length; // [from, to) in a
            while (from < to && FillerWords.Contains(a[from].Term)) from++;
            while (to > from && FillerWords.Contains(a[to - 1].Term)) to--;
            // In a run with a word of two characters or more, a single character at either end is a particle or a piece of
            // a neighbouring word (和社会, 段学生); a run of single characters alone is an unknown term cut up (控辍保学).
            if (Enumerable.Range(from, to - from).Any(k => a[k].Term.Length > 1))
                while (from < to && (a[from].Term.Length == 1 || a[to - 1].Term.Length == 1))
                {
                    if (a[from].Term.Length == 1) from++;
                    else to--;
                }
            if (to == from) continue;
            var words = a.Skip(from).Take(to - from).Select(t => t.Term).ToArray();
            string term = string.Concat(words);
            if (term.Length < 2 || (words.Length == 1 && (FillerWords.Contains(term) || term.All(char.IsDigit)))) continue;
            double weight = words.Sum(w => Math.Max(0, WordIdf(w) - floor));
            if (weight <= 0.5) continue;
            candidates[term] = (words, weight);
        }
        var chosen = new List<(string Term, string[] Words)>();
        foreach (var c in candidates.OrderByDescending(c => c.Value.Weight).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            if (chosen.Count == top) break;
            if (chosen.Any(k => k.Term.Contains(c.Key, StringComparison.Ordinal))) continue;
            chosen.Add((c.Key, c.Value.Words));
        }
        return new SharedTerms(chosen.Select(c => c.Term).ToList(), Marks(a, chosen.Select(c => c.Words)), Marks(b, chosen.Select(c => c.Words)));
    }

    public IReadOnlyList<string> Words(string text) => _features.Words(text);

    /// <summary>Maximal runs of equal words, adjacent in both texts: (start in a, length).</summary>
    static IEnumerable<(int Start, int Length)> CommonRuns(IReadOnlyList<MeasureFeatureText.WordToken> a, IReadOnlyList<MeasureFeatureText.WordToken> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        var runs = new HashSet<(int, int)>();
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = 0; j < b.Count; j++)
            {
                if (!string.Equals(a[i].Term, b[j].Term, StringComparison.Ordinal)) { current[j + 1] = 0; continue; }
                bool joined = i > 0 && j > 0 && a[i - 1].End == a[i].Start && b[j - 1].End == b[j].Start;
                current[j + 1] = joined ? previous[j] + 1 : 1;
            }
            // A run that ended at (i-1, j-1) and does not continue here is maximal.
            if (i > 0)
                for (int j = 0; j < b.Count; j++)
                    if (previous[j + 1] > 0 && (j + 1 >= b.Count || current[j + 2] != previous[j + 1] + 1))
                        runs.Add((i - previous[j + 1], previous[j + 1]));
            (previous, current) = (current, previous);
        }
        for (int j = 0; j < b.Count; j++)
            if (previous[j + 1] > 0) runs.Add((a.Count - previous[j + 1], previous[j + 1]));
        return runs.OrderBy(r => r.Item1).ThenBy(r => r.Item2);
    }

    /// <summary>Every place a word sequence occurs as adjacent words of a text, sorted, overlaps dropped.</summary>
    static IReadOnlyList<MarkRange> Marks(IReadOnlyList<MeasureFeatureText.WordToken> tokens, IEnumerable<string[]> terms)
    {
        var spans = new List<(int Start, int End)>();
        foreach (var words in terms)
            for (int i = 0; i + words.Length <= tokens.Count; i++)
            {
                int k = 0;
                while (k < words.Length && tokens[i + k].Term == words[k] && (k == 0 || tokens[i + k - 1].End == tokens[i + k].Start)) k++;
                if (k == words.Length) spans.Add((tokens[i].Start, tokens[i + k - 1].End));
            }
        spans.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : y.End.CompareTo(x.End));
        var marks = new List<MarkRange>();
        int reached = -1;
        foreach (var (start, end) in spans)
        {
            if (start < reached) continue;
            marks.Add(new MarkRange(start, end - start));
            reached = end;
        }
        return marks;
    }

    internal static IEnumerable<string> Bigrams(string text)
    {
        for (int i = 0; i + 1 < text.Length; i++)
            if (text[i] != ' ' && text[i + 1] != ' ') yield return text.Substring(i, 2);
    }
}

/// <summary>Adds up a <see cref="SharedTermExplainer.TermTable"/> batch by batch, so a build can count each batch of measures
/// while their words are still at hand.</summary>
public sealed class TermTableCounter(MeasureFeatureText features)
{
    readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _bigrams = new(StringComparer.Ordinal);
    int _measures;

    /// <summary>Segments the texts counted (a build passes the embedder's, so a batch's words can be remembered between the two).</summary>
    public MeasureFeatureText Features => features;

    /// <remarks>Counted on every core (SmartCn over every measure is most of the cost); counts add up the same in any order,
    /// and the completed tables are sorted by term, so the result depends neither on the split nor on the batches.</remarks>
    public void Add(IReadOnlyList<string> texts)
    {
        int parts = Math.Max(1, Math.Min(Environment.ProcessorCount, texts.Count / 1024));
        var counted = new (Dictionary<string, int> Words, Dictionary<string, int> Bigrams)[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var words = new Dictionary<string, int>(StringComparer.Ordinal);
            var bigrams = new Dictionary<string, int>(StringComparer.Ordinal);
            int from = (int)((long)texts.Count * part / parts), to = (int)((long)texts.Count * (part + 1) / parts);
            for (int i = from; i < to; i++)
            {
                foreach (var w in features.Words(texts[i]).Distinct(StringComparer.Ordinal)) words[w] = words.GetValueOrDefault(w) + 1;
                foreach (var b in SharedTermExplainer.Bigrams(MeasureFeatureText.Characters(texts[i])).Distinct(StringComparer.Ordinal)) bigrams[b] = bigrams.GetValueOrDefault(b) + 1;
            }
            counted[part] = (words, bigrams);
        });
        foreach (var (words, bigrams) in counted)
        {
            AddTo(_words, words);
            AddTo(_bigrams, bigrams);
        }
        _measures += texts.Count;
    }

    static void AddTo(Dictionary<string, int> total, Dictionary<string, int> part)
    {
        foreach (var (term, count) in part) total[term] = total.GetValueOrDefault(term) + count;
    }

    /// <summary>The table over every text added so far.</summary>
    public SharedTermExplainer.TermTable Complete() => new(_measures, Sorted(_words), Sorted(_bigrams));

    static Dictionary<string, int> Sorted(Dictionary<string, int> counts) => new(counts.OrderBy(p => p.Key, StringComparer.Ordinal));
}
