using Search.Analysis;
using Search.Tests.Support;
using Xunit;

namespace Search.Tests.Analysis;

/// <summary>Which characters fold into several with an ideograph among them: those make a doc untrusted for unverified Han chains.</summary>
public sealed class ExpandingFoldsTests
{
    [Theory]
    [InlineData(0x3220)] // ㈠ → (一)
    [InlineData(0x3243)] // ㉃ → (至)
    [InlineData(0x337B)] // ㍻ → 平成
    [InlineData(0x32C0)] // ㋀ → 1月
    [InlineData(0x1F240)] // 🉀 → 〔本〕
    public void Expanding_characters_are_found(int codePoint)
    {
        Assert.True(ExpandingFolds.Expands(codePoint));
        Assert.True(ExpandingFolds.Occurs("立" + char.ConvertFromUtf32(codePoint) + "德"));
    }

    [Theory]
    [InlineData(0x4E00)] // 一
    [InlineData(0x3280)] // ㊀ → 一: one ideograph, nothing inserted
    [InlineData(0xFF21)] // Ａ → a
    [InlineData(0xFB01)] // ﬁ → fi: expands, but no ideograph
    [InlineData(0x8F1F)] // 輟 → 辍
    [InlineData(0x2F00)] // ⼀ (Kangxi radical) → 一
    [InlineData(0x20000)] // 𠀀
    public void Plain_and_one_to_one_characters_are_not(int codePoint) => Assert.False(ExpandingFolds.Expands(codePoint));

    [Fact]
    public void Real_policy_text_has_none()
    {
        foreach (var file in RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)))
            Assert.False(ExpandingFolds.Occurs(File.ReadAllText(file)), file);
    }
}
