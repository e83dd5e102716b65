using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;
using Search.Analysis;
using Xunit;

namespace Search.Tests.Analysis;

/// <summary><see cref="CjkGramFilter"/> must emit exactly what Lucene's CJKBigramFilter(ALL, unigrams) emits: term, offsets,
/// position increment, type and position length of every token, and the final offset.</summary>
public sealed class GramsFilterParityTests
{
    private sealed class Chain(bool ours) : Analyzer
    {
        protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
            TokenStream stream = ours ? new CjkGramFilter(tokenizer) : new CJKBigramFilter(tokenizer, CJKScript.ALL, outputUnigrams: true);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }

    private static readonly Analyzer Library = new Chain(ours: false);
    private static readonly Analyzer Ours = new Chain(ours: true);

    private static List<string> Stream(Analyzer analyzer, string text)
    {
        var result = new List<string>();
        using var ts = analyzer.GetTokenStream("f", new StringReader(text));
        var term = ts.AddAttribute<ICharTermAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        var increment = ts.AddAttribute<IPositionIncrementAttribute>();
        var type = ts.AddAttribute<ITypeAttribute>();
        var length = ts.AddAttribute<IPositionLengthAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
            result.Add($"{term}|{offset.StartOffset}-{offset.EndOffset}|+{increment.PositionIncrement}|{type.Type}|{length.PositionLength}");
        ts.End();
        result.Add($"end {offset.EndOffset}");
        return result;
    }

    private static void AssertSame(string text)
    {
        var expected = Stream(Library, text);
        var actual = Stream(Ours, text);
        if (expected.SequenceEqual(actual)) return;
        int i = 0;
        while (i < Math.Min(expected.Count, actual.Count) && expected[i] == actual[i]) i++;
        Assert.Fail($"first difference at token {i} of \"{(text.Length > 80 ? text[..80] + "…" : text)}\": library {(i < expected.Count ? expected[i] : "(none)")}, ours {(i < actual.Count ? actual[i] : "(none)")}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("控")]
    [InlineData("控辍保学")]
    [InlineData("控辍，保学。abc 学前教育2020年")]
    [InlineData("カタカナとひらがな、한국어 문장")]
    [InlineData("𠀀𠀁中文𠀂")]
    [InlineData("立㈠德树人 ㍻ ㋀ 🉀")]
    [InlineData("a学b 学 学学 1学2")]
    public void Chosen_strings(string text) => AssertSame(text);

    [Fact]
    public void Every_corpus_document_and_line()
    {
        int lines = 0;
        foreach (var file in AnalysisTestHelpers.CorpusFiles)
        {
            var text = File.ReadAllText(file);
            AssertSame(text);
            foreach (var line in text.Split('\n')) { AssertSame(line); lines++; }
        }
        Assert.True(lines > 400);
    }

    [Fact]
    public void Generated_mixed_script_text()
    {
        string[] pieces = ["控辍保学", "劝返", "復學", "的", "policy", "COVID-19", "2020", "年", "3.5", "，", "。", "“", "（", " ", "\n", "カタカナ", "ひら",
            "한국어", "😀", "𠀀", "①", "Ｆｕｌｌ", "㈠", "ﬁ", "_", "e\u0301", "\u200B", "々", "〇"];
        var random = new Random(31);
        for (int n = 0; n < 3000; n++)
            AssertSame(string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => pieces[random.Next(pieces.Length)])));
    }
}
