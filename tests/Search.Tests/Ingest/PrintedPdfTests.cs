using Search.Analysis;
using Search.Evaluation.Benchmarks;
using Search.Indexing;
using Search.Ingest;
using Search.Ingest.Reading;
using Search.Querying;
using Search.Tests.Support;
using Search.Schema;

namespace Search.Tests.Ingest;

/// <summary>Each seed printed to PDF by headless Chromium (Noto CJK, default running header and footer), once per test run.</summary>
public sealed class PrintedSeedsFixture : IDisposable
{
    public string Corpus { get; } = Directory.CreateTempSubdirectory("search-pdf-seeds-").FullName;
    public bool Available { get; } = File.Exists(SeedPrint.Chromium);

    public PrintedSeedsFixture()
    {
        if (!Available) return;
        foreach (var seed in RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)))
            SeedPrint.ToPdf(seed, Path.Combine(Corpus, Path.GetFileNameWithoutExtension(seed) + ".pdf"));
    }

    public string Pdf(string prefix) => Directory.GetFiles(Corpus, prefix + "_*.pdf").Single();

    public void Dispose()
    {
        try { Directory.Delete(Corpus, true); } catch (IOException) { }
    }
}

/// <summary>Chinese text PDFs: the Chromium print of each seed reads to the seed's own measures (radicals mapped, running
/// headers and footers dropped, paragraphs re-joined across lines and pages, the disclosure table kept as rows).</summary>
[Collection(ExternalToolsCollection.Name)]
public class PrintedPdfTests(PrintedSeedsFixture f) : IClassFixture<PrintedSeedsFixture>
{
    void RequireChromium() =>
        Skip.If(!f.Available && Environment.GetEnvironmentVariable("SEARCH_BROWSER_TESTS") == "0", "Chromium not installed (SEARCH_BROWSER_TESTS=0)");

    [SkippableTheory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    [InlineData("004")]
    public void The_printed_pdf_of_a_seed_has_the_seeds_measures(string prefix)
    {
        RequireChromium();
        var seed = TestCorpus.Document(prefix);
        var pdf = new DocumentIngestor().Ingest(f.Pdf(prefix), f.Corpus);
        Assert.Equal(seed.Title, pdf.Title);
        Assert.Equal(seed.Measures.Select(m => (m.Path, m.Text)), pdf.Measures.Select(m => (m.Path, m.Text)));
        Assert.Equal(seed.Metadata.Issuer, pdf.Metadata.Issuer);
        Assert.Equal(seed.Metadata.District, pdf.Metadata.District);
    }

    [SkippableFact]
    public void Running_headers_footers_and_page_numbers_are_dropped_and_radicals_mapped()
    {
        RequireChromium();
        var read = new DocumentReader().Read(f.Pdf("004"));
        Assert.Equal(5, read.Pages.Count);
        Assert.All(read.Pages, p => Assert.False(p.Ocr));
        // Chromium's header (date, title) and footer (address, "n/5") on every page.
        Assert.Equal(10, read.Dropped.Count);
        Assert.Contains(read.Dropped, d => d.Reason == "page header" && d.Text.Contains("004_2f1dbfe9774bc487.txt"));
        Assert.Contains(read.Dropped, d => d.Text.EndsWith("5/5", StringComparison.Ordinal));
        Assert.DoesNotContain("/5", read.Text);
        Assert.StartsWith("西安市新城区教育局2021年工作要点\n", read.Text);
        Assert.DoesNotContain(read.Text, c => c is >= '\u2E80' and <= '\u2FDF');
        // A paragraph broken across pages 1 and 2 is one line again.
        Assert.Contains("统筹各成员校之间干部配备,优化集团管理", read.Text);
    }

    [SkippableFact]
    public void The_disclosure_table_stays_a_table_of_rows()
    {
        RequireChromium();
        var read = new DocumentReader().Read(f.Pdf("001"));
        Assert.Equal(1, read.Tables);
        Assert.StartsWith("索引号 | 113417020032562392/202002-00108 | 组配分类 | 规划计划\n发布机构 | 宁国市教体局 | 发文日期 | 2020-02-25 16:53\n", read.Text);
    }

    [SkippableFact]
    public void Fengxiandian_finds_the_printed_pdf_of_the_xincheng_plan()
    {
        RequireChromium();
        var index = Directory.CreateTempSubdirectory("search-pdf-index-").FullName;
        try
        {
            using (var analyzers = new SearchAnalyzers())
                new CorpusIndexer(analyzers, semantic: false).Run(f.Corpus, index);
            using var engine = SearchEngine.Open(index);
            var result = engine.Search(new SearchQuery("\"风险点\"")).GetResultOrThrow("风险点");
            var hit = Assert.Single(result.Hits, h => h.Source == Path.GetFileName(f.Pdf("004")));
            Assert.Equal("西安市新城区教育局2021年工作要点", hit.Title);
            Assert.Contains(engine.Search(new SearchQuery("工作要点 风险点")).GetResultOrThrow("q").Hits, h => h.Source.StartsWith("004_", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(index, true);
        }
    }
}
