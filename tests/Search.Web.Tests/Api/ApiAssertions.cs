using System.Net;
using System.Text.Json;

namespace Search.Web.Tests.Api;

/// <summary>Small helpers for reading JSON answers and checking ProblemDetails.</summary>
static class ApiAssertions
{
    public static string Url(string path, params (string Key, string Value)[] query) =>
        path + (query.Length == 0 ? "" : "?" + string.Join("&", query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")));

    public static async Task<JsonElement> Json(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The response is RFC 9457 problem JSON with this status and a detail that mentions <paramref name="detailPart"/>; no stack trace.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string? detailPart = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        if (detailPart is not null) Assert.Contains(detailPart, json.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", body);
        return json;
    }

    public static async Task<JsonElement> Problem(this HttpClient client, string url, HttpStatusCode status, string? detailPart = null)
    {
        using var response = await client.GetAsync(url);
        return await Problem(response, status, detailPart);
    }
}
