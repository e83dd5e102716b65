using Search.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Tests.Analysis;

/// <summary>Golden examples from the SmartCn specification (Java's output), checked without needing Java.</summary>
public class SmartCnGoldenTests
{
    static readonly SmartCnAnalyzer Analyzer = new(SmartCnDictionary.Load());

    static string Run(string text)
    {
        var a = AnalyzedText.Of(Analyzer, text);
        return string.Join(" | ", a.Tokens.Select(t => $"{t.Term} {t.Start}-{t.End}" + (t.PosInc != 1 ? $" +{t.PosInc}" : ""))) + $" # {a.FinalOffset},{a.EndPosInc}";
    }

    [Theory]
    [InlineData("扎实做好控辍保学工作,压实“双线四包”责任", "扎实 0-2 | 做 2-3 | 好 3-4 | 控 4-5 | 辍 5-6 | 保 6-7 | 学 7-8 | 工作 8-10 | 压 11-12 +2 | 实 12-13 | 双 14-15 +2 | 线 15-16 | 四 16-17 | 包 17-18 | 责任 19-21 +2 # 21,0")]
    [InlineData("“4+N”", "4 1-2 +2 | n 3-4 +2 # 5,1")]
    [InlineData("COVID-19疫情", "covid 0-5 | 19 6-8 +2 | 疫情 8-10 # 10,0")]
    [InlineData("２０２０年", "2020 0-4 | 年 4-5 # 5,0")]
    [InlineData("全面加強控輟保學", "全面 0-2 | 加 2-3 | 強 3-4 | 控 4-5 | 輟 5-6 | 保 6-7 | 學 7-8 # 8,0")]
    [InlineData("", " # 0,0")]
    [InlineData("，。！？、；：“”（）《》", " # 13,13")]
    [InlineData("\u3000 \t\n", " # 4,0")]
    [InlineData("中 国人民", "中国 0-3 | 人民 3-5 # 5,0")]
    [InlineData("ＡＢＣ教育ｅ－Ｌｅａｒｎｉｎｇ平台", "abc 0-3 | 教育 3-5 | e 5-6 | learn 7-15 +2 | 平台 15-17 # 17,0")]
    [InlineData("Students are studying the policies of MOOCs online.", "student 0-8 | ar 9-12 | studi 13-21 | the 22-25 | polici 26-34 | of 35-37 | mooc 38-43 | onlin 44-50 # 51,1")]
    [InlineData("学生会写作文", "学生会 0-3 | 写 3-4 | 作文 4-6 # 6,0")]
    [InlineData("学生会写作文。", "学生会 0-3 | 写作 3-5 | 文 5-6 # 7,1")]
    [InlineData("学生会写作文.、", "学生会 0-3 | 写 3-4 | 作文 4-6 # 8,2")]
    [InlineData("我们，三连冠", "我们 0-2 | 三连冠 3-6 +2 # 6,0")]
    [InlineData("我们。三连冠", "我们 0-2 | 三 3-4 +2 | 连 4-5 | 冠 5-6 # 6,0")]
    [InlineData("中国. 三连冠", "中国 0-2 | 三 4-5 +2 | 连 5-6 | 冠 6-7 # 7,0")]
    [InlineData("中国.三连冠", "中国 0-2 | 三连冠 3-6 +2 # 6,0")]
    [InlineData("第3季度GDP增长6.9%", "第 0-1 | 3 1-2 | 季度 2-4 | gdp 4-7 | 增长 7-9 | 6 9-10 | 9 11-12 +2 # 13,1")]
    [InlineData("\u2029三连冠\u2029", "三连冠 1-4 +2 # 5,1")]
    [InlineData("中国\uFFFF三连冠", "中国 0-2 | \uFFFF 2-3 | 三 3-4 | 连 4-5 | 冠 5-6 # 6,0")]
    [InlineData("难过.、", "难 0-1 | 过 1-2 # 4,2")]
    [InlineData("难过,、", "难过 0-2 # 4,2")]
    [InlineData("Café naïve ÉCOLE", "caf 0-3 | é 3-4 | na 5-7 | ï 7-8 | ve 8-10 | É 11-12 | cole 12-16 # 16,0")]
    [InlineData("a\u000Cb", "a 0-1 | \u000C 1-2 | b 2-3 # 3,0")]
    [InlineData("Ⅰ期Ⅱ期第①条", "期 1-2 +2 | 期 3-4 +2 | 第 4-5 | 条 6-7 +2 # 7,0")]
    public void Matches_the_specification(string input, string expected) => Assert.Equal(expected, Run(input));

    [Fact]
    public void Emoji_becomes_two_lone_surrogate_tokens() =>
        Assert.Equal("学生 0-2 | \uD83D 2-3 | \uDE00 3-4 | 很 4-5 | 开心 5-7 # 7,0", Run("学生😀很开心"));

    [Fact]
    public void Buffer_cut_at_1024_chars_without_line_breaks()
    {
        var a = AnalyzedText.Of(Analyzer, new string('a', 1030));
        Assert.Equal([(0, 1024), (1024, 1030)], a.Tokens.Select(t => (t.Start, t.End)));
        Assert.Equal(1030, a.FinalOffset);
    }

    [Fact]
    public void Buffer_cut_splits_a_word_unless_a_line_break_comes_first()
    {
        var cut = AnalyzedText.Of(Analyzer, new string('一', 1023) + "中国");
        Assert.Equal(514, cut.Tokens.Count);
        Assert.Equal(("中", 1023, 1024), (cut.Tokens[^2].Term, cut.Tokens[^2].Start, cut.Tokens[^2].End));
        var afterBreak = AnalyzedText.Of(Analyzer, new string('一', 1022) + "\n中国");
        Assert.Equal(513, afterBreak.Tokens.Count);
        Assert.Equal(("中国", 1023, 1025), (afterBreak.Tokens[^1].Term, afterBreak.Tokens[^1].Start, afterBreak.Tokens[^1].End));
    }

    [Fact]
    public void Hostile_input_gives_tokens_not_crashes()
    {
        var lone = AnalyzedText.Of(Analyzer, "\uD800学\uDC00生\0");
        Assert.Equal(["\uD800", "学", "\uDC00", "生", "\0"], lone.Tokens.Select(t => t.Term));
        string text = string.Concat(Enumerable.Repeat("控辍保学工作扎实推进，", 100_000));
        var big = AnalyzedText.Of(Analyzer, text);
        Assert.Equal(1_100_000, big.FinalOffset);
        // 7 words per repeat; each 1024-char chunk cut may split one more word.
        Assert.InRange(big.Tokens.Count, 700_000, 700_000 + 1_100_000 / 1024 + 1);
        Assert.All(big.Tokens, t => Assert.Equal(text[t.Start..t.End], t.Term));
        Assert.True(big.Tokens.Zip(big.Tokens.Skip(1)).All(p => p.First.End <= p.Second.Start), "offsets must increase");
    }
}
