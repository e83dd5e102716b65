using System.Text;
using Search.Analysis;
using Xunit;
using static Search.Tests.Analysis.AnalysisTestHelpers;

namespace Search.Tests.Analysis;

public class GramsAnalyzerTests
{
    private static readonly GramsAnalyzer Analyzer = new();

    [Fact]
    public void TraditionalAndSimplifiedGiveIdenticalTerms()
    {
        var trad = Tokens(Analyzer, "控輟保學");
        var simp = Tokens(Analyzer, "控辍保学");
        Assert.Equal(simp.Select(t => t.Term), trad.Select(t => t.Term));
        Assert.Equal(simp.Select(t => (t.Start, t.End)), trad.Select(t => (t.Start, t.End)));
        // 控辍保学 is one of the common phrases, so it follows the grams of its first character.
        Assert.Equal(new[] { "控", "控辍", "控辍保学", "辍", "辍保", "保", "保学", "学" }, trad.Select(t => t.Term));
    }

    [Fact]
    public void Trigrams_around_common_bigrams_follow_the_bigram_at_its_position()
    {
        const string text = "勞動教育優質";
        using var trigramsOnly = new GramsAnalyzer(CommonBigrams.EducationPlans);
        var tokens = Tokens(trigramsOnly, text);
        Assert.Equal(new[] { "劳", "劳动", "动", "动教", "动教育", "教", "教育", "教育优", "育", "育优", "优", "优质", "质" }, tokens.Select(t => t.Term));
        var left = tokens.Single(t => t.Term == "动教育");
        Assert.Equal(("<TRIPLE>", "動教育"), (left.Type, text[left.Start..left.End]));
        var positions = AnalyzedText.Of(trigramsOnly, text, "text_grams").Tokens;
        Assert.Equal(new[] { 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1 }, positions.Select(t => t.PosInc));
        // No common bigram, or a run too short for a trigram: unigrams and bigrams only; punctuation ends a run.
        Assert.Equal(new[] { "劝", "劝返", "返", "返复", "复", "复学", "学" }, Tokens(Analyzer, "劝返复学").Select(t => t.Term));
        Assert.Equal(new[] { "教", "教育", "育", "好", "好教", "好教育", "教", "教育", "育" }, Tokens(Analyzer, "教育，好教育").Select(t => t.Term));
        Assert.DoesNotContain(Tokens(new GramsAnalyzer(common: null), text), t => t.Term.Length == 3);
    }

    [Fact]
    public void Common_four_character_phrases_follow_the_grams_of_their_first_character()
    {
        const string text = "落實立德樹人，立德樹，义务教育优质均衡，義務教育、優質均衡";
        var tokens = AnalyzedText.Of(Analyzer, text, "text_grams").Tokens;
        var types = Tokens(Analyzer, text).Select(t => t.Type).ToList();
        int position = -1;
        var positioned = tokens.Select((t, i) => (t.Term, Position: position += t.PosInc, Type: types[i], Source: text[t.Start..t.End])).ToList();
        // Stacked on 立 after its bigram (立德 has no common bigram, so no trigram), offsets over the Traditional source.
        var lide = positioned.Single(t => t.Term == "立德树人");
        Assert.Equal((2, "<QUADRUPLE>", "立德樹人"), (lide.Position, lide.Type, lide.Source));
        Assert.Equal(new[] { "立", "立德", "立德树人" }, positioned.Where(t => t.Position == 2).Select(t => t.Term));
        Assert.Equal(new[] { "落", "落实", "落实立", "落实立德" }, positioned.Where(t => t.Position == 0).Select(t => t.Term));
        // A listed phrase needs all four characters in one run: 立德樹 before the comma is one short.
        Assert.Single(positioned, t => t.Term == "立德树人");
        // Two listed phrases in a row (义务教育, 优质均衡) follow as one more term; separated by 、 they do not.
        Assert.Equal(new[] { "义", "义务", "义务教育", "义务教育优质均衡" }, positioned.Where(t => t.Position == 9).Select(t => t.Term));
        var pair = positioned.Single(t => t.Term == "义务教育优质均衡");
        Assert.Equal("<PHRASE_PAIR>", pair.Type);
        Assert.Equal(2, positioned.Count(t => t.Term == "义务教育"));
        // Both grams after a bigram come in order: trigram (教育优 holds 教育), then the phrase (教育优质).
        Assert.Equal(new[] { "教", "教育", "教育优", "教育优质" }, positioned.Where(t => t.Position == 11).Select(t => t.Term));
        Assert.Contains(positioned, t => t.Term == "优质均衡" && t.Position == 13);
        Assert.DoesNotContain(Tokens(new GramsAnalyzer(CommonBigrams.EducationPlans), text), t => t.Term.Length == 4);
    }

    [Fact]
    public void Common_phrases_are_four_basic_han_characters_and_not_listed_twice()
    {
        var phrases = CommonPhrases.EducationPlans.Phrases;
        Assert.Equal(157, phrases.Count);
        Assert.Equal(phrases.Count, phrases.Distinct().Count());
        Assert.Contains("立德树人", phrases);
        Assert.True(CommonPhrases.EducationPlans.Contains('义', '务', '教', '育'));
        Assert.False(CommonPhrases.EducationPlans.Contains('义', '务', '教', '学'));
        Assert.Throws<ArgumentException>(() => new CommonPhrases(["立德树"]));
        Assert.Throws<ArgumentException>(() => new CommonPhrases(["立德a人"]));
    }

    [Fact]
    public void Document_grams_keep_unigrams_only_where_a_run_ends_and_every_character_keeps_its_position()
    {
        using var documents = GramsAnalyzer.ForDocuments();
        const string text = "勞動教育優質，控辍保学好 a學";
        var full = AnalyzedText.Of(Analyzer, text, "doc_text_grams").Tokens;
        var docs = AnalyzedText.Of(documents, text, "doc_text_grams").Tokens;
        Assert.Equal(new[] { "劳动", "劳动教育", "动教", "动教育", "教育", "教育优", "教育优质", "育优", "优质", "质", "控辍", "控辍保学", "辍保", "保学", "学好", "好", "a", "学" },
            docs.Select(t => t.Term));
        // Each gram sits at the position it had over its unigram in the full chain.
        static List<(string, int)> Positioned(IEnumerable<AnalyzedToken> tokens)
        {
            int position = -1;
            return tokens.Select(t => (t.Term, position += t.PosInc)).ToList();
        }
        var fullPositions = Positioned(full);
        Assert.All(Positioned(docs), p => Assert.Contains(p, fullPositions));
        Assert.Equal(fullPositions.Max(p => p.Item2), Positioned(docs).Max(p => p.Item2));
        Assert.All(fullPositions.Select(p => p.Item2).Distinct(), position => Assert.Contains(Positioned(docs), p => p.Item2 == position));
    }

    [Fact]
    public void OffsetsPointIntoOriginalTraditionalText()
    {
        const string text = "全面加強控輟保學";
        var tokens = Tokens(Analyzer, text);
        var bigram = tokens.Single(t => t.Term == "控辍");
        Assert.Equal((4, 6), (bigram.Start, bigram.End));
        Assert.Equal("控輟", text[bigram.Start..bigram.End]);
        var strong = tokens.Single(t => t.Term == "强");
        Assert.Equal("強", text[strong.Start..strong.End]);
        var phrase = tokens.Where(t => t.Term is "控辍" or "辍保" or "保学").ToList();
        Assert.Equal("控輟保學", text[phrase.First().Start..phrase.Last().End]);
    }

    [Fact]
    public void LatinAndDigitRunsStayWholeAndPunctuationBreaksBigrams()
    {
        var tokens = Tokens(Analyzer, "２０２３年GDP增長5.2%，iPhone15手機。教育");
        Assert.Equal(
            new[] { "2023", "年", "gdp", "增", "增长", "长", "5.2", "iphone15", "手", "手机", "机", "教", "教育", "育" },
            tokens.Select(t => t.Term));
        var gdp = tokens.Single(t => t.Term == "gdp");
        Assert.Equal((5, 8), (gdp.Start, gdp.End));
        Assert.DoesNotContain(tokens, t => t.Term == "年增" || t.Term == "机教");
    }

    [Fact]
    public void ExtensionAAndBCharsAreGrammedWithCorrectOffsets()
    {
        string extB = char.ConvertFromUtf32(0x20000);
        string text = "㐀學" + extB + "人";
        var tokens = Tokens(Analyzer, text);
        Assert.Equal(new[] { "㐀", "㐀学", "学", "学" + extB, extB, extB + "人", "人" }, tokens.Select(t => t.Term));
        var b = tokens.Single(t => t.Term == extB);
        Assert.Equal((2, 4), (b.Start, b.End));
        var last = tokens.Single(t => t.Term == extB + "人");
        Assert.Equal((2, 5), (last.Start, last.End));
    }

    [Fact]
    public void ExpansionOffsetsStayInsideTheOriginalChar()
    {
        var tokens = Tokens(Analyzer, "第㈠条ﬁle");
        // 一 lies inside ㈠, so it gets the zero-width span at ㈠'s start; CJKBigramFilter judges adjacency
        // by offsets, hence the extra 第一 bigram (a harmless false-positive path, never a missed match).
        Assert.Equal(new[] { "第", "第一", "一", "条", "file" }, tokens.Select(t => t.Term));
        Assert.Equal((1, 1), (tokens[2].Start, tokens[2].End));
        Assert.Equal((3, 6), (tokens[4].Start, tokens[4].End));
    }

    [Fact]
    public void DegenerateInputsDoNotCrash()
    {
        Assert.Empty(Tokens(Analyzer, ""));
        Assert.Empty(Tokens(Analyzer, "\u0000\u0000"));
        var lone = Tokens(Analyzer, "學\uD800習\uDC00");
        Assert.Equal(new[] { "学", "习" }, lone.Select(t => t.Term));

        var sb = new StringBuilder();
        int reps = 0;
        while (sb.Length < 1 << 20) { sb.Append("控輟保學,"); reps++; }
        var big = Tokens(Analyzer, sb.ToString());
        Assert.Equal(reps * 8, big.Count); // 7 grams and the listed phrase
        Assert.Equal(sb.Length - 1, big[^1].End);
    }

    [Fact]
    public void AnalyzerIsReusableAcrossThreads()
    {
        var expected = string.Join(" ", Tokens(Analyzer, "全面加強控輟保學").Select(t => t.Term));
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 20; i++)
                Assert.Equal(expected, string.Join(" ", Tokens(Analyzer, "全面加強控輟保學").Select(t => t.Term)));
        });
    }

    [Fact]
    public void TraditionalCorpusDocumentOffsetsAreValid()
    {
        string text = File.ReadAllText(TraditionalDoc);
        var tokens = Tokens(Analyzer, text);
        Assert.True(tokens.Count > 10000);
        int lastStart = 0;
        foreach (var t in tokens)
        {
            Assert.InRange(t.Start, lastStart, text.Length);
            Assert.InRange(t.End, t.Start, text.Length);
            Assert.Equal(TextFolder.Fold(text[t.Start..t.End]).Text, t.Term);
            lastStart = t.Start;
        }
        Assert.Contains(tokens, t => t.Term == "控辍");
    }
}
