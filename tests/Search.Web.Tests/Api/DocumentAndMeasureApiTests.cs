using System.Net;
using System.Text.Json;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>/api/documents/{id}, /api/measures/{id} and /api/measures/{id}/similar: found, unknown and malformed ids.</summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentAndMeasureApiTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    async Task<(string DocId, string MeasureId)> LiunanHit()
    {
        var json = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("district", "柳南区")));
        var hit = json.GetProperty("hits")[0];
        return (hit.GetProperty("docId").GetString()!, hit.GetProperty("measures")[0].GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Document_has_metadata_outline_measures_and_glossary_and_marks_the_query()
    {
        var (docId, measureId) = await LiunanHit();
        var json = await _client.Json(Url($"/api/documents/{docId}", ("q", "控辍保学")));
        Assert.Equal(docId, json.GetProperty("id").GetString());
        Assert.Equal("柳南区", json.GetProperty("metadata").GetProperty("district").GetString());
        Assert.NotEmpty(json.GetProperty("sections").EnumerateArray());
        Assert.Contains(json.GetProperty("measures").EnumerateArray(), m => m.GetProperty("id").GetString() == measureId);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("glossary").ValueKind);
        Assert.Contains("<mark>控輟保學</mark>", json.GetProperty("highlights").GetProperty(measureId).GetString());
    }

    [Fact]
    public async Task Document_errors()
    {
        await _client.Problem("/api/documents/0000000000000000", HttpStatusCode.NotFound, "unknown document id");
        await _client.Problem("/api/documents/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest, "invalid id");
        await _client.Problem("/api/documents/" + new string('a', 65), HttpStatusCode.BadRequest, "invalid id");
        var (docId, _) = await LiunanHit();
        await _client.Problem(Url($"/api/documents/{docId}", ("q", "\"控辍")), HttpStatusCode.BadRequest, "Unclosed");
    }

    [Fact]
    public async Task Measure_has_text_path_and_document()
    {
        var (docId, measureId) = await LiunanHit();
        var json = await _client.Json($"/api/measures/{measureId}");
        Assert.Equal(docId, json.GetProperty("docId").GetString());
        Assert.Contains("控輟保學", json.GetProperty("text").GetString());
        Assert.Equal("柳南区", json.GetProperty("district").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Measure_errors()
    {
        await _client.Problem("/api/measures/nope-001", HttpStatusCode.NotFound, "unknown measure id");
        await _client.Problem("/api/measures/a.b", HttpStatusCode.BadRequest, "invalid id");
        await _client.Problem("/api/measures/nope-001/similar", HttpStatusCode.NotFound, "unknown measure id");
        await _client.Problem("/api/measures/a%20b/similar", HttpStatusCode.BadRequest, "invalid id");
        var (_, measureId) = await LiunanHit();
        await _client.Problem($"/api/measures/{measureId}/similar?top=0", HttpStatusCode.BadRequest, "top must be");
        await _client.Problem($"/api/measures/{measureId}/similar?top=1000", HttpStatusCode.BadRequest, "top must be");
    }

    [Fact]
    public async Task Similar_measures_come_from_other_districts_with_shared_terms()
    {
        var (_, measureId) = await LiunanHit();
        var json = await _client.Json($"/api/measures/{measureId}/similar?top=5");
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.True(hits.Count <= 5);
        Assert.All(hits, h => Assert.NotEqual("柳南区", h.GetProperty("district").GetString()));
        Assert.All(hits, h => Assert.NotEmpty(h.GetProperty("sharedTerms").EnumerateArray()));
        var scores = hits.Select(h => h.GetProperty("score").GetSingle()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        foreach (var h in hits)
        {
            var text = Search.Analysis.TextFolder.FoldToString(h.GetProperty("text").GetString()!);
            Assert.All(h.GetProperty("sharedTerms").EnumerateArray(), t => Assert.Contains(t.GetString()!, text));
        }
    }

    [Fact]
    public async Task Health_and_openapi()
    {
        var health = await _client.Json("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(6, health.GetProperty("documents").GetInt32());
        var openapi = await _client.Json("/openapi/v1.json");
        var paths = openapi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/search", "/api/documents/{id}", "/api/measures/{id}", "/api/measures/{id}/similar", "/api/compare", "/api/trend", "/api/export", "/healthz", "/api/admin/reindex" })
            Assert.Contains(path, paths);
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem() =>
        await _client.Problem("/api/nothing-here", HttpStatusCode.NotFound);
}
