using Search.Analysis.SmartCn;

namespace Search.Tests.Analysis;

/// <summary>The dictionaries read from the jar match the facts measured on Java's own copy (spec section 3).</summary>
public class SmartCnDictionaryTests
{
    static readonly SmartCnDictionary Dictionary = SmartCnDictionary.Load();

    [Theory]
    [InlineData("的", 358156)]
    [InlineData("中", 26063)]
    [InlineData("国", 5494)]
    [InlineData("中国", 23375)]
    [InlineData("人民", 10590)]
    [InlineData("工作", 17558)]
    [InlineData("扎实", 234)]
    [InlineData("控辍保学", 0)]
    [InlineData("未##串", 2963)]
    [InlineData("未##数", 113238)]
    [InlineData("始##始", 329805)]
    [InlineData("末##末", 329805)]
    [InlineData("中上层", 4)]
    [InlineData("学生会", 13)]
    public void Word_frequencies_match_the_jar(string word, int expected) =>
        Assert.Equal(expected, Dictionary.Frequency(word));

    [Theory]
    [InlineData("始##始", "中国", 2696)]
    [InlineData("中国", "人民", 1202)]
    [InlineData("人民", "末##末", 8)]
    [InlineData("始##始", "未##数", 9248)]
    [InlineData("未##数", "年", 5924)]
    [InlineData("的", "工作", 2231)]
    [InlineData("做", "好", 746)]
    [InlineData("，", "压", 10)]
    [InlineData("会", "写", 10)]
    [InlineData("工作", ",", 0)]
    [InlineData("扎实", "做", 0)]
    [InlineData("学生", "会", 0)]
    public void Bigram_frequencies_match_the_jar(string first, string second, int expected) =>
        Assert.Equal(expected, Dictionary.BigramFrequency(first, second));

    [Fact]
    public void Word_counts_by_length_match_the_measured_facts()
    {
        var hanziWords = Dictionary.Words().Where(w => w[0] >= 0x4E00 && w[0] <= 0x9FA5).ToList();
        Assert.Equal(85556, hanziWords.Count);
        var byLength = hanziWords.GroupBy(w => w.Length).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5701, byLength[1]);
        Assert.Equal(47405, byLength[2]);
        Assert.Equal(19994, byLength[3]);
        Assert.Equal(11615, byLength[4]);
        Assert.Equal(2, byLength[13]);
        Assert.Equal(6658, hanziWords.Select(w => w[0]).Distinct().Count());
    }

    [Fact]
    public void Stop_words_are_the_54_of_the_jar_including_empty_and_ideographic_space()
    {
        Assert.Equal(54, Dictionary.StopWords.Count);
        Assert.Contains("", Dictionary.StopWords);
        Assert.Contains("\u3000", Dictionary.StopWords);
        Assert.Contains(",", Dictionary.StopWords);
        Assert.DoesNotContain("%", Dictionary.StopWords);
    }

    [Fact]
    public void Cache_round_trips_and_a_corrupt_cache_is_rebuilt()
    {
        string dir = Path.Combine(Path.GetTempPath(), "search-cache-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string jar = SmartCnDictionary.LocateJar(null);
            var parsed = SmartCnDictionary.ParseJar(jar);
            // Load through a fresh jar path alias so the process-wide instance is not reused.
            string alias = Path.Combine(dir, "lucene-analyzers-smartcn-alias.jar");
            Directory.CreateDirectory(dir);
            File.Copy(jar, alias);
            var first = SmartCnDictionary.Load(new SmartCnOptions(alias, Path.Combine(dir, "cache")));
            Assert.Equal("jar", first.LoadedFrom);
            var cacheFile = Directory.GetFiles(Path.Combine(dir, "cache")).Single();

            var (fromCache, _) = ReloadFresh(alias, dir);
            Assert.Equal("cache", fromCache.LoadedFrom);
            Assert.Equal(parsed.NodeCount, fromCache.NodeCount);
            Assert.Equal(parsed.WordFrequency, fromCache.WordFrequency);
            Assert.Equal(parsed.BigramHashes, fromCache.BigramHashes);
            Assert.Equal(parsed.StopWords, fromCache.StopWords);

            var bytes = File.ReadAllBytes(cacheFile);
            bytes[^100] ^= 0x5A; // checksum must catch this
            File.WriteAllBytes(cacheFile, bytes);
            var (rebuilt, _) = ReloadFresh(alias, dir);
            Assert.Equal("jar", rebuilt.LoadedFrom);
            Assert.Equal(23375, rebuilt.Frequency("中国"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    static (SmartCnDictionary, string) ReloadFresh(string jar, string dir) => (SmartCnDictionary.LoadFresh(jar, Path.Combine(dir, "cache")), jar);

    [Fact]
    public void Missing_jar_is_a_user_error_that_says_what_to_install_or_set()
    {
        var e = Assert.Throws<UserError>(() => SmartCnDictionary.Load(new SmartCnOptions("/nonexistent/lucene-analyzers-smartcn.jar")));
        Assert.Contains("SEARCH_SMARTCN_JAR", e.Message);
    }
}
