using System.Text;
using Search.Ingest;
using Xunit;

namespace Search.Tests.Ingest;

/// <summary>Metadata overrides (sidecar NAME.meta.json, corpus/metadata.csv) and whole-corpus runs.</summary>
public class OverrideTests
{
    [Fact]
    public void Sidecar_json_overrides_described_metadata()
    {
        using var folder = new TempFolder();
        var path = folder.Write("004.txt", File.ReadAllBytes(TestCorpus.File("004")));
        folder.Write("004.meta.json", Encoding.UTF8.GetBytes("""{ "date": "2021-03-01", "number": "新教发〔2021〕1号", "title": "2021年工作要点" }"""));
        var d = new DocumentIngestor().Ingest(path, folder.Path);
        Assert.Equal(new DateOnly(2021, 3, 1), d.Metadata.Date);
        Assert.Equal("新教发〔2021〕1号", d.Metadata.Number);
        Assert.Equal("2021年工作要点", d.Title);
        Assert.Equal("新城区", d.Metadata.District);
    }

    [Fact]
    public void Metadata_csv_rows_apply_by_source_and_companions_are_not_documents()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "gx"));
        File.Copy(TestCorpus.File("002"), Path.Combine(folder.Path, "gx", "002.txt"));
        File.Copy(TestCorpus.File("001"), Path.Combine(folder.Path, "001.txt"));
        folder.Write("metadata.csv", Encoding.UTF8.GetBytes("source,issuer,year,index_number\ngx/002.txt,\"柳州市柳南区教育局\",2023,450204-01/2023-1\n"));
        folder.Write("001.meta.json", Encoding.UTF8.GetBytes("""{ "type": "工作计划" }"""));

        var outcomes = new DocumentIngestor().IngestCorpus(folder.Path).ToList();
        Assert.Equal(["001.txt", "gx/002.txt"], outcomes.Select(o => o.Source));
        var d = outcomes[1].Document!;
        Assert.Equal("柳州市柳南区教育局", d.Metadata.Issuer);
        Assert.Equal(2023, d.Metadata.Year);
        Assert.Equal([2023], d.Metadata.Years);
        Assert.Equal("450204-01/2023-1", d.Metadata.IndexNumber);
        Assert.Equal(DocumentIngestor.DocumentId("gx/002.txt"), d.Id);
    }

    [Fact]
    public void The_real_corpus_ingests_without_errors()
    {
        var outcomes = new DocumentIngestor().IngestCorpus(TestCorpus.Root).ToList();
        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        Assert.True(outcomes.Sum(o => o.Document!.Measures.Count) >= 24 + 30 + 28 + 27 + 32);
    }

    [Fact]
    public void A_bad_override_date_is_a_user_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("004.txt", File.ReadAllBytes(TestCorpus.File("004")));
        folder.Write("004.meta.json", Encoding.UTF8.GetBytes("""{ "date": "March 2021" }"""));
        var error = Assert.ThrowsAny<UserError>(() => new DocumentIngestor().Ingest(path, folder.Path));
        Assert.Contains("March 2021", error.Message);
    }
}
