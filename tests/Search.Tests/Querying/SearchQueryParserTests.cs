using FsCheck.Xunit;
using Xunit;
using Search.Querying;

namespace Search.Tests.Querying;

/// <summary>Parser: every syntax element, every error with its position, and totality on random input.</summary>
public class SearchQueryParserTests
{
    private static string Ok(string query)
    {
        var outcome = SearchQueryParser.Parse(query);
        Assert.True(outcome.Succeeded, outcome.Error?.Render(query));
        return outcome.Query!.Describe();
    }

    private static QuerySyntaxError Bad(string query)
    {
        var outcome = SearchQueryParser.Parse(query);
        Assert.False(outcome.Succeeded, "expected an error, got " + outcome.Query?.Describe());
        Assert.NotNull(outcome.Error);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error!.Message));
        Assert.InRange(outcome.Error.Position, 0, query.Length);
        Assert.True(outcome.Error.Length >= 1);
        Assert.DoesNotContain("Lucene", outcome.Error.Message);
        Assert.DoesNotContain("   at ", outcome.Error.Message);
        return outcome.Error;
    }

    [Theory]
    [InlineData("控辍保学", "term:控辍保学")]
    [InlineData("控辍保学 劝返", "AND(term:控辍保学, term:劝返)")]
    [InlineData("  控辍保学\t劝返\n", "AND(term:控辍保学, term:劝返)")]
    [InlineData("控辍保学，劝返、复学", "AND(term:控辍保学, term:劝返, term:复学)")]
    [InlineData("控辍保学 AND 劝返", "AND(term:控辍保学, term:劝返)")]
    [InlineData("\"控辍保学\"", "phrase:\"控辍保学\"")]
    [InlineData("“控辍保学”", "phrase:\"控辍保学\"")]
    [InlineData("「控輟保學」", "phrase:\"控輟保學\"")]
    [InlineData("\"控辍保学，劝返\"", "phrase:\"控辍保学，劝返\"")]
    [InlineData("A OR B", "OR(term:A, term:B)")]
    [InlineData("A | B", "OR(term:A, term:B)")]
    [InlineData("A|B", "OR(term:A, term:B)")]
    [InlineData("A ｜ B", "OR(term:A, term:B)")]
    [InlineData("x A OR B y", "AND(term:x, OR(term:A, term:B), term:y)")]
    [InlineData("A OR B OR C", "OR(term:A, term:B, term:C)")]
    [InlineData("or", "term:or")]
    [InlineData("-劝返", "NOT(term:劝返)")]
    [InlineData("控辍保学 -劝返", "AND(term:控辍保学, NOT(term:劝返))")]
    [InlineData("控辍保学 NOT 劝返", "AND(term:控辍保学, NOT(term:劝返))")]
    [InlineData("控辍保学 －劝返", "AND(term:控辍保学, NOT(term:劝返))")]
    [InlineData("-\"劝返复学\"", "NOT(phrase:\"劝返复学\")")]
    [InlineData("-(a b)", "NOT(GROUP(AND(term:a, term:b)))")]
    [InlineData("COVID-19", "term:COVID-19")]
    [InlineData("(a OR b) c", "AND(GROUP(OR(term:a, term:b)), term:c)")]
    [InlineData("（a OR b）c", "AND(GROUP(OR(term:a, term:b)), term:c)")]
    [InlineData("province:广西", "province:广西")]
    [InlineData("province：广西", "province:广西")]
    [InlineData("Province:广西", "province:广西")]
    [InlineData("省：广西 市:柳州", "AND(province:广西, city:柳州)")]
    [InlineData("district:柳南区", "district:柳南区")]
    [InlineData("type:方案", "type:方案")]
    [InlineData("issuer:教育局", "issuer:教育局")]
    [InlineData("title:\"义务教育\"", "title:\"义务教育\"")]
    [InlineData("title:“义务 教育”", "title:\"义务 教育\"")]
    [InlineData("year:2020", "year:2020")]
    [InlineData("year:2020..2022", "year:2020..2022")]
    [InlineData("year:2020-2022", "year:2020..2022")]
    [InlineData("year：２０２０", "year:2020")]
    [InlineData("年份:2021", "year:2021")]
    [InlineData("控辍保学 劝返 /sentence", "SENTENCE(AND(term:控辍保学, term:劝返))")]
    [InlineData("控辍保学 劝返 /measure", "MEASURE(AND(term:控辍保学, term:劝返))")]
    [InlineData("控辍保学 劝返 ／句", "SENTENCE(AND(term:控辍保学, term:劝返))")]
    [InlineData("(a b /sentence) c", "AND(GROUP(SENTENCE(AND(term:a, term:b))), term:c)")]
    [InlineData("注：说明", "term:注：说明")]
    [InlineData("http://x", "term:http://x")]
    [InlineData("TCP/IP", "term:TCP/IP")]
    public void Parses(string query, string expected) => Assert.Equal(expected, Ok(query));

    [Theory]
    [InlineData("\"unbalanced", 0, "quote")]
    [InlineData("控辍保学 “劝返", 5, "quote")]
    [InlineData("\"\"", 0, "Empty phrase")]
    [InlineData("year:20x0", 5, "20x0")]
    [InlineData("year:1899", 5, "1899")]
    [InlineData("year:2101", 5, "2101")]
    [InlineData("year:20201", 5, "20201")]
    [InlineData("year:2022..2020", 5, "backwards")]
    [InlineData("year:2020..", 5, "2020..")]
    [InlineData("year:", 0, "needs a value")]
    [InlineData("province:", 0, "needs a value")]
    [InlineData("province: 广西", 0, "needs a value")]
    [InlineData("province:(a b)", 9, "not a group")]
    [InlineData("foo:bar", 0, "Unknown field")]
    [InlineData("((((", 0, "Unclosed")]
    [InlineData("(a (b)", 0, "Unclosed")]
    [InlineData("a)", 1, "Unmatched")]
    [InlineData("()", 0, "Empty parentheses")]
    [InlineData("OR", 0, "OR")]
    [InlineData("a OR", 2, "OR")]
    [InlineData("OR a", 0, "OR")]
    [InlineData("a OR OR b", 2, "OR")]
    [InlineData("a | ", 2, "OR")]
    [InlineData("AND", 0, "AND")]
    [InlineData("-", 0, "exclude")]
    [InlineData("a - b", 2, "exclude")]
    [InlineData("--a", 1, "doubled")]
    [InlineData("NOT", 0, "exclude")]
    [InlineData("/sentence", 0, "Nothing before")]
    [InlineData("a /sentence b", 2, "must come last")]
    [InlineData("a /paragraph", 2, "Unknown operator")]
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData("a\u0001b", 1, "Control character")]
    [InlineData("a\u007fb", 1, "Control character")]
    public void Rejects(string query, int position, string messagePart)
    {
        var error = Bad(query);
        Assert.Equal(position, error.Position);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_broken_surrogates()
    {
        Assert.Equal(2, Bad("ab" + '\ud800').Position);
        Assert.Equal(1, Bad("a" + '\udc00' + "b").Position);
        Assert.Equal("term:a😀", Ok("a😀"));
    }

    [Fact]
    public void Rejects_too_long_queries_at_the_limit()
    {
        var error = Bad(new string('学', 10_000));
        Assert.Equal(QueryLimits.MaxLength, error.Position);
        Assert.Contains("too long", error.Message);
        Assert.True(SearchQueryParser.Parse(new string('学', QueryLimits.MaxLength)).Succeeded);
    }

    [Fact]
    public void Rejects_too_deep_nesting_and_too_many_terms()
    {
        var deep = new string('(', QueryLimits.MaxDepth + 1) + "a" + new string(')', QueryLimits.MaxDepth + 1);
        Assert.Contains("deep", Bad(deep).Message);
        var ok = new string('(', QueryLimits.MaxDepth) + "a" + new string(')', QueryLimits.MaxDepth);
        Assert.True(SearchQueryParser.Parse(ok).Succeeded);
        var many = string.Join(' ', Enumerable.Range(0, QueryLimits.MaxClauses + 1).Select(i => "w" + i));
        var error = Bad(many);
        Assert.Contains("Too many", error.Message);
        Assert.Equal(many.LastIndexOf('w'), error.Position);
    }

    [Fact]
    public void Positions_point_at_the_nodes()
    {
        var node = (AndNode)SearchQueryParser.Parse("控辍保学 -劝返 province:广西").Query!;
        Assert.Equal([0, 5, 9], node.Clauses.Select(c => c.Position));
    }

    [Fact]
    public void Render_shows_a_caret_under_the_problem()
    {
        const string query = "year:20x0";
        var text = SearchQueryParser.Parse(query).Error!.Render(query);
        Assert.Contains("year:20x0", text);
        Assert.EndsWith("     ^^^^", text);
    }

    [Theory]
    [InlineData("year:20x0", "（第 6 个字符：20x0）")]
    [InlineData("a OR", "（第 3 个字符：OR）")]
    [InlineData("a\u0001b", "（第 2 个字符：U+0001）")]
    public void One_line_messages_quote_the_problem(string query, string suffix)
    {
        var line = SearchQueryParser.Parse(query).Error!.ToOneLine(query);
        Assert.EndsWith(suffix, line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void One_line_message_for_a_problem_at_the_end()
    {
        var query = new string('a', 1_200);
        Assert.Contains("（第 1001 个字符：aaaaaaaaaaaaaaaaaaaa…）", SearchQueryParser.Parse(query).Error!.ToOneLine(query));
    }

    [Theory]
    [InlineData("a OR -b", "OR(term:a, NOT(term:b))")]
    [InlineData("\"a b\"c", "AND(phrase:\"a b\", term:c)")]
    [InlineData("province:广西)", null)]
    public void Odd_but_valid_or_invalid(string query, string? expected)
    {
        if (expected is null) Assert.False(SearchQueryParser.Parse(query).Succeeded);
        else Assert.Equal(expected, Ok(query));
    }

    [Fact]
    public void GetQueryOrThrow_raises_a_user_error()
    {
        var e = Assert.Throws<UserError>(() => SearchQueryParser.Parse("((((").GetQueryOrThrow("(((("));
        Assert.Contains("Unclosed", e.Message);
    }

    [Property(MaxTest = 3000)]
    public bool Parse_is_total_on_arbitrary_strings(string? s)
    {
        var outcome = SearchQueryParser.Parse(s);
        return outcome.Succeeded ? outcome.Error is null : outcome.Error is { Length: >= 1 } && outcome.Error.Position >= 0;
    }

    private static readonly string[] Fragments =
    [
        "控辍保学", "劝返", "輟學", " ", "\"", "“", "”", "(", ")", "（", "）", "OR", "AND", "NOT", "|", "-", "－",
        "province:", "year:", "year:2020", "year:2020..2022", "year:20x0", "title:", ":", "：", "/sentence", "/measure",
        "/", "\u0000", "\u0001", "\t", "\n", "\ud800", "\udc00", "😀", "a", "Policy", "2020", "，", "、", "..",
    ];

    [Fact]
    public void Parse_is_total_on_random_syntax_soup()
    {
        var random = new Random(20261122);
        for (var n = 0; n < 20_000; n++)
        {
            var parts = random.Next(1, 16);
            var s = string.Concat(Enumerable.Range(0, parts).Select(_ => Fragments[random.Next(Fragments.Length)]));
            var outcome = SearchQueryParser.Parse(s);
            Assert.True(outcome.Succeeded != (outcome.Error is not null), s);
            if (outcome.Error is { } e)
            {
                Assert.InRange(e.Position, 0, s.Length);
                Assert.DoesNotContain("could not be read", e.Message); // the catch-all would hide a parser bug
            }
        }
        var huge = string.Concat(Enumerable.Range(0, 10_000).Select(i => Fragments[i % Fragments.Length]))[..10_000];
        Assert.False(SearchQueryParser.Parse(huge).Succeeded);
    }
}
