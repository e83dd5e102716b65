using System.Net;
using System.Text.Json;
using Search.Semantic.Similar;
using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>The similar panel's API: the source on top, shared terms as whole words without filler marked in both texts, each
/// neighbour with title, district and year, a relevance cut-off, the own district in or out, and similar measures for a pasted text.</summary>
[Collection(ApiCollection.Name)]
public sealed class SimilarApiTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    async Task<string> LiunanMeasure()
    {
        var json = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("district", "柳南区")));
        return json.GetProperty("hits")[0].GetProperty("measures")[0].GetProperty("id").GetString()!;
    }

    static void SharedTermsAreMarkedWholeWords(JsonElement text, JsonElement marks, IReadOnlyList<string> terms)
    {
        string value = text.GetString()!;
        foreach (var mark in marks.EnumerateArray())
        {
            var marked = Search.Analysis.TextFolder.FoldToString(value.Substring(mark.GetProperty("start").GetInt32(), mark.GetProperty("length").GetInt32()));
            Assert.Contains(terms, t => marked.Contains(t, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Neighbours_come_with_their_document_and_whole_word_shared_terms_marked_in_both_texts()
    {
        var id = await LiunanMeasure();
        var json = await _client.Json(Url($"/api/measures/{id}/similar", ("top", "15")));
        var source = json.GetProperty("source");
        Assert.Equal(id, source.GetProperty("id").GetString());
        Assert.Equal("柳南区", source.GetProperty("district").GetString());
        Assert.Contains("工作", source.GetProperty("title").GetString());
        Assert.NotEmpty(source.GetProperty("marks").EnumerateArray());
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(15, hits.Count);
        var allTerms = hits.SelectMany(h => h.GetProperty("sharedTerms").EnumerateArray().Select(t => t.GetString()!)).ToList();
        SharedTermsAreMarkedWholeWords(source.GetProperty("text"), source.GetProperty("marks"), allTerms);
        foreach (var hit in hits)
        {
            Assert.NotEqual("柳南区", hit.GetProperty("district").GetString());
            Assert.False(string.IsNullOrEmpty(hit.GetProperty("title").GetString()));
            Assert.True(hit.GetProperty("year").ValueKind == JsonValueKind.Number);
            var terms = hit.GetProperty("sharedTerms").EnumerateArray().Select(t => t.GetString()!).ToList();
            // Fragments and filler the panel used to list.
            foreach (var bad in new[] { "级联动", "段学", "长的", "全工作", "通过", "按照", "进一步", "控辍保学工作" }) Assert.DoesNotContain(bad, terms);
            Assert.DoesNotContain(terms, SharedTermExplainer.FillerWords.Contains);
            Assert.Equal(terms.Count > 0, hit.GetProperty("marks").GetArrayLength() > 0);
            SharedTermsAreMarkedWholeWords(hit.GetProperty("text"), hit.GetProperty("marks"), terms);
        }
        Assert.Contains("控辍保学", allTerms);
        // The cut-off keeps the 控辍保学 neighbours and leaves out the weak tail (campus safety, 从严治党).
        int strong = json.GetProperty("strong").GetInt32();
        Assert.Equal(hits.Count(h => h.GetProperty("strong").GetBoolean()), strong);
        Assert.InRange(strong, 2, hits.Count - 3);
        Assert.All(hits.Where(h => h.GetProperty("text").GetString()!.Contains("从严治党")), h => Assert.False(h.GetProperty("strong").GetBoolean()));
        Assert.All(hits.Where(h => h.GetProperty("strong").GetBoolean()), h => Assert.NotEmpty(h.GetProperty("sharedTerms").EnumerateArray()));
    }

    [Fact]
    public async Task The_own_district_can_be_kept_in()
    {
        var id = await LiunanMeasure();
        var outside = await _client.Json(Url($"/api/measures/{id}/similar", ("top", "30")));
        Assert.True(outside.GetProperty("otherDistrictsOnly").GetBoolean());
        var inside = await _client.Json(Url($"/api/measures/{id}/similar", ("top", "30"), ("own", "1")));
        Assert.False(inside.GetProperty("otherDistrictsOnly").GetBoolean());
        var districts = inside.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("district").GetString()).ToList();
        Assert.Contains("柳南区", districts);
        Assert.DoesNotContain(inside.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == id);
        await _client.Problem(Url($"/api/measures/{id}/similar", ("own", "2")), HttpStatusCode.BadRequest, "own");
    }

    [Fact]
    public async Task A_pasted_paragraph_finds_similar_measures_in_every_district()
    {
        const string draft = "全面落实控辍保学责任，建立辍学学生劝返复学台账，实行动态监测，确保义务教育阶段适龄儿童少年应入尽入。";
        var json = await _client.Json(Url("/api/similar", ("text", draft)));
        Assert.Null(json.GetProperty("measureId").GetString());
        Assert.Equal(draft, json.GetProperty("source").GetProperty("text").GetString());
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.Contains("控辍保学", hits[0].GetProperty("sharedTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.True(hits.Select(h => h.GetProperty("district").GetString()).Distinct().Count() >= 3);
        SharedTermsAreMarkedWholeWords(json.GetProperty("source").GetProperty("text"), json.GetProperty("source").GetProperty("marks"),
            hits.SelectMany(h => h.GetProperty("sharedTerms").EnumerateArray().Select(t => t.GetString()!)).ToList());
    }

    [Fact]
    public async Task A_paragraph_over_the_limit_is_refused_not_cut()
    {
        await _client.Problem(Url("/api/similar", ("text", new string('学', 5_001))), HttpStatusCode.BadRequest, "上限 5000");
        await _client.Problem("/api/similar", HttpStatusCode.BadRequest, "请粘贴");
        await _client.Json(Url("/api/similar", ("text", new string('学', 4_000))));
    }
}
