using System.Diagnostics;
using System.Text.Json;
using Search.Web.Tests.Support;

namespace Search.Web.Tests.Api;

/// <summary>The OpenAPI document describes every response and error and the admin token, and passes Redocly CLI's lint with
/// its recommended rules (0 errors) — the check a real client generator would make.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Every_operation_has_a_response_schema_its_problem_responses_and_a_security_decision()
    {
        var openapi = await _client.Json("/openapi/v1.json");
        var schemes = openapi.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.GetProperty("adminToken");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        var schemas = openapi.GetProperty("components").GetProperty("schemas");

        int operations = 0;
        foreach (var path in openapi.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                string where = $"{operation.Name} {path.Name}";
                var responses = operation.Value.GetProperty("responses");
                var ok = responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.True(ok.TryGetProperty("$ref", out var reference), $"{where}: the 200 response has no named schema");
                Assert.True(schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var schema), $"{where}: {reference} is not defined");
                Assert.True(schema.GetProperty("properties").EnumerateObject().Any(), $"{where}: {reference} has no properties");
                var security = operation.Value.GetProperty("security");
                if (path.Name.StartsWith("/api/", StringComparison.Ordinal))
                {
                    // Every API call can be rate-limited, and every error is a ProblemDetails.
                    Assert.True(responses.TryGetProperty("429", out _), $"{where}: no 429");
                    foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] == '4'))
                        Assert.Equal("#/components/schemas/ProblemDetails",
                            error.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
                }
                if (path.Name == "/api/admin/reindex")
                {
                    Assert.Equal("adminToken", Assert.Single(Assert.Single(security.EnumerateArray()).EnumerateObject()).Name);
                    foreach (var status in new[] { "401", "403", "409" }) Assert.True(responses.TryGetProperty(status, out _), $"{where}: no {status}");
                }
                else Assert.Empty(security.EnumerateArray());
                if (path.Name.Contains("{id}")) Assert.True(responses.TryGetProperty("404", out _), $"{where}: no 404");
            }
        Assert.Equal(12, operations);
        // The schemas carry the contract's names: a search hit's measures have their snippet as text and marks.
        var measureHit = schemas.GetProperty("MeasureHitResponse").GetProperty("properties");
        foreach (var name in new[] { "id", "path", "text", "snippet", "score", "snippetText", "marks" }) Assert.True(measureHit.TryGetProperty(name, out _), name);
    }

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        string file = Path.Combine(Path.GetTempPath(), $"search-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
        try
        {
            var (code, stdout, stderr) = Redocly.Run("lint", "--extends=recommended", "--format=json", file);
            int start = stdout.IndexOf('{');
            Assert.True(start >= 0, $"redocly printed no report (exit {code}): {stdout}\n{stderr}");
            var report = JsonDocument.Parse(stdout[start..]).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}").ToList();
            Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, "redocly lint errors:\n" + string.Join("\n", problems));
            Assert.Equal(0, code);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Redocly CLI, pinned, installed once with npm into the user cache (<c>SEARCH_CACHE_DIR</c> or ~/.cache/search), or the
/// one <c>SEARCH_REDOCLY</c> names.</summary>
/// <remarks>1.34.20 runs on the Node.js 18 that Debian 12 ships as well as on newer ones (2.x needs Node 20.19 or later).
/// scripts/setup-node.sh installs Node.js and npm where they are missing.</remarks>
static class Redocly
{
    public const string Version = "1.34.20";
    static readonly Lazy<string> Executable = new(Locate);

    public static (int Code, string Stdout, string Stderr) Run(params string[] args) => Exec(Executable.Value, args, TimeSpan.FromMinutes(2));

    static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SEARCH_REDOCLY") is { Length: > 0 } given) return given;
        string cache = Environment.GetEnvironmentVariable("SEARCH_CACHE_DIR") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "search");
        string prefix = Path.Combine(cache, "redocly-" + Version), bin = Path.Combine(prefix, "node_modules", ".bin", "redocly");
        if (File.Exists(bin)) return bin;
        Directory.CreateDirectory(prefix);
        // One install at a time across processes: the second waits for the lock, then finds the first one's install.
        using var installing = WaitForLock(Path.Combine(prefix, ".install.lock"));
        if (File.Exists(bin)) return bin;
        var (code, stdout, stderr) = Exec("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", $"@redocly/cli@{Version}"], TimeSpan.FromMinutes(5));
        if (code != 0 || !File.Exists(bin))
            throw new InvalidOperationException($"npm could not install @redocly/cli@{Version} (exit {code}): {stdout}\n{stderr}");
        return bin;
    }

    static FileStream WaitForLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(500); }
        }
    }

    static (int, string, string) Exec(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' cannot be run ({e.Message}): Node.js and npm are needed — run scripts/setup-node.sh", e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"{file} did not finish in {timeout.TotalSeconds:0} s"); }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
