using System.Text;
using Search.Analysis;
using Xunit;
using static Search.Tests.Analysis.AnalysisTestHelpers;

namespace Search.Tests.Analysis;

public class TextFolderTests
{
    [Theory]
    [InlineData("輟", "辍")]
    [InlineData("學", "学")]
    [InlineData("強", "强")]
    [InlineData("劃", "划")]
    [InlineData("與", "与")]
    [InlineData("為", "为")]
    [InlineData("區", "区")]
    [InlineData("縣", "县")]
    [InlineData("發", "发")]
    [InlineData("會", "会")]
    [InlineData("後", "后")]
    [InlineData("於", "于")]
    [InlineData("復", "复")]   // self-listed second, not in GB 2312
    [InlineData("裡", "里")]   // self-listed first, not in GB 2312, 里 is
    [InlineData("薴", "苎")]   // chain 薴→苧→苎 followed
    [InlineData("著", "著")]   // own simplified form, in GB 2312: kept
    [InlineData("覆", "覆")]
    [InlineData("乾", "乾")]
    [InlineData("着", "着")]
    [InlineData("控辍保学", "控辍保学")]
    public void TableSpotChecks(string input, string expected)
    {
        Assert.Equal(expected, TextFolder.Fold(input).Text);
    }

    [Fact]
    public void TableCoverageMatchesGeneratedHeader()
    {
        var table = typeof(TextFolder).Assembly.GetManifestResourceStream("Search.Analysis.Data.tc2sc.tsv");
        Assert.NotNull(table);
        using var reader = new StreamReader(table!);
        string all = reader.ReadToEnd();
        Assert.Contains("Unicode version: 15.0.0", all);
        int rows = all.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        Assert.Equal(6266, rows);
    }

    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("Ｈｅｌｌｏ，　Ｗｏｒｌｄ！", "hello, world!")]
    [InlineData("GDP增长", "gdp增长")]
    [InlineData("ΑΒΓ Ж", "αβγ ж")]
    [InlineData("ｶﾞ", "ガ")]          // halfwidth kana + halfwidth voiced mark compose under NFKC
    [InlineData("\u2160", "i")]       // Roman numeral one
    public void WidthCaseAndCompatibility(string input, string expected)
    {
        Assert.Equal(expected, TextFolder.Fold(input).Text);
    }

    [Fact]
    public void ExpansionsMapEveryOutputCharToTheExpandedOriginalChar()
    {
        var f = TextFolder.Fold("第㈠条");
        Assert.Equal("第(一)条", f.Text);
        Assert.Equal(new[] { 0, 1, 1, 1, 2, 3 }, f.ToOriginal);

        f = TextFolder.Fold("ﬁle");
        Assert.Equal("file", f.Text);
        Assert.Equal(new[] { 0, 0, 1, 2, 3 }, f.ToOriginal);

        f = TextFolder.Fold("a\uFDFAb"); // one char → 18 chars
        Assert.Equal(20, f.Text.Length);
        Assert.All(f.ToOriginal.Skip(1).Take(18), o => Assert.Equal(1, o));
        Assert.Equal(2, f.ToOriginal[19]);
        Assert.Equal(3, f.ToOriginal[20]);
    }

    [Fact]
    public void ContractionsMapToClusterStart()
    {
        var f = TextFolder.Fold("Ae\u0301x");
        Assert.Equal("aéx", f.Text);
        Assert.Equal(new[] { 0, 1, 3, 4 }, f.ToOriginal);

        f = TextFolder.Fold("\u1100\u1161\u11A8!"); // conjoining jamo compose to 각
        Assert.Equal("각!", f.Text);
        Assert.Equal(new[] { 0, 3, 4 }, f.ToOriginal);
    }

    [Fact]
    public void SurrogatePairsStayPairedAndMapped()
    {
        string extB = char.ConvertFromUtf32(0x20000) + "學" + char.ConvertFromUtf32(0x2A6D6);
        var f = TextFolder.Fold(extB);
        Assert.Equal(char.ConvertFromUtf32(0x20000) + "学" + char.ConvertFromUtf32(0x2A6D6), f.Text);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, f.ToOriginal);

        // BMP Traditional char whose simplified form is supplementary (鱄 → U+2B68B): 1 char → 2 chars.
        f = TextFolder.Fold("鱄魚");
        Assert.Equal(char.ConvertFromUtf32(0x2B68B) + "鱼", f.Text);
        Assert.Equal(new[] { 0, 0, 1, 2 }, f.ToOriginal);
    }

    [Fact]
    public void LoneSurrogatesNulAndEmptyPassThrough()
    {
        Assert.Equal("", TextFolder.Fold("").Text);
        Assert.Equal(new[] { 0 }, TextFolder.Fold("").ToOriginal);

        string weird = "a\uD800學\uDC00\u0000\uD800";
        var f = TextFolder.Fold(weird);
        Assert.Equal("a\uD800学\uDC00\u0000\uD800", f.Text);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6 }, f.ToOriginal);

        // a combining mark after a lone surrogate must not join it (NFKC would throw)
        f = TextFolder.Fold("\uD800\u0301");
        Assert.Equal("\uD800\u0301", f.Text);
    }

    [Fact]
    public void LongRunOfCombiningMarksIsBoundedAndLinear()
    {
        string s = "a" + new string('\u0301', 100_000);
        var f = TextFolder.Fold(s);
        Assert.Equal(s.Length - 1, f.Text.Length); // a + first acute compose to á, the rest stay
        Assert.Equal('á', f.Text[0]);
        AssertMonotoneInRange(f, s.Length);
    }

    [Fact]
    public void IdempotentOverEveryCorpusCharAndEveryCorpusFile()
    {
        var seen = new HashSet<int>();
        foreach (string file in CorpusFiles)
        {
            string text = File.ReadAllText(file);
            string once = TextFolder.Fold(text).Text;
            Assert.Equal(once, TextFolder.Fold(once).Text);
            foreach (Rune r in text.EnumerateRunes())
            {
                if (!seen.Add(r.Value)) continue;
                string one = TextFolder.Fold(r.ToString()).Text;
                Assert.Equal(one, TextFolder.Fold(one).Text);
            }
        }
        Assert.True(seen.Count > 1000, $"only {seen.Count} distinct chars in corpus");
    }

    [Fact]
    public void IdempotentOverEveryBmpCharAndEveryTableEntry()
    {
        var sb = new StringBuilder();
        for (int c = 0; c < 0x10000; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            string one = TextFolder.Fold(((char)c).ToString()).Text;
            string two = TextFolder.Fold(one).Text;
            if (one != two) sb.Append($"U+{c:X4} ");
        }
        Assert.True(sb.Length == 0, "not idempotent: " + sb);
    }

    [Fact]
    public void TraditionalDocumentLinesFoldWithMonotoneMaps()
    {
        string[] lines = File.ReadAllLines(TraditionalDoc);
        int changed = 0, hanLines = 0;
        foreach (string line in lines)
        {
            var f = TextFolder.Fold(line);
            AssertMonotoneInRange(f, line.Length);
            Assert.Equal(line.Length, f.Text.Length); // this document has no length-changing chars
            if (line.Any(ch => ch >= 0x4E00 && ch <= 0x9FFF) && line.Length > 20)
            {
                hanLines++;
                if (f.Text != line) changed++;
            }
        }
        Assert.True(hanLines > 20);
        Assert.Equal(hanLines, changed); // every real sentence contains a Traditional char
    }

    [Fact]
    public void MegabyteSingleLine()
    {
        var sb = new StringBuilder();
        while (sb.Length < 1 << 20) sb.Append("全面加強控輟保學ＡＢＣ１２３，");
        string s = sb.ToString();
        var f = TextFolder.Fold(s);
        Assert.Equal(s.Length, f.Text.Length);
        Assert.StartsWith("全面加强控辍保学abc123,", f.Text);
        AssertMonotoneInRange(f, s.Length);
    }

    [Fact]
    public void ThroughputProbeRuns()
    {
        string text = File.ReadAllText(TraditionalDoc);
        Assert.True(TextFolder.MeasureThroughputMBps(text, 2) > 0);
    }

    internal static void AssertMonotoneInRange(FoldedText f, int originalLength)
    {
        Assert.Equal(f.Text.Length + 1, f.ToOriginal.Length);
        Assert.Equal(originalLength, f.ToOriginal[^1]);
        for (int i = 0; i < f.ToOriginal.Length; i++)
        {
            Assert.InRange(f.ToOriginal[i], 0, originalLength);
            if (i > 0) Assert.True(f.ToOriginal[i] >= f.ToOriginal[i - 1], $"map decreases at {i}");
        }
    }
}

public class CorpusFoldingTests
{
    [Fact]
    public void SimplifiedDocumentsKeepEveryHanChar()
    {
        foreach (string file in CorpusFiles.Where(f => f != TraditionalDoc))
        {
            string text = File.ReadAllText(file);
            var f = TextFolder.Fold(text);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] is >= '\u4E00' and <= '\u9FFF')
                {
                    int j = Array.IndexOf(f.ToOriginal, i);
                    Assert.True(j >= 0 && f.Text[j] == text[i], $"{Path.GetFileName(file)}: {text[i]} at {i} changed");
                }
            }
        }
    }

    [Fact]
    public void TraditionalDocumentChangesHundredsOfDistinctChars()
    {
        string text = File.ReadAllText(TraditionalDoc);
        var f = TextFolder.Fold(text);
        var changed = new HashSet<char>();
        for (int j = 0; j < f.Text.Length; j++)
            if (f.Text[j] != text[f.ToOriginal[j]] && text[f.ToOriginal[j]] is >= '\u4E00' and <= '\u9FFF')
                changed.Add(text[f.ToOriginal[j]]);
        Assert.Equal(275, changed.Count);
        Assert.Contains('學', changed);
        Assert.Contains('輟', changed);
    }
}
