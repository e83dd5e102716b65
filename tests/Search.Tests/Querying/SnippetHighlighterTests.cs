using Search.Querying;
using Xunit;

namespace Search.Tests.Querying;

/// <summary>Snippets: escaping, marks on original characters, merging, windows, surrogate pairs.</summary>
public class SnippetHighlighterTests
{
    private readonly SnippetHighlighter _highlighter = new(window: 20, leadingContext: 4);

    [Fact]
    public void Escapes_html_and_marks_matches()
    {
        var text = "a<b>&\"c'd 控辍保学";
        var snippet = new SnippetHighlighter().Highlight(text, [new TextSpan(10, 14)]).ToHtml();
        Assert.Equal("a&lt;b&gt;&amp;&quot;c&#39;d <mark>控辍保学</mark>", snippet);
    }

    [Fact]
    public void Escapes_inside_marks_too()
    {
        Assert.Equal("x<mark>&lt;&amp;&gt;</mark>y", new SnippetHighlighter().Highlight("x<&>y", [new TextSpan(1, 4)]).ToHtml());
    }

    [Fact]
    public void Marks_land_on_the_original_traditional_characters()
    {
        const string text = "落實控輟保學責任制，建立勸返復學台賬。";
        var spans = MatchLocator.Find(text, ["控辍保学", "劝返"], StandInAnalysis.Fold);
        Assert.Equal([new TextSpan(2, 6), new TextSpan(12, 14)], spans);
        Assert.Equal("落實<mark>控輟保學</mark>責任制，建立<mark>勸返</mark>復學台賬。", new SnippetHighlighter().Highlight(text, spans).ToHtml());
    }

    [Fact]
    public void Locator_maps_length_changing_folds_back_to_the_original()
    {
        // A fold that expands one character into two (as NFKC does for ㈠ → (一)) must still map to whole original characters.
        static string Fold(string s) => s.Replace("㈠", "(一)");
        var spans = MatchLocator.Find("见㈠条", ["一)条"], Fold);
        Assert.Equal([new TextSpan(1, 3)], spans);
        Assert.Equal("见<mark>㈠条</mark>", new SnippetHighlighter().Highlight("见㈠条", spans).ToHtml());
    }

    [Fact]
    public void Overlapping_and_touching_spans_merge()
    {
        Assert.Equal("<mark>abcde</mark>f", new SnippetHighlighter().Highlight("abcdef", [new TextSpan(0, 3), new TextSpan(2, 4), new TextSpan(4, 5)]).ToHtml());
        var spans = MatchLocator.Find("控辍保学", ["控辍", "辍保", "保学"], s => s);
        Assert.Equal("<mark>控辍保学</mark>", new SnippetHighlighter().Highlight("控辍保学", spans).ToHtml());
    }

    [Fact]
    public void Long_text_is_cut_around_the_best_cluster_with_ellipses()
    {
        var text = new string('甲', 50) + "劝返" + new string('乙', 5) + "劝返" + new string('丙', 50);
        var spans = MatchLocator.Find(text, ["劝返"], s => s);
        var snippet = _highlighter.Highlight(text, spans).ToHtml();
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains("<mark>劝返</mark>乙乙乙乙乙<mark>劝返</mark>", snippet);
        Assert.Equal(20, snippet.Replace("<mark>", "").Replace("</mark>", "").Trim('…').Length);
    }

    [Fact]
    public void Prefers_the_window_with_most_matches()
    {
        var text = "学" + new string('x', 40) + "学y学y学" + new string('z', 40);
        var spans = MatchLocator.Find(text, ["学"], s => s);
        var snippet = _highlighter.Highlight(text, spans).ToHtml();
        Assert.Equal(3, CountMarks(snippet));
    }

    [Fact]
    public void No_match_gives_the_start_of_the_text()
    {
        var text = new string('字', 30);
        Assert.Equal(new string('字', 20) + "…", _highlighter.Highlight(text, []).ToHtml());
        Assert.Equal("短文", _highlighter.Highlight("短文", []).ToHtml());
    }

    [Fact]
    public void Never_splits_a_surrogate_pair()
    {
        var rare = "𠀀"; // U+20000, two UTF-16 units
        var text = string.Concat(Enumerable.Repeat(rare, 30));
        var snippet = _highlighter.Highlight(text, [new TextSpan(21, 23)]).ToHtml(); // starts inside a pair
        var plain = snippet.Replace("<mark>", "").Replace("</mark>", "").Trim('…');
        Assert.Equal(0, plain.Length % 2);
        Assert.True(plain.EnumerateRunes().All(r => r.Value == 0x20000));
        Assert.Contains("<mark>" + rare + rare + "</mark>", snippet);
        foreach (var start in Enumerable.Range(0, text.Length))
        {
            var s = _highlighter.Highlight(text, [new TextSpan(start, start + 1)]).ToHtml();
            Assert.DoesNotContain(s, c => char.IsSurrogate(c) && !IsPaired(s, c));
        }
    }

    [Fact]
    public void Out_of_range_spans_are_clamped()
    {
        Assert.Equal("<mark>ab</mark>", new SnippetHighlighter().Highlight("ab", [new TextSpan(-5, 99), new TextSpan(3, 2)]).ToHtml());
    }

    private static bool IsPaired(string s, char _) => s.EnumerateRunes().All(r => r != System.Text.Rune.ReplacementChar);

    private static int CountMarks(string s) => (s.Length - s.Replace("<mark>", "").Length) / "<mark>".Length;
}
