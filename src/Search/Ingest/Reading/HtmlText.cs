using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Search.Ingest.Reading;

/// <summary>Extracts the main text of a web page: no scripts, styles, menus, headers or footers; one line per block element.</summary>
public static partial class HtmlText
{
    static readonly string[] DroppedTags = ["script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg", "button", "select", "menu"];

    // "header" only as a whole class name: "article-header" holds the document's own title.
    [GeneratedRegex("(^|[-_ ])(nav|navbar|menu|footer|breadcrumb|crumb|sidebar|banner|share|copyright|toolbar|topbar)([-_ ]|$)|(^|\\s)header(\\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeName();

    static readonly HashSet<string> BlockTags = ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "td", "th", "center", "body"];

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

        // The main text lives in an article/main/content element; pages nest several, so take the one holding most text.
        var root = document.All
            .Where(e => e.LocalName is "article" or "main" || ContentName(e.Id) || ContentName(e.ClassName))
            .OrderByDescending(e => e.TextContent.Length)
            .FirstOrDefault() ?? document.Body ?? (IElement?)document.DocumentElement;
        var text = new StringBuilder();
        var title = document.Title?.Trim();
        if (root is not null)
            Append(root, text);
        var body = text.ToString();
        // A page whose article has no heading of its own still carries its title in <title>.
        if (!string.IsNullOrEmpty(title) && !body.Contains(title, StringComparison.Ordinal))
            body = title + "\n" + body;
        return body;
    }

    static bool IsChrome(IElement e) =>
        e.TagName is not ("HTML" or "BODY") && (ChromeName().IsMatch(e.Id ?? "") || ChromeName().IsMatch(e.ClassName ?? "") || e.GetAttribute("role") is "navigation" or "banner" or "contentinfo");

    static bool ContentName(string? name) =>
        name is not null && Regex.IsMatch(name, "(^|[-_ ])(content|article|main|zoom|TRS_Editor)([-_ ]|$)", RegexOptions.IgnoreCase);

    static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
                text.Append(t.Data.Replace('\n', ' ').Replace('\r', ' '));
            else if (child is IElement e)
            {
                bool block = BlockTags.Contains(e.LocalName);
                if (block) text.Append('\n');
                Append(e, text);
                if (block) text.Append('\n');
            }
        }
    }
}
