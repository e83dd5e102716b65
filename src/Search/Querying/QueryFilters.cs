using System.Globalization;

namespace Search.Querying;

/// <summary>A metadata filter written at the top level of a query (<c>province:广西</c>, <c>year:2020..2021</c>): the facet field it
/// narrows, its value as written, and where it sits in the query text.</summary>
public sealed record QueryFilter(string Field, string Value, int Position, int Length);

/// <summary>The top-level metadata filters of a query: the ones facets count sideways (see <see cref="FacetCounter"/>), so a page can
/// show them as selected facet values and remove or replace them in the text.</summary>
public static class QueryFilters
{
    /// <summary>The filters of a parsed query that apply to the whole query (not inside OR, NOT or a group).</summary>
    public static IReadOnlyList<QueryFilter> TopLevel(QueryNode query)
    {
        var items = query switch
        {
            AndNode and => and.Clauses,
            ProximityNode { Inner: AndNode inner } => inner.Clauses,
            _ => [query],
        };
        var filters = new List<QueryFilter>();
        foreach (var item in items)
        {
            switch (item)
            {
                case FieldFilterNode { Field: not FilterField.Title } f:
                    filters.Add(new QueryFilter(f.Field.ToString().ToLowerInvariant(), f.Value, f.Position, f.Length));
                    break;
                case YearRangeNode y:
                    filters.Add(new QueryFilter("year", y.From == y.To ? Year(y.From) : $"{Year(y.From)}..{Year(y.To)}", y.Position, y.Length));
                    break;
            }
        }
        return filters;
    }

    /// <summary>Whether a facet value is selected by the filters on its field: it matches every one of them, as the index does
    /// (region and type by folded prefix, issuer by substring, year by range).</summary>
    public static bool Selects(IReadOnlyList<QueryFilter> filters, string field, string value, Func<string, string> fold)
    {
        bool any = false;
        foreach (var f in filters)
        {
            if (f.Field != field) continue;
            any = true;
            bool match = field switch
            {
                "year" => YearIn(value, f.Value),
                "issuer" => fold(value).Contains(fold(f.Value).Trim(), StringComparison.Ordinal),
                _ => fold(value).StartsWith(fold(f.Value).Trim(), StringComparison.Ordinal),
            };
            if (!match) return false;
        }
        return any;
    }

    static bool YearIn(string value, string filter)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int year)) return false;
        var parts = filter.Split("..");
        int from = int.Parse(parts[0], CultureInfo.InvariantCulture), to = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return year >= from && year <= to;
    }

    static string Year(int y) => y.ToString("D4", CultureInfo.InvariantCulture);
}
