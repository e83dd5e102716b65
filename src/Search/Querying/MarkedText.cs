using System.Text;

namespace Search.Querying;

/// <summary>A marked range of a <see cref="MarkedText"/>: UTF-16 offset and length.</summary>
public readonly record struct MarkRange(int Start, int Length);

/// <summary>Text with the query's matches marked by range (sorted, not overlapping); each shell renders the marks its own way
/// (the page as mark elements, the CLI and CSV between 【】), so no consumer parses markup back.</summary>
public sealed record MarkedText(string Text, IReadOnlyList<MarkRange> Marks)
{
    /// <summary>The text with each mark between <paramref name="open"/> and <paramref name="close"/>.</summary>
    public string Render(string open, string close) => Render(open, close, static (sb, text) => sb.Append(text));

    /// <summary>HTML: the text escaped, each mark in &lt;mark&gt; (the <c>snippet</c> and <c>highlights</c> of the JSON contract).</summary>
    public string ToHtml() => Render("<mark>", "</mark>", Escape);

    string Render(string open, string close, Action<StringBuilder, ReadOnlySpan<char>> append)
    {
        var sb = new StringBuilder(Text.Length + Marks.Count * (open.Length + close.Length));
        int position = 0;
        foreach (var mark in Marks)
        {
            append(sb, Text.AsSpan(position, mark.Start - position));
            sb.Append(open);
            append(sb, Text.AsSpan(mark.Start, mark.Length));
            sb.Append(close);
            position = mark.Start + mark.Length;
        }
        append(sb, Text.AsSpan(position));
        return sb.ToString();
    }

    static void Escape(StringBuilder target, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': target.Append("&amp;"); break;
                case '<': target.Append("&lt;"); break;
                case '>': target.Append("&gt;"); break;
                case '"': target.Append("&quot;"); break;
                case '\'': target.Append("&#39;"); break;
                default: target.Append(c); break;
            }
        }
    }
}
