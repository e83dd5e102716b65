using System.Text.Json;
using Search.Semantic.Embedding;

namespace Search.Semantic.Similar;

/// <summary>Explains a match by what both texts share: the longest common phrases of their folded text, weighted by how rare their
/// character bigrams are among the corpus's measures, then rare shared SmartCn words.</summary>
/// <remarks>Phrases first because SmartCn cuts unknown policy terms (控辍保学, 双线四包) into single characters, which say nothing alone.</remarks>
public sealed class SharedTermExplainer
{
    public const string TermsFile = "terms.json";
    // Only this much of a (possibly huge) query is compared phrase by phrase.
    const int MaxExplainedChars = 2_000;
    const int MaxPhrase = 12;

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
    double BigramIdf(string bigram) => Idf(_table.BigramFrequency.GetValueOrDefault(bigram));

    /// <summary>The query side, prepared once per query: folded letters and words.</summary>
    public sealed record Prepared(string Characters, IReadOnlyList<string> Words);

    public Prepared Prepare(string queryText)
    {
        string chars = MeasureFeatureText.Characters(queryText);
        return new Prepared(chars.Length > MaxExplainedChars ? chars[..MaxExplainedChars] : chars, _features.Words(queryText));
    }

    /// <summary>Up to <paramref name="top"/> shared phrases and words, most distinctive first (ties by text), in Simplified form.</summary>
    public IReadOnlyList<string> Explain(Prepared query, string otherText, int top = 5)
    {
        string other = MeasureFeatureText.Characters(otherText);
        // A bigram in more than about a quarter of the measures (教育, 工作) carries no explanation.
        double floor = Idf((int)(_table.Measures * 0.25));
        var phrases = CommonPhrases(query.Characters, other)
            .Select(p => (Text: p, Weight: Bigrams(p).Sum(b => Math.Max(0, BigramIdf(b) - floor))))
            .Where(p => p.Weight > 1.0)
            .OrderByDescending(p => p.Weight).ThenBy(p => p.Text, StringComparer.Ordinal)
            .Select(p => p.Text).ToList();
        var chosen = new List<string>();
        foreach (var p in phrases)
            if (chosen.Count < top && !chosen.Any(c => c.Contains(p, StringComparison.Ordinal))) chosen.Add(p);
        if (chosen.Count < top)
        {
            var otherWords = new HashSet<string>(_features.Words(otherText), StringComparer.Ordinal);
            chosen.AddRange(query.Words.Where(w => w.Length >= 2 && otherWords.Contains(w) && !chosen.Any(c => c.Contains(w, StringComparison.Ordinal)))
                .Distinct(StringComparer.Ordinal)
                .Select(w => (Word: w, Weight: WordIdf(w))).Where(p => p.Weight > floor)
                .OrderByDescending(p => p.Weight).ThenBy(p => p.Word, StringComparer.Ordinal)
                .Take(top - chosen.Count).Select(p => p.Word));
        }
        return chosen;
    }

    public IReadOnlyList<string> Words(string text) => _features.Words(text);

    /// <summary>Maximal common substrings (two or more letters, no spaces) of two folded texts.</summary>
    static IEnumerable<string> CommonPhrases(string a, string b)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
                current[j] = a[i - 1] == b[j - 1] && a[i - 1] != ' ' ? previous[j - 1] + 1 : 0;
            // A run that ended at (i-1, j-1) and does not continue here is maximal.
            for (int j = 1; j <= b.Length; j++)
                if (previous[j - 1] >= 2 && current[j] == 0)
                    found.Add(Clip(a.Substring(i - 1 - previous[j - 1], previous[j - 1])));
            (previous, current) = (current, previous);
        }
        for (int j = 1; j <= b.Length; j++)
            if (previous[j] >= 2) found.Add(Clip(a.Substring(a.Length - previous[j], previous[j])));
        return found;
    }

    static string Clip(string phrase) => phrase.Length > MaxPhrase ? phrase[..MaxPhrase] : phrase;

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
