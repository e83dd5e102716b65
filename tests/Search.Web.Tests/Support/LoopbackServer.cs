using Microsoft.AspNetCore.Builder;

namespace Search.Web.Tests.Support;

/// <summary>The real app (Kestrel, real sockets) on a free 127.0.0.1 port over a given index and corpus; for tests where the in-memory TestServer would hide connection handling.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    readonly WebApplication _app;

    public Uri BaseAddress { get; }

    LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public static async Task<LoopbackServer> StartAsync(string index, string corpus, IReadOnlyDictionary<string, string>? settings = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0", $"--Search:Index={index}", $"--Search:Corpus={corpus}",
            $"--Search:AdminToken={SearchWebFactory.AdminToken}",
            // Every request comes from one address here; the limiter has its own test.
            "--Search:Limits:RequestsPerMinute=100000000", "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) args.Add($"--{key}={value}");
        var app = SearchWebApp.Build([.. args]);
        await app.StartAsync();
        var address = app.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new LoopbackServer(app, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
