using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Search.Web.Tests.Browser;

/// <summary>The researcher's workflows in headless Chromium, each at laptop (1366 px) and phone (390 px) width: typed filters and
/// facets as one state, errors in Chinese with the faulty part marked, the similar drawer (source, marks, cut-off, own district,
/// keyboard), a pasted paragraph, the district × year matrix, the document's parts, the quality report, citation exports, the skip
/// link and hit-to-hit navigation. Screenshots go to TestResults/browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkflowPageTests(BrowserFixture fixture)
{
    static string Name(int width) => width < 800 ? "phone" : "laptop";

    async Task<PageSession> Open(int width, string path)
    {
        var session = await fixture.OpenAsync(width, width < 800 ? 844 : 900);
        await session.Page.GotoAsync(fixture.BaseUrl + path);
        return session;
    }

    static async Task NoSidewaysScroll(IPage page)
    {
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways");
    }

    static string Q(string q) => Uri.EscapeDataString(q);

    /// <summary>No "null" or "undefined" leaked into the text a reader sees.</summary>
    static async Task NoLeakedNulls(IPage page)
    {
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("null", text);
        Assert.DoesNotContain("undefined", text);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_typed_filter_is_a_chip_and_a_selected_facet_and_choosing_another_value_returns_its_count(int width)
    {
        await using var session = await Open(width, "/?q=" + Q("控辍保学 province:广西"));
        var page = session.Page;
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(2);
        await Expect(page.Locator("#active-filters .chip.typed")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("省份：广西"));
        if (width < 800) await page.Locator("#filters-box summary").ClickAsync();
        var guangxi = page.Locator("#facets .facet-value[data-field='province'][data-value='广西壮族自治区']");
        await Expect(guangxi).ToHaveAttributeAsync("aria-pressed", "true");
        var ningxia = page.Locator("#facets .facet-value[data-field='province'][data-value='宁夏回族自治区']");
        var shown = int.Parse(await ningxia.Locator(".count").TextContentAsync() ?? "0");
        Assert.True(shown > 0);
        await Expect(page.Locator("#facets .note").First).ToContainTextAsync("跨年度");
        await fixture.ScreenshotAsync(page, $"10-typed-filter-{Name(width)}");
        await ningxia.ClickAsync();
        // Replaced, not added: the typed filter leaves the box, the chosen value is a chip, the count is what the facet said.
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(shown);
        await Expect(page.Locator("#q")).ToHaveValueAsync("控辍保学");
        await Expect(page.Locator("#active-filters .chip")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("省份：宁夏回族自治区"));
        await Expect(page.Locator("#status")).ToContainTextAsync($"共 {shown} 份文件");
        // Removing the chip removes the filter.
        await page.Locator("#active-filters .chip").ClickAsync();
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        await NoSidewaysScroll(page);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task Errors_are_Chinese_first_with_the_faulty_part_marked_and_long_input_is_not_cut(int width)
    {
        await using var session = await Open(width, "/");
        var page = session.Page;
        await page.Locator("#q").FillAsync("控辍 \"劝返");
        await Expect(page.Locator("#q-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#q-error .msg")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^引号未闭合"));
        await Expect(page.Locator("#q-error mark.fault")).ToHaveTextAsync("\"劝返");
        await Expect(page.Locator("#q")).ToHaveAttributeAsync("aria-invalid", "true");
        await fixture.ScreenshotAsync(page, $"11-query-error-{Name(width)}", fullPage: false);

        string longQuery = new string('学', 296);
        await page.Locator("#q").FillAsync(longQuery);
        await Expect(page.Locator("#q-error .msg")).ToContainTextAsync("查询过长");
        await Expect(page.Locator("#q-error mark.fault")).ToHaveTextAsync(new string('学', 96));
        await Expect(page.Locator("#q")).ToHaveValueAsync(longQuery);
        await page.Locator("#q").FillAsync("控辍保学");
        await Expect(page.Locator("#results .hit")).ToHaveCountAsync(4);
        await Expect(page.Locator("#q-error")).ToBeHiddenAsync();
        Assert.Empty(session.Dialogs);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_similar_drawer_shows_the_source_marks_shared_words_cuts_weak_tails_and_works_from_the_keyboard(int width)
    {
        await using var session = await Open(width, "/?q=" + Q("控辍保学") + "&district=" + Q("柳南区"));
        var page = session.Page;
        var button = page.Locator("#results .hit .similar-btn").First;
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        // Focus moves into the drawer.
        await Expect(page.Locator("#similar-close")).ToBeFocusedAsync();
        await Expect(page.Locator("#similar-source .source-text mark.shared").First).ToBeVisibleAsync();
        await Expect(page.Locator("#similar-source .district")).ToHaveTextAsync("柳南区");
        var first = page.Locator("#similar-list .similar-item").First;
        await Expect(first.Locator(".doc-title")).ToContainTextAsync("年");
        await Expect(first.Locator(".text mark.shared").First).ToBeVisibleAsync();
        var terms = await page.Locator("#similar-list .term").AllTextContentsAsync();
        Assert.Contains("控辍保学", terms);
        foreach (var bad in new[] { "级联动", "段学", "通过", "按照", "进一步" }) Assert.DoesNotContain(bad, terms);
        Assert.DoesNotContain("柳南区", await page.Locator("#similar-list .similar-item .district").AllTextContentsAsync());
        // The weak tail is folded away behind a button.
        int strong = await page.Locator("#similar-list .similar-item").CountAsync();
        await Expect(page.Locator("#similar-more-line .show-more")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, $"12-similar-{Name(width)}", fullPage: false);
        await NoLeakedNulls(page);
        await page.Locator("#similar-more-line .show-more").ClickAsync();
        Assert.True(await page.Locator("#similar-list .similar-item").CountAsync() > strong);
        await Expect(page.Locator("#similar-list .similar-item.weak").First).ToBeVisibleAsync();
        // The own district can be kept in.
        await page.Locator("#similar-own").CheckAsync();
        await Expect(page.Locator("#similar-source .hint")).ToContainTextAsync("各地区");
        await page.Locator("#similar-more-line .show-more").ClickAsync();
        await Expect(page.Locator("#similar-list .similar-item .district", new() { HasText = "柳南区" }).First).ToBeVisibleAsync();
        // Tab stays in the drawer; Esc closes it and focus returns to the button that opened it.
        for (int i = 0; i < 3; i++) await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('similar').contains(document.activeElement)"));
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#similar")).ToBeHiddenAsync();
        await Expect(button).ToBeFocusedAsync();
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_pasted_paragraph_finds_similar_measures(int width)
    {
        await using var session = await Open(width, "/?view=paste");
        var page = session.Page;
        await page.Locator("#paste-text").FillAsync("全面落实控辍保学责任，建立辍学学生劝返复学台账，实行动态监测，确保义务教育阶段适龄儿童少年应入尽入。");
        await Expect(page.Locator("#paste-count")).ToContainTextAsync("/ 5000");
        await page.Locator("#paste-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#paste-list .similar-item").First).ToBeVisibleAsync();
        await Expect(page.Locator("#paste-source .source-text mark.shared").First).ToBeVisibleAsync();
        Assert.Contains("控辍保学", await page.Locator("#paste-list .term").AllTextContentsAsync());
        await fixture.ScreenshotAsync(page, $"13-paste-{Name(width)}");
        await NoLeakedNulls(page);
        // Over the limit: said, not cut.
        await page.Locator("#paste-text").FillAsync(new string('学', 5_010));
        await Expect(page.Locator("#paste-count")).ToContainTextAsync("超出 10 字");
        await page.Locator("#paste-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#paste-status")).ToContainTextAsync("文本过长");
        await NoSidewaysScroll(page);
        // The 400 the browser logs for the refused paragraph is the point; nothing else went wrong.
        Assert.Empty(session.Errors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_matrix_shows_districts_by_year_marks_first_years_and_opens_a_cells_measures(int width)
    {
        await using var session = await Open(width, "/?view=matrix&q=" + Q("控辍保学"));
        var page = session.Page;
        var rows = page.Locator("#matrix tbody tr[data-district]");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("#matrix tr.group.province").First).ToBeVisibleAsync();
        await Expect(page.Locator("#matrix td.first").First).ToBeVisibleAsync();
        Assert.Equal(4, await page.Locator("#matrix td.first").CountAsync());
        await fixture.ScreenshotAsync(page, $"14-matrix-{Name(width)}");
        await NoLeakedNulls(page);
        var liunan = page.Locator("#matrix tr[data-district='柳南区'] td.first .cell");
        int count = int.Parse(await liunan.TextContentAsync() ?? "0");
        await liunan.ClickAsync();
        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        await Expect(page.Locator("#similar-list .similar-item")).ToHaveCountAsync(count);
        await page.Keyboard.PressAsync("Escape");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#matrix-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var path = Path.Combine(fixture.Artifacts, $"matrix-{Name(width)}.csv");
        await download.SaveAsAsync(path);
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path));
        Assert.Contains("\"首次出现年份\"", csv);
        Assert.Contains("\"柳南区\"", csv);
        await NoSidewaysScroll(page);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_document_shows_its_parts_where_fields_were_found_tables_and_steps_from_hit_to_hit(int width)
    {
        await using var session = await Open(width, "/?q=" + Q("课后服务"));
        var page = session.Page;
        await page.Locator("#results .hit a.title").First.ClickAsync();
        var body = page.Locator("#doc-body");
        await Expect(body.Locator(".zone.head .letterhead")).ToContainTextAsync("某县教育局文件");
        await Expect(body.Locator(".zone.head [data-kind='issueNumber']")).ToContainTextAsync("某教发〔2023〕12号");
        await Expect(body.Locator(".zone.closing [data-kind='signature']")).ToContainTextAsync("某县教育局");
        await Expect(body.Locator(".zone.attachment table.doc-table td", new() { HasText = "第一小学" })).ToBeVisibleAsync();
        await Expect(body.Locator(".zone.imprint")).ToContainTextAsync("抄送");
        await Expect(page.Locator("#doc-header .found").First).ToContainTextAsync("来源：");
        // Next and previous hit, by button and by key.
        await Expect(page.Locator("#hit-nav")).ToBeVisibleAsync();
        var position = page.Locator("#hit-pos");
        await Expect(position).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"命中 \d+ / \d+"));
        var parts = (await position.TextContentAsync())!.Replace("命中", "").Split('/').Select(p => int.Parse(p.Trim())).ToArray();
        var (at, of) = (parts[0], parts[1]);
        Assert.True(of >= 2, "the probe needs two hits");
        await page.Locator("#hit-next").ClickAsync();
        await Expect(position).ToHaveTextAsync($"命中 {at % of + 1} / {of}");
        await Expect(page.Locator("#doc-body .measure.hit")).ToBeInViewportAsync();
        await Expect(page.Locator("#doc-body .measure.hit")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("p");
        await Expect(position).ToHaveTextAsync($"命中 {at} / {of}");
        await fixture.ScreenshotAsync(page, $"15-document-parts-{Name(width)}");
        await NoLeakedNulls(page);
        // Each table once, drawn from its rows.
        Assert.Equal(1, await body.Locator("table.doc-table").CountAsync());
        Assert.Equal(0, await body.Locator("pre.table-text").CountAsync());
        await NoSidewaysScroll(page);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_quality_page_lists_fields_with_sources_and_filters_warnings(int width)
    {
        await using var session = await Open(width, "/?view=quality");
        var page = session.Page;
        await Expect(page.Locator("#quality-status")).ToContainTextAsync("已索引 7 份文件");
        await Expect(page.Locator(".quality-table tr[data-field='issuer']")).ToBeVisibleAsync();
        var kind = page.Locator(".chips.kinds .chip[data-kind]").First;
        string? name = await kind.GetAttributeAsync("data-kind");
        await kind.ClickAsync();
        await Expect(kind).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Contains("kind=", page.Url);
        Assert.True(await page.Locator(".warnings li").CountAsync() > 0);
        await fixture.ScreenshotAsync(page, $"16-quality-{Name(width)}");
        // A warning's file opens its document.
        var source = page.Locator(".warnings li a.source").First;
        string? file = await source.TextContentAsync();
        await source.ClickAsync();
        await Expect(page.Locator("#view-document")).ToBeVisibleAsync();
        Assert.Contains("view=doc", page.Url);
        Assert.False(string.IsNullOrEmpty(file));
        await page.GoBackAsync();
        await Expect(page.Locator("#view-quality")).ToBeVisibleAsync();
        await NoLeakedNulls(page);
        await NoSidewaysScroll(page);
        Assert.NotNull(name);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task Results_say_how_many_measures_they_leave_out_and_the_skip_link_reaches_them(int width)
    {
        await using var session = await Open(width, "/?q=" + Q("教育"));
        var page = session.Page;
        await Expect(page.Locator("#results .hit").First).ToBeVisibleAsync();
        await Expect(page.Locator("#results .hit button.more").First).ToContainTextAsync("还有");
        // Readable paths: no ¶ or —— markers.
        var paths = await page.Locator("#results .path").AllTextContentsAsync();
        Assert.DoesNotContain(paths, p => p.Contains('¶') || p.Contains("——"));
        // The skip link is the first stop of the page, two Shift+Tab from the search box (which has focus on arrival, after the
        // title link); Enter then puts focus on the first result: three keys instead of twenty Tabs.
        await page.Locator("#q").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Locator("#skip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#results .hit a.title").First).ToBeFocusedAsync();
        // The trend explains how a multi-year document counts, and a province keeps its colour across queries.
        await Expect(page.Locator("#trend-note")).ToContainTextAsync("跨年度");
        string? colour = await page.Locator("#trend rect[data-province='广西壮族自治区']").First.GetAttributeAsync("fill");
        await page.GotoAsync(fixture.BaseUrl + "/?q=" + Q("控辍保学"));
        await Expect(page.Locator("#trend rect[data-province='广西壮族自治区']").First).ToHaveAttributeAsync("fill", colour!);
        await NoSidewaysScroll(page);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task Every_compare_column_is_within_the_page_and_exports_are_named_after_the_query(int width)
    {
        await using var session = await Open(width, "/?view=compare&q=" + Q("教育"));
        var page = session.Page;
        var columns = page.Locator("#compare .column");
        await Expect(columns.First).ToBeVisibleAsync();
        Assert.True(await columns.CountAsync() >= 5, "the probe needs five districts");
        var right = await columns.EvaluateAllAsync<double[]>("cs => cs.map(c => c.getBoundingClientRect().right)");
        double viewport = await page.EvaluateAsync<double>("() => document.documentElement.clientWidth");
        Assert.All(right, r => Assert.True(r <= viewport + 0.5, $"a column ends at {r} px, past the {viewport} px page"));
        await Expect(page.Locator("#compare-status")).ToContainTextAsync("个地区");
        await fixture.ScreenshotAsync(page, $"17-compare-{Name(width)}");
        // A column shows its district's three best measures; 全部列出 lists every one of them in the drawer.
        var more = columns.Filter(new() { Has = page.Locator(".all-measures") }).First;
        Assert.Equal(3, await more.Locator("li.measure").CountAsync());
        var meta = await more.Locator("header .meta").InnerTextAsync();
        int total = int.Parse(System.Text.RegularExpressions.Regex.Match(meta, @"(\d+) 条措施").Groups[1].Value);
        Assert.True(total > 3, meta);
        await more.Locator(".all-measures").ClickAsync();
        await Expect(page.Locator("#similar-list .similar-item")).ToHaveCountAsync(total);
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("#export-menu summary").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-xlsx").ClickAsync());
        Assert.Equal("教育.xlsx", download.SuggestedFilename);
        await NoSidewaysScroll(page);
        Assert.Empty(session.Errors);
    }
}
