using System.Text;
using Search.Analysis;
using Xunit;
using static Search.Tests.Analysis.AnalysisTestHelpers;

namespace Search.Tests.Analysis;

public class FoldingCharFilterTests
{
    public static TheoryData<string> Samples => new()
    {
        "",
        "全面加強控輟保學",
        "第㈠条ﬁle Ae\u0301x ｶﾞ",
        "a\uD800學\uDC00\u0000\uD800",
        char.ConvertFromUtf32(0x20000) + "鱄魚" + char.ConvertFromUtf32(0x2A6D6),
        "a" + new string('\u0301', 70) + "b",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void StreamMatchesFoldAndCorrectsEveryOffset(string input)
    {
        AssertFilterMatchesFold(input, 3);
    }

    [Fact]
    public void CorpusFilesStreamExactlyLikeFold()
    {
        foreach (string file in CorpusFiles)
        {
            string text = File.ReadAllText(file);
            AssertFilterMatchesFold(text, 4096);
            AssertFilterMatchesFold(text, 7);
        }
    }

    [Fact]
    public void MegabyteLineWithExpansionsAcrossBlockBoundaries()
    {
        var sb = new StringBuilder();
        while (sb.Length < 1 << 20) sb.Append("學㈠ﬁ").Append(char.ConvertFromUtf32(0x20000)).Append("e\u0301");
        AssertFilterMatchesFold(sb.ToString(), 5000);
    }

    private static void AssertFilterMatchesFold(string input, int piece)
    {
        var expected = TextFolder.Fold(input);
        using var filter = new FoldingCharFilter(new StringReader(input));
        string actual = ReadAll(filter, piece);
        Assert.Equal(expected.Text, actual);
        for (int i = 0; i <= actual.Length; i++)
        {
            int corrected = filter.CorrectOffset(i);
            if (corrected != expected.ToOriginal[i])
                Assert.Fail($"offset {i}: filter {corrected}, fold {expected.ToOriginal[i]}");
        }
    }
}
