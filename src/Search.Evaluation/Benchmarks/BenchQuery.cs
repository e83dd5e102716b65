using Search.Querying;
using Search.Evaluation.Synthesis;

namespace Search.Evaluation.Benchmarks;

/// <summary>One query of the benchmark mix: our query text (filters already applied), order, and the Java QueryParser form when the peer can run it.</summary>
public sealed record BenchQuery(string Category, string Text, SearchOrder Order = SearchOrder.Relevance, string? Java = null, string? Phrase = null)
{
    /// <summary>The fixed mix: single terms, two-term AND, quoted phrases (common and planted), filtered, faceted (broad), sorted by date.</summary>
    /// <remarks>Terms are common words of the real corpus, so every synthetic corpus has hits for them at any size; the Java forms use
    /// the same words with default operator AND, and quoted phrases (a PhraseQuery over SmartCn words in Java).</remarks>
    public static IReadOnlyList<BenchQuery> Mix()
    {
        var mix = new List<BenchQuery>();
        foreach (var t in new[] { "控辍保学", "学前教育", "课后服务", "劳动教育", "信息化" })
            mix.Add(new("term", t, Java: t));
        foreach (var (a, b) in new[] { ("学前教育", "普惠"), ("教师", "培训"), ("校园", "安全"), ("心理健康", "学生") })
            mix.Add(new("and", $"{a} {b}", Java: $"{a} {b}"));
        foreach (var p in new[] { "义务教育优质均衡", "立德树人", "课后服务", PlantedPhrase.All[1].Phrase, PlantedPhrase.All[2].Phrase })
            mix.Add(new("phrase", $"\"{p}\"", Java: $"\"{p}\"", Phrase: p));
        mix.Add(new("filtered", new SearchFilters(Region: "广西", Year: "2018..2022").ApplyTo("教师 培训")));
        mix.Add(new("filtered", new SearchFilters(Type: "工作计划").ApplyTo("学前教育")));
        mix.Add(new("filtered", new SearchFilters(Region: "四川").ApplyTo("\"课后服务\"")));
        mix.Add(new("faceted", "教育"));
        mix.Add(new("faceted", "质量 提升"));
        mix.Add(new("sorted", "控辍保学", SearchOrder.Date));
        mix.Add(new("sorted", "学前教育 普惠", SearchOrder.Date));
        return mix;
    }
}
