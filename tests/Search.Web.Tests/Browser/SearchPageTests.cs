using System.Text;
using Microsoft.Playwright;
using Search.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Search.Web.Tests.Browser;

/// <summary>The search page in headless Chromium: type, filter, open a document at the hit, similar measures, compare, export; screenshots in TestResults/browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchPageTests(BrowserFixture fixture)
{
    static readonly string[] FourDistricts = ["兴宁区", "兴庆区", "宁国市", "柳南区"];

    async Task<IReadOnlyList<string>> Districts(IPage page) =>
        (await page.Locator("#results .hit").EvaluateAllAsync<string[]>("hits => hits.map(h => h.dataset.district)")).Order().ToList();

    [Fact]
    public async Task Typing_a_query_shows_the_four_districts_with_highlights_then_filter_document_and_similar()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/");
        await page.Locator("#q").PressSequentiallyAsync("控辍保学", new() { Delay = 40 });

        // Results as you type: no Enter, the debounced input runs the search.
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        Assert.Equal(FourDistricts, await Districts(page));
        var liunan = page.Locator("#results .hit[data-district='柳南区']");
        await Expect(liunan.Locator("mark").First).ToHaveTextAsync("控輟保學");
        await Expect(liunan.Locator(".path").First).Not.ToBeEmptyAsync();
        Assert.Contains("q=", page.Url);
        await Expect(page.Locator("#facets .facet-value[data-field='province']")).ToHaveCountAsync(3);
        await Expect(page.Locator("#trend svg rect").First).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "01-search-laptop");

        // Narrow by a province from the facet sidebar; the URL carries it and Back undoes it.
        await page.Locator("#facets .facet-value[data-field='province'][data-value='广西壮族自治区']").ClickAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(2);
        Assert.Contains("province=", page.Url);
        await Expect(page.Locator("#facets .facet-value[data-field='city']").First).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "02-filtered-province");
        await page.GoBackAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        await page.GoForwardAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(2);

        // Open the document at the hit: the measure is highlighted, in view, with the query marked as written.
        await page.Locator("#results .hit[data-district='柳南区'] button.open").First.ClickAsync();
        var hit = page.Locator("#doc-body .measure.hit");
        await Expect(hit).ToBeVisibleAsync();
        await Expect(hit.Locator("mark").First).ToHaveTextAsync("控輟保學");
        await Expect(hit).ToBeInViewportAsync();
        await Expect(page.Locator("#outline li").First).ToBeVisibleAsync();
        Assert.Contains("view=doc", page.Url);
        await fixture.ScreenshotAsync(page, "03-document-at-hit", fullPage: false);

        // 相似措施 for the hit measure: other districts only, with the shared terms.
        await hit.Locator("button.similar-btn").ClickAsync();
        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        await Expect(page.Locator("#similar-list .similar-item").First).ToBeVisibleAsync();
        var districts = await page.Locator("#similar-list .similar-item .district").AllTextContentsAsync();
        Assert.NotEmpty(districts);
        Assert.DoesNotContain("柳南区", districts);
        await Expect(page.Locator("#similar-list .term").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, "04-similar.png") });
        await page.Locator("#similar-close").ClickAsync();
        await Expect(page.Locator("#similar")).ToBeHiddenAsync();

        // Back to the filtered results, then reload: the URL alone restores the state.
        await page.GoBackAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(2);
        await page.ReloadAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(2);
        await Expect(page.Locator("#q")).ToHaveValueAsync("控辍保学");
        Assert.Empty(session.Errors);
        Assert.Empty(session.Dialogs);
    }

    [Fact]
    public async Task Export_downloads_a_csv_of_all_hits()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/?q=" + Uri.EscapeDataString("控辍保学"));
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        await page.Locator("#export-menu summary").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        Assert.Equal("控辍保学.csv", download.SuggestedFilename);
        var path = Path.Combine(fixture.Artifacts, "export.csv");
        await download.SaveAsAsync(path);
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path));
        Assert.Contains("\"标题\"", csv);
        foreach (var district in FourDistricts) Assert.Contains($"\"{district}\"", csv);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Compare_view_shows_districts_side_by_side()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/?view=compare&q=" + Uri.EscapeDataString("控辍保学"));
        await Expect(page.Locator("#compare .column")).ToHaveCountAsync(4);
        await Expect(page.Locator("#compare .column[data-district='柳南区'] mark").First).ToHaveTextAsync("控輟保學");
        await fixture.ScreenshotAsync(page, "05-compare");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Page_is_usable_at_phone_width()
    {
        await using var session = await fixture.OpenAsync(390, 844);
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/?q=" + Uri.EscapeDataString("控辍保学"));
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at phone width");
        await fixture.ScreenshotAsync(page, "06-search-phone");
        await page.Locator("#results .hit[data-district='柳南区'] button.open").First.ClickAsync();
        await Expect(page.Locator("#doc-body .measure.hit")).ToBeInViewportAsync();
        await fixture.ScreenshotAsync(page, "07-document-phone", fullPage: false);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Markup_in_a_document_shows_as_text_and_runs_nothing()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/?q=" + Uri.EscapeDataString(IndexedCorpus.XssQuery));
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(1);
        await Expect(page.Locator("#results")).ToContainTextAsync("<script>alert(1)</script>");
        await page.Locator("#results .hit button.open").First.ClickAsync();
        await Expect(page.Locator("#doc-body")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(page.Locator("#doc-body")).ToContainTextAsync("<script>alert(1)</script>");
        await fixture.ScreenshotAsync(page, "08-markup-as-text", fullPage: false);
        Assert.Equal(0, await page.Locator("img, #results script, #doc-body script").CountAsync());
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(session.Dialogs);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Malformed_query_shows_the_servers_message()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(fixture.BaseUrl + "/?q=" + Uri.EscapeDataString("\"控辍"));
        await Expect(page.Locator("#status.error")).ToBeVisibleAsync();
        await Expect(page.Locator("#q-error")).ToContainTextAsync("引号未闭合");
    }
}
