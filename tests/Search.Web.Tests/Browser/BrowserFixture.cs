using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Search.Web.Tests.Support;

namespace Search.Web.Tests.Browser;

/// <summary>The real app on a loopback port (Kestrel, not TestServer, so a browser can reach it) and headless Debian Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    /// <summary>The repository's corpus, the markup file, and a red-head notice with an attachment table and 版记 (document view).</summary>
    public IndexedCorpus Corpus { get; } = new(includeRepositoryCorpus: true, new Dictionary<string, string> { ["zz_notice.txt"] = Api.DocumentPartsAndQualityTests.Notice });
    public string BaseUrl { get; private set; } = "";

    /// <summary>Screenshots and downloads: TestResults/browser under the repository (git-ignored), kept after the run.</summary>
    public string Artifacts { get; } = Path.Combine(RepoPaths.Root, "TestResults", "browser");
    public IBrowser Browser { get; private set; } = null!;
    WebApplication? _app;
    IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        // CI installs Chromium (scripts/setup.sh with SEARCH_BROWSER_TESTS=1); without it these tests must fail, not pass silently.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: browser tests need it. Install it with 'apt-get install -y chromium' " +
                                                "or run 'SEARCH_BROWSER_TESTS=1 bash scripts/setup.sh'.");
        Directory.CreateDirectory(Artifacts);
        _app = SearchWebApp.Build([
            "--urls=http://127.0.0.1:0", $"--Search:Index={Corpus.Index}", $"--Search:Corpus={Corpus.Corpus}",
            "--Search:Limits:RequestsPerMinute=100000", "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A fresh page at the given viewport that records console errors, page errors and dialogs (an XSS would open one).</summary>
    public async Task<PageSession> OpenAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var session = new PageSession(context, page);
        page.Console += (_, message) => { if (message.Type == "error") session.Errors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => session.Errors.Add(error);
        page.Dialog += async (_, dialog) => { session.Dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        return session;
    }

    /// <summary>Saves a screenshot to <see cref="Artifacts"/>; the viewport only where what matters is what the reader sees first (a document scrolled to its hit).</summary>
    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Corpus.Dispose();
    }
}

/// <summary>One browser page with what went wrong on it.</summary>
public sealed class PageSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;
    public List<string> Errors { get; } = [];
    public List<string> Dialogs { get; } = [];

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
