using System.Text;
using Lucene.Net.Analysis;
using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Tests.Support;

namespace Search.Tests.Analysis;

/// <summary><see cref="IFinalDelimiterAttribute"/>: when the tokenizer says a text's final delimiter changes nothing, the text without
/// it must give exactly the same tokens (the delimiter's own token aside).</summary>
public class FinalDelimiterTests
{
    static readonly SmartCnDictionary Dictionary = SmartCnDictionary.Load();

    static (List<Tok> Tokens, bool ChangesNothing) Analyze(Analyzer analyzer, string text)
    {
        var tokens = AnalysisTestHelpers.Tokens(analyzer, text);
        using var stream = analyzer.GetTokenStream("f", new StringReader(text));
        var flag = stream.AddAttribute<IFinalDelimiterAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) { }
        stream.End();
        return (tokens, flag.ChangesNothing);
    }

    /// <summary>Checks every text with "。" appended, through the bare SmartCn chain and the folded words chain; returns how
    /// many of them the tokenizer vouched for.</summary>
    static int CheckAll(IReadOnlyList<string> texts)
    {
        using var bare = new SmartCnAnalyzer(Dictionary);
        using var words = WordsAnalyzer.Create(Dictionary);
        int vouched = 0;
        foreach (var analyzer in new Analyzer[] { bare, words })
        {
            foreach (var text in texts)
            {
                var (with, changesNothing) = Analyze(analyzer, text + "。");
                if (!changesNothing) continue;
                vouched++;
                var without = AnalysisTestHelpers.Tokens(analyzer, text);
                var expected = with.Where(t => !(t.Start == text.Length && t.End == text.Length + 1)).ToList();
                Assert.True(expected.SequenceEqual(without), $"final 。 said to change nothing, but it does: [{text}]");
            }
        }
        return vouched;
    }

    [Fact]
    public void Corpus_sentences_without_their_full_stop_give_the_same_words_whenever_the_tokenizer_says_so()
    {
        var sentences = RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllText(f, Encoding.UTF8).Split(['。', '！', '？', '；', '\n'], StringSplitOptions.TrimEntries))
            .Where(s => s.Length > 0).Distinct().ToList();
        Assert.True(sentences.Count > 500, $"only {sentences.Count} sentences");
        int vouched = CheckAll(sentences);
        // Both chains see every sentence; nearly all of them end the same way with or without the 。.
        Assert.True(vouched > 1.8 * sentences.Count, $"the tokenizer vouched for {vouched} of {2 * sentences.Count}");
    }

    [Fact]
    public void Generated_texts_without_a_final_full_stop_give_the_same_words_whenever_the_tokenizer_says_so()
    {
        var words = Dictionary.Words().Where(w => w[0] >= 0x4E00 && w[0] <= 0x9FA5).ToList();
        var generator = new SmartCnInputGenerator(words, seed: 20261202);
        var texts = Enumerable.Range(0, 3000).Select(_ => generator.Next()).ToList();
        int vouched = CheckAll(texts);
        Assert.InRange(vouched, 1, 2 * texts.Count - 1);
    }

    [Theory]
    [InlineData("控辍保学。劝返复学。", false)] // two sentences
    [InlineData("扎实做好控辍保学工作。 ", false)] // ends in a space, not a delimiter
    [InlineData("扎实做好控辍保学工作。", true)]
    [InlineData("扎实做好控辍保学工作；", true)]
    [InlineData("。", false)]
    public void The_attribute_is_set_only_for_one_sentence_ending_in_a_delimiter(string text, bool expected)
    {
        using var analyzer = new SmartCnAnalyzer(Dictionary);
        Assert.Equal(expected, Analyze(analyzer, text).ChangesNothing);
    }

    [Fact]
    public void A_text_that_does_not_end_in_a_delimiter_is_never_vouched_for()
    {
        using var analyzer = new SmartCnAnalyzer(Dictionary);
        Assert.False(Analyze(analyzer, "扎实做好控辍保学工作").ChangesNothing);
        Assert.False(Analyze(analyzer, "扎实做好控辍保学工作2020").ChangesNothing);
    }
}
