using System.Globalization;
using System.Text;

namespace Search.Querying;

/// <summary>A node of a parsed search query; <see cref="Describe"/> gives a canonical, stable rendering for tests and logs.</summary>
public abstract record QueryNode
{
    /// <summary>Character offset of the node in the query string, for messages that point at it.</summary>
    public int Position { get; init; }

    /// <summary>Characters the node spans in the query string (set for field filters; 0 where not recorded).</summary>
    public int Length { get; init; }

    /// <summary>A compact, deterministic rendering such as <c>AND(term:控辍保学, phrase:"劝返")</c>.</summary>
    public abstract string Describe();

    public sealed override string ToString() => Describe();
}

/// <summary>A bare word: matched on words (ranking) or grams (recall) anywhere in the scope.</summary>
public sealed record TermNode(string Text) : QueryNode
{
    public override string Describe() => "term:" + Text;
}

/// <summary>A quoted phrase: an exact, folded substring of the cleaned text.</summary>
public sealed record PhraseNode(string Text) : QueryNode
{
    public override string Describe() => "phrase:\"" + Text + "\"";
}

/// <summary>All clauses must match (implicit between whitespace-separated items).</summary>
public sealed record AndNode(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    public override string Describe() => "AND(" + string.Join(", ", Clauses.Select(c => c.Describe())) + ")";
}

/// <summary>At least one clause must match (<c>OR</c> or <c>|</c>).</summary>
public sealed record OrNode(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    public override string Describe() => "OR(" + string.Join(", ", Clauses.Select(c => c.Describe())) + ")";
}

/// <summary>The operand must not match (<c>-x</c> or <c>NOT x</c>).</summary>
public sealed record NotNode(QueryNode Operand) : QueryNode
{
    public override string Describe() => "NOT(" + Operand.Describe() + ")";
}

/// <summary>A parenthesised sub-query; kept in the tree so that proximity scopes and messages stay faithful to what was typed.</summary>
public sealed record GroupNode(QueryNode Inner) : QueryNode
{
    public override string Describe() => "GROUP(" + Inner.Describe() + ")";
}

/// <summary>The metadata and title fields a query may filter on.</summary>
public enum FilterField { Province, City, District, Type, Issuer, Title }

/// <summary>A field filter such as <c>province:广西</c> or <c>title:"义务教育"</c>.</summary>
public sealed record FieldFilterNode(FilterField Field, string Value, bool Quoted) : QueryNode
{
    public override string Describe() =>
        Field.ToString().ToLowerInvariant() + ":" + (Quoted ? "\"" + Value + "\"" : Value);
}

/// <summary>A year filter, <c>year:2020</c> (From = To) or <c>year:2020..2022</c> (inclusive).</summary>
public sealed record YearRangeNode(int From, int To) : QueryNode
{
    public override string Describe() => From == To
        ? "year:" + From.ToString(CultureInfo.InvariantCulture)
        : "year:" + From.ToString(CultureInfo.InvariantCulture) + ".." + To.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How close the positive terms of a query or group must be.</summary>
public enum ProximityScope { Sentence, Measure }

/// <summary>The positive terms of <see cref="Inner"/> must all occur within one sentence or one measure.</summary>
public sealed record ProximityNode(QueryNode Inner, ProximityScope Scope) : QueryNode
{
    public override string Describe() => (Scope == ProximityScope.Sentence ? "SENTENCE(" : "MEASURE(") + Inner.Describe() + ")";
}

/// <summary>What the user did wrong, where (UTF-16 offset and length in the query), in words a researcher understands.</summary>
public sealed record QuerySyntaxError(string Message, int Position, int Length)
{
    /// <summary>The message and the offending characters on one line, for stderr and logs (control characters shown as U+XXXX).</summary>
    public string ToOneLine(string query)
    {
        if (Position >= query.Length) return $"{Message}（位于查询末尾 / at the end of the query）";
        var excerpt = new StringBuilder();
        foreach (var c in query.Substring(Position, Math.Min(Math.Max(1, Length), Math.Min(20, query.Length - Position))))
            excerpt.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString());
        var more = Length > 20 ? "…" : "";
        return $"{Message}（第 {Position + 1} 个字符：{excerpt}{more}）";
    }

    /// <summary>The message followed by the query and a caret line under the offending characters.</summary>
    public string Render(string query)
    {
        var shown = new StringBuilder();
        foreach (var c in query.Length > 200 ? query[..200] : query)
            shown.Append(char.IsControl(c) ? ' ' : c);
        var caretStart = Math.Min(Position, shown.Length);
        // Wide (CJK) characters take two terminal columns, so the caret pads with two spaces under them.
        var pad = new StringBuilder();
        for (var i = 0; i < caretStart; i++) pad.Append(IsWide(shown[i]) ? "  " : " ");
        var carets = new string('^', Math.Max(1, Math.Min(Length, 40)));
        return $"{Message} (at position {Position})\n  {shown}\n  {pad}{carets}";
    }

    private static bool IsWide(char c) => c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6));
}

/// <summary>The result of parsing: exactly one of <see cref="Query"/> or <see cref="Error"/> is set.</summary>
public sealed record ParseOutcome
{
    private ParseOutcome(QueryNode? query, QuerySyntaxError? error) { Query = query; Error = error; }

    public QueryNode? Query { get; }
    public QuerySyntaxError? Error { get; }
    public bool Succeeded => Query is not null;

    public static ParseOutcome Success(QueryNode query) => new(query, null);
    public static ParseOutcome Failure(QuerySyntaxError error) => new(null, error);

    /// <summary>The query, or a <see cref="UserError"/> carrying the one-line message (CLI exit code 2).</summary>
    public QueryNode GetQueryOrThrow(string query) =>
        Query ?? throw new UserError(Error!.ToOneLine(query));
}

/// <summary>Walks a parsed query: the one traversal the query builder and the hybrid's free-text check share.</summary>
public static class QueryTree
{
    /// <summary>The term and phrase leaves in order, each with whether an odd number of NOTs stands above it.</summary>
    /// <param name="throughNot">Also walk below NOT (else a NOT's operand yields nothing).</param>
    public static IEnumerable<(QueryNode Leaf, bool Negated)> Leaves(QueryNode node, bool throughNot = true) => Walk(node, throughNot, false);

    static IEnumerable<(QueryNode, bool)> Walk(QueryNode node, bool throughNot, bool negated) => node switch
    {
        TermNode or PhraseNode => [(node, negated)],
        AndNode a => a.Clauses.SelectMany(c => Walk(c, throughNot, negated)),
        OrNode o => o.Clauses.SelectMany(c => Walk(c, throughNot, negated)),
        GroupNode g => Walk(g.Inner, throughNot, negated),
        ProximityNode p => Walk(p.Inner, throughNot, negated),
        NotNode n when throughNot => Walk(n.Operand, throughNot, !negated),
        _ => [],
    };
}
