using Xunit;
using Search.Ingest;

namespace Search.Tests.Ingest;

/// <summary>Describe on the five real documents: region, years, date, numbers, type, issuer, title.</summary>
public class CorpusMetadataTests
{
    [Theory]
    [InlineData("000", "广西壮族自治区", "南宁市", "兴宁区", "450102")]
    [InlineData("001", "安徽省", "宣城市", "宁国市", "341881")]
    [InlineData("002", "广西壮族自治区", "柳州市", "柳南区", "450204")]
    [InlineData("003", "宁夏回族自治区", "银川市", "兴庆区", "640104")]
    [InlineData("004", "陕西省", "西安市", "新城区", "610102")]
    public void Region_is_resolved_to_canonical_gazetteer_names(string doc, string province, string city, string district, string code)
    {
        var m = TestCorpus.Document(doc).Metadata;
        Assert.Equal((province, city, district, code), (m.Province, m.City, m.District, m.RegionCode));
    }

    /// <summary>成文日期 is the document's own date: the signature date (003's 2021年9月1日, not its table's 生成日期), else the
    /// 印发日期 of the cover (000), else the disclosure table's 发文日期 (001); a page's 发布日期 is kept apart (002).</summary>
    [Theory]
    [InlineData("000", new[] { 2020 }, "2020-04-21", "印发日期", null)]
    [InlineData("001", new[] { 2020 }, "2020-02-25", "政府信息公开表", null)]
    [InlineData("002", new[] { 2022, 2023 }, null, null, "2023-02-16")]
    [InlineData("003", new[] { 2021 }, "2021-09-01", "成文日期", null)]
    [InlineData("004", new[] { 2021 }, null, null, null)]
    public void Years_document_date_and_publication_date(string doc, int[] years, string? date, string? dateSource, string? published)
    {
        var m = TestCorpus.Document(doc).Metadata;
        Assert.Equal(years, m.Years);
        Assert.Equal(years[0], m.Year);
        Assert.Equal(date, m.Date?.ToString("yyyy-MM-dd"));
        Assert.Equal(dateSource, m.Sources.GetValueOrDefault("date"));
        Assert.Equal(published, m.PublishedDate?.ToString("yyyy-MM-dd"));
    }

    [Theory]
    [InlineData("000", "南宁市兴宁区教育局2020年工作计划", "工作计划", "南宁市兴宁区教育局", "南兴教〔2020〕11号", null)]
    [InlineData("001", "宁国市教体局2020年工作计划", "工作计划", "宁国市教体局", null, "113417020032562392/202002-00108")]
    [InlineData("002", "柳南區教育局2022年工作總結及2023年工作計劃", "工作计划", "柳南区教育局", null, null)]
    [InlineData("003", "兴庆区基础教育质量提升行动实施方案", "实施方案", "银川市兴庆区教育局", null, "640104-102/2021-00145")]
    [InlineData("004", "西安市新城区教育局2021年工作要点", "工作要点", "西安市新城区教育局", null, null)]
    public void Title_type_issuer_and_numbers(string doc, string title, string type, string issuer, string? number, string? indexNumber)
    {
        var d = TestCorpus.Document(doc);
        Assert.Equal(title, d.Title);
        Assert.Equal(type, d.Metadata.Type);
        Assert.Equal(issuer, d.Metadata.Issuer);
        Assert.Equal(number, d.Metadata.Number);
        Assert.Equal(indexNumber, d.Metadata.IndexNumber);
    }

    /// <summary>Where each field was found: 000's issuer from its title, number from the cover's 版头; 003's issuer from
    /// its signature (the full name, where the disclosure table has the short one).</summary>
    [Fact]
    public void Fields_carry_their_sources()
    {
        var cover = TestCorpus.Document("000").Metadata.Sources;
        Assert.Equal("标题", cover["issuer"]);
        Assert.Equal("印发通知发文字号", cover["number"]);
        Assert.Equal("署名", TestCorpus.Document("003").Metadata.Sources["issuer"]);
        Assert.Equal("政府信息公开表", TestCorpus.Document("001").Metadata.Sources["title"]);
        Assert.Equal(["工作计划", "工作总结"], TestCorpus.Document("002").Metadata.Types);
    }

    [Fact]
    public void Draft_marker_is_recorded_and_removed()
    {
        var d = TestCorpus.Document("000");
        Assert.True(d.Metadata.Draft);
        Assert.Contains(d.Removed, r => r.Reason == "draft marker" && r.Text.Contains("征求意见稿"));
        Assert.DoesNotContain("征求意见稿", d.CleanText);
        Assert.False(TestCorpus.Document("004").Metadata.Draft);
    }

    [Fact]
    public void Document_ids_are_derived_from_the_source_path_and_url_safe()
    {
        var d = TestCorpus.Document("000");
        Assert.Equal("000_3afa9c4f377edbd3.txt", d.Source);
        Assert.Equal(DocumentIngestor.DocumentId(d.Source), d.Id);
        Assert.Matches("^[0-9a-f]{16}$", d.Id);
        Assert.Equal(d.Id, new DocumentIngestor().Ingest(TestCorpus.File("000"), TestCorpus.Root).Id);
        Assert.NotEqual(d.Id, TestCorpus.Document("001").Id);
    }
}
