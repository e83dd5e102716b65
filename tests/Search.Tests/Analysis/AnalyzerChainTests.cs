using Search.Analysis;
using Search.Tests.Support;

namespace Search.Tests.Analysis;

/// <summary>The index-time chains: Traditional and Simplified give the same terms; offsets land on the original characters.</summary>
public class AnalyzerChainTests
{
    [Theory]
    [InlineData(AnalyzerCatalog.Words)]
    [InlineData(AnalyzerCatalog.Grams)]
    public void Traditional_and_simplified_give_identical_terms_with_original_offsets(string name)
    {
        using var analyzer = AnalyzerCatalog.Create(name);
        const string traditional = "全面加強控輟保學工作，壓實責任";
        const string simplified = "全面加强控辍保学工作，压实责任";
        var t = AnalyzedText.Of(analyzer, traditional);
        var s = AnalyzedText.Of(analyzer, simplified);
        Assert.Equal(s.Tokens.Select(x => (x.Term, x.Start, x.End, x.PosInc)), t.Tokens.Select(x => (x.Term, x.Start, x.End, x.PosInc)));
        Assert.NotEmpty(t.Tokens);
        // Every term re-folds from the original characters it points at.
        Assert.All(t.Tokens.Where(x => x.Term.Length == x.End - x.Start), x =>
            Assert.Equal(x.Term, TextFolder.FoldToString(traditional[x.Start..x.End])));
    }

    [Fact]
    public void Words_chain_segments_folded_text_like_smartcn_on_simplified_text()
    {
        using var words = AnalyzerCatalog.Create(AnalyzerCatalog.Words);
        using var smartcn = AnalyzerCatalog.Create(AnalyzerCatalog.SmartCn);
        // The Traditional corpus document, folded by the chain, must be cut as SmartCn cuts its Simplified form.
        string original = File.ReadAllText(Directory.GetFiles(RepoPaths.Corpus, "002_*.txt").Single());
        var viaChain = AnalyzedText.Of(words, original);
        var viaFoldedText = AnalyzedText.Of(smartcn, TextFolder.FoldToString(original));
        Assert.Equal(viaFoldedText.Tokens.Select(x => x.Term), viaChain.Tokens.Select(x => x.Term));
        Assert.Contains(viaChain.Tokens, x => x.Term == "学校");
        // Traditional 學校 in the original is where the offsets point.
        var school = viaChain.Tokens.First(x => x.Term == "学校");
        Assert.Equal("學校", original[school.Start..school.End]);
    }

    [Fact]
    public void Unknown_analyzer_name_is_a_user_error_listing_valid_names()
    {
        var e = Assert.Throws<UserError>(() => AnalyzerCatalog.Create("icu"));
        Assert.Contains("smartcn, words, grams", e.Message);
    }
}
