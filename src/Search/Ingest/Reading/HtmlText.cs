using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Search.Ingest.Reading;

/// <summary>Extracts the main text of a web page: no scripts, styles, menus, headers or footers; one line per block
/// element; a data table's rows one per line with their cells separated by <see cref="SourceText.CellSeparator"/>.</summary>
public static partial class HtmlText
{
    static readonly string[] DroppedTags = ["script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg", "button", "select", "menu"];

    // "header" only as a whole class name: "article-header" holds the document's own title.
    [GeneratedRegex("(^|[-_ ])(nav|navbar|menu|sidemenu|footer|breadcrumb|crumb|sidebar|side|banner|share|copyright|toolbar|topbar|others|prev|next|related|recommend)([-_ ]|$)|(^|\\s)header(\\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeName();

    // Content containers, also in camelCase (mainContent, conTxt).
    [GeneratedRegex("(^|[-_ ]|[a-z])(content|article|main|zoom|TRS_Editor|txt|text|detail)([-_ A-Z]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ContentName();

    static readonly HashSet<string> BlockTags = ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "td", "th", "center", "body", "caption", "tbody", "thead"];

    public static string Extract(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(string.Join(',', DroppedTags)).ToList())
            element.Remove();
        foreach (var element in document.All.Where(IsChrome).ToList())
            element.Remove();
        // A page's <header> is chrome; an article's <header> carries the document title.
        foreach (var element in document.QuerySelectorAll("header").Where(h => h.Closest("article, main") is null).ToList())
            element.Remove();

        var text = new StringBuilder();
        var title = document.Title is { } t ? TemplateCode().Replace(t, "").Trim() : null;
        if (Root(document) is { } root)
            Append(root, text);
        var body = text.ToString();
        // A page whose article has no heading of its own still carries its title in <title>.
        if (!string.IsNullOrEmpty(title) && !body.Contains(title, StringComparison.Ordinal))
            body = title + "\n" + body;
        return body;
    }

    /// <summary>The element holding the main text: among article/main/content containers, the innermost one that still holds
    /// most of the largest one's text (pages nest several: #content around .mainContent around .conTxt with side menus in
    /// between).</summary>
    static IElement? Root(AngleSharp.Html.Dom.IHtmlDocument document)
    {
        var candidates = document.All
            .Where(e => e.LocalName is "article" or "main" || ContentName().IsMatch(e.Id ?? "") || ContentName().IsMatch(e.ClassName ?? ""))
            .Select(e => (Element: e, Length: e.TextContent.Length))
            .Where(c => c.Length > 0)
            .ToList();
        if (candidates.Count == 0)
            return document.Body ?? document.DocumentElement;
        var largest = candidates.MaxBy(c => c.Length);
        var root = largest.Element;
        foreach (var c in candidates)
            if (c.Length >= largest.Length * 0.6 && c.Element != root && root.Contains(c.Element))
                root = c.Element;
        // The article's own headline sits beside the text container, not inside it: step back out to keep it.
        var outer = root;
        while (outer.ParentElement is { } parent && parent != largest.Element.ParentElement && parent.TextContent.Length <= root.TextContent.Length * 1.3 + 300)
            outer = parent;
        return outer;
    }

    [GeneratedRegex(@"</?(p|div|span|br|table|tr|td|font|b|strong|li|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex CommonTag();

    /// <summary>True when text is markup rather than prose: block and inline tags make up a good share of it.</summary>
    public static bool LooksLikeMarkup(string text)
    {
        int tags = 0, tagChars = 0;
        foreach (Match m in CommonTag().Matches(text))
        {
            tags++;
            tagChars += m.Length;
        }
        return tags >= 5 && tagChars * 5 >= text.Length;
    }

    // Template code left in a page that was saved unrendered (FreeMarker, JSP, Razor): not text.
    [GeneratedRegex(@"<[#@/][#@]?[^<>]{0,300}?>|\$\{[^{}]{0,200}\}")]
    private static partial Regex TemplateCode();

    static bool IsChrome(IElement e) =>
        e.TagName is not ("HTML" or "BODY") && (ChromeName().IsMatch(e.Id ?? "") || ChromeName().IsMatch(e.ClassName ?? "") || e.GetAttribute("role") is "navigation" or "banner" or "contentinfo");

    static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
                text.Append(Whitespace().Replace(TemplateCode().Replace(t.Data, ""), " "));
            else if (child is IElement e)
            {
                if (e.LocalName == "tr" && IsDataRow(e))
                {
                    text.Append('\n');
                    AppendRow(e, text);
                    text.Append('\n');
                    continue;
                }
                bool block = BlockTags.Contains(e.LocalName);
                if (block) text.Append('\n');
                Append(e, text);
                if (block) text.Append('\n');
            }
        }
    }

    [GeneratedRegex(@"[\t\r\n\f\v]+")]
    private static partial Regex Whitespace();

    /// <summary>A row of a data table: two or more cells holding short text and no nested tables or paragraphs. Pages also
    /// use tables for layout, whose cells hold whole articles: those are read as blocks.</summary>
    static bool IsDataRow(IElement row)
    {
        var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
        return cells.Count >= 2 && cells.All(c => c.QuerySelector("table") is null && c.TextContent.Trim().Length <= 200 && c.QuerySelectorAll("p, div, br, li").Length <= 3);
    }

    static void AppendRow(IElement row, StringBuilder text)
    {
        bool first = true;
        foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
        {
            if (!first) text.Append(SourceText.CellSeparator);
            first = false;
            var cellText = new StringBuilder();
            Append(cell, cellText);
            // A bar inside a cell would read as a cell boundary.
            text.Append(Regex.Replace(cellText.ToString(), @"\s+", " ").Trim().Replace('|', '｜'));
        }
    }
}
