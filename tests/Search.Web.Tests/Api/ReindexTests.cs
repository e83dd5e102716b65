using System.Net;
using System.Net.Http.Headers;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>The admin reindex on a corpus of its own: a file added to the corpus is searchable after the reindex, not before.</summary>
public sealed class ReindexTests : IDisposable
{
    readonly IndexedCorpus _corpus = new(includeRepositoryCorpus: false);
    readonly SearchWebFactory _factory;
    readonly HttpClient _client;

    public ReindexTests()
    {
        _factory = new SearchWebFactory(_corpus);
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task New_corpus_file_is_found_after_reindex()
    {
        const string term = "研学旅行基地";
        Assert.Equal(0, (await _client.Json(Url("/api/search", ("q", term)))).GetProperty("total").GetInt32());
        File.WriteAllText(Path.Combine(_corpus.Corpus, "new_plan.txt"),
            "研学实践教育工作方案\n\n一、主要任务\n（一）建设研学旅行基地，组织学生开展研学实践。\n（二）完善安全保障，制定应急预案。\n");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reindex")
        { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SearchWebFactory.AdminToken) } };
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"added\":1", body);

        var after = await _client.Json(Url("/api/search", ("q", term)));
        Assert.Equal(1, after.GetProperty("total").GetInt32());
        Assert.Equal(2, (await _client.Json("/healthz")).GetProperty("documents").GetInt32());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _corpus.Dispose();
    }
}
