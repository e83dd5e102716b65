using System.Text;

namespace Search.Ingest.Reading;

/// <summary>A page's article saved as the data record a script renders it from — <c>{ id:'5', title:'…' + '…', time:'…',
/// comment:`&lt;p&gt;…&lt;/p&gt;` }</c>, or the same as JSON — read as the page would show it: its title, its time and its
/// content.</summary>
/// <remarks>Only a whole file that is one such record is read this way: an object of keys and string values (single, double
/// or back quotes, joined by <c>+</c>), with a title field and a content field among them.</remarks>
public static partial class ScriptRecord
{
    /// <summary>What a record holds, its strings unescaped.</summary>
    public sealed record Fields(string Title, string? Time, string Content)
    {
        /// <summary>True when the content is markup (a rich-text field's HTML), however short.</summary>
        public bool HoldsMarkup => Tag().IsMatch(Content);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"</?(p|div|span|br|table|tr|td|h[1-6]|strong|b|font|section|li)\b[^<>]*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Tag();

    static readonly string[] TitleKeys = ["title", "name", "subject", "headline"];
    static readonly string[] TimeKeys = ["time", "date", "pubdate", "publishtime", "publishdate", "releasetime", "createtime"];
    static readonly string[] ContentKeys = ["content", "comment", "body", "text", "html", "detail", "article"];

    /// <summary>The record's fields, or null when the text is not one record with a title and a content.</summary>
    public static Fields? TryRead(string text)
    {
        int i = 0;
        Skip(text, ref i);
        if (i >= text.Length || text[i] != '{') return null;
        i++;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            Skip(text, ref i);
            if (i < text.Length && text[i] == ',') { i++; continue; }
            if (i < text.Length && text[i] == '}') { i++; break; }
            string? key = Key(text, ref i);
            Skip(text, ref i);
            if (key is null || i >= text.Length || text[i] != ':') return null;
            i++;
            Skip(text, ref i);
            string? value = Value(text, ref i);
            if (value is null) return null;
            values.TryAdd(key, value);
        }
        Skip(text, ref i);
        while (i < text.Length && text[i] is ';' or ',') { i++; Skip(text, ref i); }
        if (i < text.Length) return null;
        string? title = First(values, TitleKeys), content = First(values, ContentKeys);
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(content)) return null;
        // A title broken over string pieces reads as one line.
        title = string.Join("", title.Split(['\r', '\n'], StringSplitOptions.TrimEntries));
        return new Fields(title, First(values, TimeKeys)?.Trim(), content);
    }

    static string? First(Dictionary<string, string> values, string[] keys)
    {
        foreach (var k in keys)
            if (values.TryGetValue(k, out var v)) return v;
        return null;
    }

    static void Skip(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }

    static string? Key(string s, ref int i)
    {
        if (i < s.Length && s[i] is '\'' or '"') return Quoted(s, ref i);
        int start = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '$')) i++;
        return i > start ? s[start..i] : null;
    }

    /// <summary>Quoted strings joined by <c>+</c>, or a bare token (a number, true, null) up to the next comma or brace.</summary>
    static string? Value(string s, ref int i)
    {
        if (i < s.Length && s[i] is '\'' or '"' or '`')
        {
            var value = new StringBuilder();
            while (true)
            {
                var piece = Quoted(s, ref i);
                if (piece is null) return null;
                value.Append(piece);
                int after = i;
                Skip(s, ref after);
                if (after < s.Length && s[after] == '+')
                {
                    after++;
                    Skip(s, ref after);
                    if (after < s.Length && s[after] is '\'' or '"' or '`') { i = after; continue; }
                    return null;
                }
                return value.ToString();
            }
        }
        int start = i;
        while (i < s.Length && s[i] is not (',' or '}') && !char.IsWhiteSpace(s[i])) i++;
        return i > start ? s[start..i] : null;
    }

    /// <summary>One quoted string with its escapes resolved; null when it does not close.</summary>
    static string? Quoted(string s, ref int i)
    {
        char quote = s[i++];
        var value = new StringBuilder();
        while (i < s.Length)
        {
            char c = s[i++];
            if (c == quote) return value.ToString();
            if (c != '\\') { value.Append(c); continue; }
            if (i >= s.Length) return null;
            char e = s[i++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': break;
                case 'u' when i + 4 <= s.Length && int.TryParse(s.AsSpan(i, 4), System.Globalization.NumberStyles.HexNumber, null, out int code):
                    value.Append((char)code);
                    i += 4;
                    break;
                case '\n': break; // a line continuation
                default: value.Append(e); break;
            }
        }
        return null;
    }
}
