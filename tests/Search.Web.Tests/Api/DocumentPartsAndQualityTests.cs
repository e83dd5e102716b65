using System.Net;
using Search.Indexing;
using Search.Schema;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>The document view's data (parts, tables, where each field was found) and the corpus quality report over HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentPartsAndQualityTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    /// <summary>A red-head notice with its 版头, 主送, 署名, 成文日期, an attachment with a table, and 版记.</summary>
    public const string Notice = """
        某县教育局文件
        某教发〔2023〕12号
        某县教育局关于印发课后服务工作方案的通知
        各中小学：
        现将《课后服务工作方案》印发给你们，请认真贯彻执行。
        一、工作目标
        （一）全面开展课后服务，实现义务教育学校全覆盖。
        （二）建立课后服务经费保障机制，确保服务质量。
        二、工作要求
        （一）各学校要制定课后服务实施细则。
        附件：课后服务情况统计表
        某县教育局
        2023年3月1日
        附件
        课后服务情况统计表
        学校名称 | 参加人数 | 服务时长
        第一小学 | 520 | 2小时
        第二小学 | 430 | 2小时
        抄送：县教育督导室。
        某县教育局办公室 2023年3月1日印发
        """;

    [Fact]
    public async Task A_document_carries_its_parts_tables_and_where_each_field_was_found()
    {
        var search = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("district", "柳南区")));
        var docId = search.GetProperty("hits")[0].GetProperty("docId").GetString();
        var json = await _client.Json($"/api/documents/{docId}");
        var parts = json.GetProperty("parts").EnumerateArray().ToList();
        Assert.NotEmpty(parts);
        Assert.Contains(parts, p => p.GetProperty("kind").GetString() == "measure" && p.TryGetProperty("measureId", out _));
        Assert.Contains(parts, p => p.GetProperty("kind").GetString() == "title" && p.GetProperty("name").GetString() == "标题");
        var sources = json.GetProperty("metadata").GetProperty("sources");
        Assert.Equal("标题", sources.GetProperty("issuer").GetString());
        Assert.Equal("政府信息公开表", sources.GetProperty("publishedDate").GetString());
        Assert.Equal("2023-02-16", json.GetProperty("metadata").GetProperty("publishedDate").GetString());
        Assert.Equal("txt", json.GetProperty("metadata").GetProperty("format").GetString());
        Assert.True(json.TryGetProperty("tables", out _));
    }

    [Fact]
    public async Task The_quality_report_lists_fields_with_their_sources_warnings_and_unreadable_files()
    {
        using var corpus = new IndexedCorpus(includeRepositoryCorpus: false);
        File.Copy(Directory.GetFiles(RepoPaths.Corpus, "002*").Single(), Path.Combine(corpus.Corpus, "liunan.txt"));
        File.WriteAllText(Path.Combine(corpus.Corpus, "notice.txt"), Notice);
        File.WriteAllBytes(Path.Combine(corpus.Corpus, "broken.pdf"), "%PDF-1.4 broken"u8.ToArray());
        File.WriteAllBytes(Path.Combine(corpus.Corpus, "notes.xyz"), [1, 2, 3]);
        using (var analyzers = new SearchAnalyzers()) new CorpusIndexer(analyzers).Run(corpus.Corpus, corpus.Index);
        using var factory = new SearchWebFactory(corpus);
        using var client = factory.CreateClient();

        var json = await client.Json("/api/quality");
        Assert.Equal(3, json.GetProperty("documents").GetInt32()); // liunan, notice, the markup file
        var issuer = json.GetProperty("fields").GetProperty("issuer");
        Assert.Equal(3, issuer.GetProperty("found").GetInt32() + issuer.GetProperty("missing").GetInt32());
        Assert.True(issuer.GetProperty("sources").EnumerateObject().Any(), "where the issuers were found");
        var failed = json.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("source").GetString()).Order().ToList();
        Assert.Equal(["broken.pdf", "notes.xyz"], failed);
        var counts = json.GetProperty("warningCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(counts.Values.Sum(), json.GetProperty("warningTotal").GetInt32());
        var kind = counts.Keys.First();
        var one = await client.Json(Url("/api/quality", ("kind", kind), ("size", "1")));
        Assert.Equal(counts[kind], one.GetProperty("warningTotal").GetInt32());
        Assert.All(one.GetProperty("warnings").EnumerateArray(), w => Assert.Equal(kind, w.GetProperty("kind").GetString()));
        Assert.True(one.GetProperty("warnings").GetArrayLength() <= 1);
        // Each warning reads Chinese first.
        Assert.All(json.GetProperty("warnings").EnumerateArray(), w => Assert.Matches(@"^[^A-Za-z]*[\u4e00-\u9fff]", w.GetProperty("detail").GetString()!));
        // Each warning opens its document.
        foreach (var w in json.GetProperty("warnings").EnumerateArray())
        {
            var warned = await client.Json($"/api/documents/{w.GetProperty("docId").GetString()}");
            Assert.Equal(w.GetProperty("source").GetString(), warned.GetProperty("source").GetString());
        }

        // The notice's parts: 版头, 主送, 署名, 成文日期, the attachment's table, 版记.
        var notice = await client.Json(Url("/api/search", ("q", "课后服务")));
        var docId = notice.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("source").GetString() == "notice.txt").GetProperty("docId").GetString();
        var doc = await client.Json($"/api/documents/{docId}");
        var names = doc.GetProperty("parts").EnumerateArray().Select(p => p.TryGetProperty("name", out var n) ? n.GetString() : null).ToHashSet();
        foreach (var name in new[] { "发文机关标志", "发文字号", "主送机关", "发文机关署名", "成文日期", "抄送机关" }) Assert.Contains(name, names);
        Assert.Equal("某教发〔2023〕12号", doc.GetProperty("metadata").GetProperty("number").GetString());
        await client.Problem(Url("/api/quality", ("page", "0")), HttpStatusCode.BadRequest, "page");
    }
}
