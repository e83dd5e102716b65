using System.Globalization;
using System.Text;

namespace Search.Querying;

/// <summary>Limits that keep a query cheap to run and its errors readable.</summary>
public static class QueryLimits
{
    /// <summary>Longest accepted query in UTF-16 code units.</summary>
    public const int MaxLength = 1000;

    /// <summary>Deepest accepted nesting of parentheses.</summary>
    public const int MaxDepth = 8;

    /// <summary>Most terms, phrases and filters in one query.</summary>
    public const int MaxClauses = 64;

    /// <summary>Earliest and latest year a <c>year:</c> filter accepts.</summary>
    public const int MinYear = 1900, MaxYear = 2100;
}

/// <summary>Hand-written recursive-descent parser of the search query language; total: every string gives a query or a positioned error.</summary>
/// <remarks>
/// Grammar (after full-width punctuation is read as its ASCII twin):
/// <code>
/// query   := seq EOF
/// seq     := item+ [ '/sentence' | '/measure' ]        (the operator ends the query or the group)
/// item    := unary ( ('OR' | '|') unary )*            (OR binds tighter than the implicit AND)
/// unary   := ('-' | 'NOT') primary | primary
/// primary := WORD | '"' text '"' | FIELD ':' (WORD | '"' text '"') | '(' seq ')'
/// </code>
/// <c>AND</c> between items is accepted and means the same as whitespace.
/// </remarks>
public static class SearchQueryParser
{
    private static readonly Dictionary<string, FilterField?> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["province"] = FilterField.Province, ["省"] = FilterField.Province, ["省份"] = FilterField.Province,
        ["city"] = FilterField.City, ["市"] = FilterField.City, ["城市"] = FilterField.City,
        ["district"] = FilterField.District, ["区"] = FilterField.District, ["县"] = FilterField.District,
        ["区县"] = FilterField.District, ["區"] = FilterField.District, ["縣"] = FilterField.District,
        ["type"] = FilterField.Type, ["类型"] = FilterField.Type, ["類型"] = FilterField.Type,
        ["issuer"] = FilterField.Issuer, ["发文机关"] = FilterField.Issuer, ["發文機關"] = FilterField.Issuer,
        ["机关"] = FilterField.Issuer, ["機關"] = FilterField.Issuer,
        ["title"] = FilterField.Title, ["标题"] = FilterField.Title, ["標題"] = FilterField.Title,
        // null marks the year field, which parses to a YearRangeNode rather than a FieldFilterNode.
        ["year"] = null, ["年"] = null, ["年份"] = null,
    };

    private static readonly Dictionary<string, ProximityScope> ProximityNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sentence"] = ProximityScope.Sentence, ["句"] = ProximityScope.Sentence, ["同句"] = ProximityScope.Sentence,
        ["measure"] = ProximityScope.Measure, ["条"] = ProximityScope.Measure, ["同条"] = ProximityScope.Measure,
        ["條"] = ProximityScope.Measure,
    };

    /// <summary>Parses <paramref name="query"/>; never throws.</summary>
    public static ParseOutcome Parse(string? query)
    {
        try
        {
            return ParseCore(query ?? "");
        }
        catch (QuerySyntaxException e)
        {
            return ParseOutcome.Failure(e.Error);
        }
        catch (Exception)
        {
            // Totality is the contract: an unforeseen parser bug must still reach the user as a message, not a stack trace.
            return ParseOutcome.Failure(new QuerySyntaxError("查询无法解析（The query could not be read）", 0, Math.Max(1, (query ?? "").Length)));
        }
    }

    private static ParseOutcome ParseCore(string query)
    {
        if (query.Length > QueryLimits.MaxLength)
            throw Fail($"查询过长：{query.Length} 个字符，上限 {QueryLimits.MaxLength}（The query is too long: {query.Length} characters, the limit is {QueryLimits.MaxLength}）",
                QueryLimits.MaxLength, query.Length - QueryLimits.MaxLength);
        var tokens = new Lexer(query).Run();
        if (tokens.Count == 1)
            throw Fail("查询为空：请输入检索词（The query is empty）", 0, Math.Max(1, query.Length));
        CheckParentheses(tokens);
        var parser = new Parser(query, tokens);
        return ParseOutcome.Success(parser.ParseQuery());
    }

    /// <summary>Reports the first unclosed '(' (not the innermost) or the first stray ')', which is where a reader looks.</summary>
    private static void CheckParentheses(List<Token> tokens)
    {
        var open = new Stack<Token>();
        foreach (var t in tokens)
        {
            if (t.Kind == Kind.LParen) open.Push(t);
            else if (t.Kind == Kind.RParen && !open.TryPop(out _))
                throw Fail("右括号多余：前面没有对应的“(”（Unmatched ')': there is no '(' before it）", t.Position, 1);
        }
        if (open.Count > 0)
            throw Fail("括号未闭合：请补上对应的“)”（Unclosed '(': add the matching ')'）", open.Last().Position, 1);
    }

    private static QuerySyntaxException Fail(string message, int position, int length) =>
        new(new QuerySyntaxError(message, position, Math.Max(1, length)));

    private sealed class QuerySyntaxException(QuerySyntaxError error) : Exception(error.Message)
    {
        public QuerySyntaxError Error { get; } = error;
    }

    private enum Kind { Word, Phrase, Field, LParen, RParen, Or, And, Not, Proximity, End }

    private sealed record Token(Kind Kind, int Position, int Length, string Text = "", FilterField? Field = null,
        bool Quoted = false, ProximityScope Scope = ProximityScope.Sentence, bool IsYear = false, int ValuePosition = 0);

    /// <summary>Maps full-width and Chinese punctuation to the ASCII syntax character it obviously means; other characters pass through.</summary>
    private static char Syntax(char c) => c switch
    {
        '\u3000' => ' ',
        '“' or '”' or '＂' or '「' or '」' or '『' or '』' => '"',
        '～' or '〜' => '~',
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        _ => c,
    };

    private static bool IsSpace(char c) =>
        char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '，' or '、' or '；';

    private static bool IsDelimiter(char s) => s is '(' or ')' or '"' or '|';

    private sealed class Lexer(string q)
    {
        private readonly List<Token> _tokens = [];
        private int _i;

        public List<Token> Run()
        {
            CheckCharacters();
            while (true)
            {
                while (_i < q.Length && IsSpace(q[_i])) _i++;
                if (_i >= q.Length) break;
                var s = Syntax(q[_i]);
                switch (s)
                {
                    case '(': _tokens.Add(new Token(Kind.LParen, _i, 1)); _i++; break;
                    case ')': _tokens.Add(new Token(Kind.RParen, _i, 1)); _i++; break;
                    case '|': _tokens.Add(new Token(Kind.Or, _i, 1)); _i++; break;
                    case '"': _tokens.Add(ReadPhrase(Kind.Phrase)); break;
                    case '-' when _i + 1 < q.Length && !IsSpace(q[_i + 1]) && Syntax(q[_i + 1]) != ')':
                        _tokens.Add(new Token(Kind.Not, _i, 1)); _i++; break;
                    case '-':
                        throw Fail("减号后缺少要排除的词（Nothing to exclude after '-'）", _i, 1);
                    default: ReadWord(); break;
                }
            }
            _tokens.Add(new Token(Kind.End, q.Length, 0));
            return _tokens;
        }

        private void CheckCharacters()
        {
            for (var i = 0; i < q.Length; i++)
            {
                var c = q[i];
                if (char.IsHighSurrogate(c) && i + 1 < q.Length && char.IsLowSurrogate(q[i + 1])) { i++; continue; }
                if (char.IsSurrogate(c))
                    throw Fail($"无效字符 U+{(int)c:X4}（不成对的代理项）（Invalid character U+{(int)c:X4} (a broken surrogate pair)）", i, 1);
                if (char.IsControl(c) && !char.IsWhiteSpace(c))
                    throw Fail($"查询中不能有控制字符 U+{(int)c:X4}（Control character U+{(int)c:X4} is not allowed in a query）", i, 1);
            }
        }

        private Token ReadPhrase(Kind kind, int tokenStart = -1, FilterField? field = null)
        {
            var open = _i;
            var end = open + 1;
            while (end < q.Length && Syntax(q[end]) != '"') end++;
            if (end >= q.Length)
                throw Fail("引号未闭合：请补上右引号（Unclosed quote: add the closing \"）", open, q.Length - open);
            var text = q[(open + 1)..end];
            if (text.Trim().Length == 0)
                throw Fail("引号内为空：请在引号中写要精确查找的短语（Empty phrase between quotes）", open, end - open + 1);
            _i = end + 1;
            var start = tokenStart < 0 ? open : tokenStart;
            return new Token(kind, start, _i - start, text, field, Quoted: true, ValuePosition: open + 1);
        }

        private void ReadWord()
        {
            var start = _i;
            var colon = -1;
            while (_i < q.Length && !IsSpace(q[_i]))
            {
                var s = Syntax(q[_i]);
                if (IsDelimiter(s)) break;
                if (s == ':' && colon < 0) colon = _i;
                _i++;
            }
            var word = q[start.._i];
            var syntaxWord = new string(word.Select(Syntax).ToArray());
            if (syntaxWord == "OR") { _tokens.Add(new Token(Kind.Or, start, 2)); return; }
            if (syntaxWord == "AND") { _tokens.Add(new Token(Kind.And, start, 3)); return; }
            if (syntaxWord == "NOT") { _tokens.Add(new Token(Kind.Not, start, 3)); return; }
            if (syntaxWord.StartsWith('/') && syntaxWord.Length > 1)
            {
                var name = syntaxWord[1..];
                if (ProximityNames.TryGetValue(name, out var scope))
                {
                    _tokens.Add(new Token(Kind.Proximity, start, word.Length, Scope: scope));
                    return;
                }
                if (name.All(char.IsAsciiLetter))
                    throw Fail($"未知运算符“{word}”：请用 /sentence（同句）或 /measure（同条）（Unknown operator '{word}': use /sentence or /measure）", start, word.Length);
            }
            if (colon > start)
            {
                var name = new string(q[start..colon].Select(Syntax).ToArray());
                if (FieldNames.TryGetValue(name, out var field))
                {
                    ReadFieldValue(start, colon, name, field);
                    return;
                }
                var looksLikeUrl = q.AsSpan(colon + 1).StartsWith("//");
                if (name.All(char.IsAsciiLetter) && !looksLikeUrl)
                    throw Fail($"未知字段“{name}”：可用 province、city、district、year、type、issuer、title（Unknown field '{name}': use province, city, district, year, type, issuer or title）",
                        start, colon - start);
            }
            _tokens.Add(new Token(Kind.Word, start, word.Length, word));
        }

        private void ReadFieldValue(int start, int colon, string name, FilterField? field)
        {
            var valueStart = colon + 1;
            var isYear = field is null;
            if (_i == valueStart)
            {
                // Nothing glued to the colon: the value may be a quoted phrase; anything else is missing.
                if (_i < q.Length && Syntax(q[_i]) == '"' && !isYear)
                {
                    _tokens.Add(ReadPhrase(Kind.Field, start, field));
                    return;
                }
                if (_i < q.Length && Syntax(q[_i]) == '(')
                    throw Fail($"字段只能跟一个值或一个带引号的短语，不能跟括号：请写成 {name}:值（A field filter takes one value or a quoted phrase, not a group: write {name}:value）", _i, 1);
                throw Fail($"“{name}:”后缺少值，例如 {Example(field)}（'{name}:' needs a value, e.g. {Example(field)}）", start, colon - start + 1);
            }
            var value = q[valueStart.._i];
            _tokens.Add(new Token(Kind.Field, start, _i - start, value, field, IsYear: isYear, ValuePosition: valueStart));
        }

        private static string Example(FilterField? field) => field switch
        {
            null => "year:2020 or year:2020..2022",
            FilterField.Province => "province:广西",
            FilterField.City => "city:柳州",
            FilterField.District => "district:柳南区",
            FilterField.Type => "type:方案",
            FilterField.Issuer => "issuer:教育局",
            _ => "title:义务教育",
        };
    }

    private sealed class Parser(string q, List<Token> tokens)
    {
        private int _p;
        private int _clauses;

        private Token Peek => tokens[_p];

        public QueryNode ParseQuery()
        {
            var node = ParseSequence(depth: 0);
            if (Peek.Kind == Kind.RParen)
                throw Fail("右括号多余：前面没有对应的“(”（Unmatched ')': there is no '(' before it）", Peek.Position, 1);
            return node;
        }

        private QueryNode ParseSequence(int depth)
        {
            var items = new List<QueryNode>();
            var start = Peek.Position;
            while (true)
            {
                var t = Peek;
                if (t.Kind is Kind.End or Kind.RParen) break;
                if (t.Kind == Kind.And)
                {
                    if (items.Count == 0 || tokens[_p + 1].Kind is Kind.End or Kind.RParen or Kind.Or or Kind.And or Kind.Proximity)
                        throw Fail("AND 两边都需要检索词（AND needs a term on both sides）", t.Position, t.Length);
                    _p++;
                    continue;
                }
                if (t.Kind == Kind.Or)
                    throw Fail("OR 两边都需要检索词（OR needs a term on both sides）", t.Position, t.Length);
                if (t.Kind == Kind.Proximity)
                {
                    if (items.Count == 0)
                        throw Fail("运算符前缺少检索词，例如 控辍保学 劝返 /sentence（Nothing before the proximity operator: write e.g. 控辍保学 劝返 /sentence）", t.Position, t.Length);
                    _p++;
                    if (Peek.Kind is not (Kind.End or Kind.RParen))
                        throw Fail($"“{q.Substring(t.Position, t.Length)}”须位于查询或括号的末尾（'{q.Substring(t.Position, t.Length)}' must come last in the query or in its parentheses）", t.Position, t.Length);
                    var inner = items.Count == 1 ? items[0] : new AndNode(items) { Position = start };
                    return new ProximityNode(inner, t.Scope) { Position = start };
                }
                items.Add(ParseOr(depth));
            }
            if (items.Count == 0)
                throw Fail("查询为空：请输入检索词（The query is empty）", 0, Math.Max(1, q.Length));
            return items.Count == 1 ? items[0] : new AndNode(items) { Position = start };
        }

        private QueryNode ParseOr(int depth)
        {
            var first = ParseUnary(depth);
            if (Peek.Kind != Kind.Or) return first;
            var clauses = new List<QueryNode> { first };
            while (Peek.Kind == Kind.Or)
            {
                var or = Peek;
                _p++;
                if (Peek.Kind is Kind.End or Kind.RParen or Kind.Or or Kind.And or Kind.Proximity)
                    throw Fail("OR 两边都需要检索词（OR needs a term on both sides）", or.Position, or.Length);
                clauses.Add(ParseUnary(depth));
            }
            return new OrNode(clauses) { Position = first.Position };
        }

        private QueryNode ParseUnary(int depth)
        {
            var t = Peek;
            if (t.Kind != Kind.Not) return ParsePrimary(depth);
            _p++;
            if (Peek.Kind == Kind.Not)
                throw Fail("不能重复排除（Exclusion cannot be doubled）", Peek.Position, Peek.Length);
            if (Peek.Kind is Kind.End or Kind.RParen or Kind.Or or Kind.And or Kind.Proximity)
                throw Fail("减号或 NOT 后缺少要排除的词（Nothing to exclude after '-' or NOT）", t.Position, t.Length);
            return new NotNode(ParsePrimary(depth)) { Position = t.Position };
        }

        private QueryNode ParsePrimary(int depth)
        {
            var t = Peek;
            switch (t.Kind)
            {
                case Kind.Word:
                    _p++;
                    CountClause(t);
                    return new TermNode(t.Text) { Position = t.Position };
                case Kind.Phrase:
                    _p++;
                    CountClause(t);
                    return new PhraseNode(t.Text) { Position = t.Position };
                case Kind.Field:
                    _p++;
                    CountClause(t);
                    return t.IsYear ? ParseYear(t) with { Length = t.Length } : new FieldFilterNode(t.Field!.Value, t.Text.Trim(), t.Quoted) { Position = t.Position, Length = t.Length };
                case Kind.LParen:
                    if (depth + 1 > QueryLimits.MaxDepth)
                        throw Fail($"括号嵌套过深（上限 {QueryLimits.MaxDepth} 层）（Parentheses are nested too deeply (limit {QueryLimits.MaxDepth})）", t.Position, 1);
                    _p++;
                    if (Peek.Kind == Kind.RParen)
                        throw Fail("括号内为空（Empty parentheses）", t.Position, Peek.Position - t.Position + 1);
                    if (Peek.Kind == Kind.End)
                        throw Fail("括号未闭合：请补上对应的“)”（Unclosed '(': add the matching ')'）", t.Position, 1);
                    var inner = ParseSequence(depth + 1);
                    if (Peek.Kind != Kind.RParen)
                        throw Fail("括号未闭合：请补上对应的“)”（Unclosed '(': add the matching ')'）", t.Position, 1);
                    _p++;
                    return new GroupNode(inner) { Position = t.Position };
                default:
                    throw Fail("此处有多余内容（Unexpected text here）", t.Position, Math.Max(1, t.Length));
            }
        }

        private void CountClause(Token t)
        {
            if (++_clauses > QueryLimits.MaxClauses)
                throw Fail($"词数过多：上限 {QueryLimits.MaxClauses} 个（Too many terms: the limit is {QueryLimits.MaxClauses}）", t.Position, t.Length);
        }

        private static QueryNode ParseYear(Token t)
        {
            var raw = t.Text;
            var value = new string(raw.Select(Syntax).ToArray());
            var fail = Fail($"“{raw}”不是年份：请写 {QueryLimits.MinYear} 到 {QueryLimits.MaxYear} 之间的四位年份，或 2020..2022 这样的范围（'{raw}' is not a year: write a 4-digit year between {QueryLimits.MinYear} and {QueryLimits.MaxYear}, or a range like 2020..2022）",
                t.ValuePosition, raw.Length);
            string from, to;
            var dots = value.IndexOf("..", StringComparison.Ordinal);
            var sep = dots >= 0 ? dots : value.IndexOfAny(['-', '~']);
            if (sep < 0) from = to = value;
            else
            {
                from = value[..sep];
                to = value[(sep + (dots >= 0 ? 2 : 1))..];
            }
            if (!TryYear(from, out var a) || !TryYear(to, out var b)) throw fail;
            if (a > b)
                throw Fail($"年份范围“{raw}”前后颠倒：请写成 {b}..{a}（The year range '{raw}' runs backwards: write {b}..{a}）", t.ValuePosition, raw.Length);
            return new YearRangeNode(a, b) { Position = t.Position };
        }

        private static bool TryYear(string s, out int year)
        {
            year = 0;
            return s.Length == 4 && s.All(char.IsAsciiDigit)
                && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out year)
                && year is >= QueryLimits.MinYear and <= QueryLimits.MaxYear;
        }
    }
}
