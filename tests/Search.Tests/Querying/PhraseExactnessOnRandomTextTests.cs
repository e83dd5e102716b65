using Search.Querying;
using Xunit;

namespace Search.Tests.Querying;

/// <summary>The phrase property on generated text that mixes scripts, numbers and punctuation far more densely than real policy text, to shake out tokenizer edge cases.</summary>
public sealed class PhraseExactnessOnRandomTextTests
{
    private static readonly string[] Pieces =
    [
        "控辍保学", "劝返", "復學", "義務教育", "学生", "资助", "的", "和", "policy", "Policies", "COVID-19", "ABC", "x1", "e.g.", "don't",
        "2020", "年", "3.5", "99.5%", "1,000", "No.12", "，", "。", "；", "、", "：", "“", "”", "（", "）", ".", ",", ";", ":", "!", "?",
        "-", "/", " ", " ", "カタカナ", "한국어", "😀", "𠀀", "①", "Ｆｕｌｌ", "_", "@", "#",
    ];

    private static IReadOnlyList<TestDocument> RandomCorpus(int seed)
    {
        var random = new Random(seed);
        var documents = new List<TestDocument>();
        for (var d = 0; d < 8; d++)
        {
            var measures = Enumerable.Range(0, 6).Select(m =>
            {
                var text = string.Concat(Enumerable.Range(0, random.Next(8, 40)).Select(_ => Pieces[random.Next(Pieces.Length)]));
                return new TestMeasure($"r{d}-{m}", $"r{d}", $"{m + 1}.", text);
            }).ToArray();
            documents.Add(new TestDocument($"r{d}", "随机文档" + d, "广西壮族自治区", "柳州市", "柳南区", "方案", "教育局", ["2020"], 20200101, measures));
        }
        return documents;
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(6)] // "2020；1,000": a terminator inside a token must not open a sentence gap
    [InlineData(7)]
    public void Phrase_search_is_exact_on_mixed_text(int seed)
    {
        using var index = new TestIndex(RandomCorpus(seed), segments: 3);
        var failures = PhraseExactnessProperty.Check(index.Reader, index.Builder(), StandInAnalysis.Fold,
            StandInAnalysis.ToTraditional, samples: 1_500, seed: seed);
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(25)));
    }
}
