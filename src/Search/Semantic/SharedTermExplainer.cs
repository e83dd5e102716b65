using System.Text.Json;

namespace Search.Semantic;

/// <summary>Explains a match by the strongest words both texts share: SmartCn words weighted by their inverse document frequency over the corpus's measures.</summary>
public sealed class SharedTermExplainer
{
    public const string TermsFile = "terms.json";

    /// <summary>Document frequencies of words over the measures, as saved with the index.</summary>
    public sealed record TermTable(int Measures, Dictionary<string, int> DocumentFrequency);

    readonly TermTable _table;
    readonly MeasureFeatureText _features;

    public SharedTermExplainer(TermTable table, MeasureFeatureText features) { _table = table; _features = features; }

    public static TermTable Count(IEnumerable<IReadOnlyList<string>> measureWords)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        foreach (var words in measureWords)
        {
            n++;
            foreach (var w in words.Distinct(StringComparer.Ordinal)) df[w] = df.GetValueOrDefault(w) + 1;
        }
        return new TermTable(n, new Dictionary<string, int>(df.OrderBy(p => p.Key, StringComparer.Ordinal)));
    }

    public static void Save(TermTable table, string folder) =>
        File.WriteAllBytes(Path.Combine(folder, TermsFile), JsonSerializer.SerializeToUtf8Bytes(table));

    public static TermTable Load(string folder) =>
        JsonSerializer.Deserialize<TermTable>(File.ReadAllBytes(Path.Combine(folder, TermsFile))) ?? new TermTable(0, []);

    public double Idf(string term) => Math.Log((1.0 + _table.Measures) / (1.0 + _table.DocumentFrequency.GetValueOrDefault(term)));

    /// <summary>Up to <paramref name="top"/> shared words of two or more characters, strongest (rarest in the corpus) first, ties by the word.</summary>
    public IReadOnlyList<string> Explain(IReadOnlyList<string> queryWords, string otherText, int top = 5)
    {
        var other = new HashSet<string>(_features.Words(otherText), StringComparer.Ordinal);
        return queryWords.Where(w => w.Length >= 2 && other.Contains(w)).Distinct(StringComparer.Ordinal)
            .Select(w => (Word: w, Weight: Idf(w)))
            // Words in nearly every measure (工作, 教育) explain nothing.
            .Where(p => p.Weight > 0.5)
            .OrderByDescending(p => p.Weight).ThenBy(p => p.Word, StringComparer.Ordinal)
            .Take(top).Select(p => p.Word).ToList();
    }

    public IReadOnlyList<string> Words(string text) => _features.Words(text);
}
