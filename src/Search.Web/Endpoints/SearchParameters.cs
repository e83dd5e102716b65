using System.Globalization;
using Search.Querying;

namespace Search.Web.Endpoints;

/// <summary>The query string shared by search, compare, trend and export: query text, filters, order and page, all validated here.</summary>
/// <remarks>Everything binds as text so a bad value gets a message naming the parameter instead of the framework's bare 400.</remarks>
public sealed record SearchParameters(
    string? Q, string? Province, string? City, string? District, string? Year, string? Type, string? Sort, string? Page, string? Size)
{
    /// <summary>The query text with the filters appended as query-language filters; a <see cref="UserError"/> when it is empty, too long or a filter is malformed.</summary>
    public string QueryText(SearchWebOptions.LimitSettings limits)
    {
        var q = Q?.Trim() ?? "";
        if (q.Length > limits.MaxQueryLength)
            throw new UserError($"q is {q.Length} characters long; the limit is {limits.MaxQueryLength}");
        if (q.Any(c => char.IsControl(c)))
            throw new UserError("q must not contain control characters");
        var filters = new SearchFilters(Province: Province, City: City, District: District, Year: Year, Type: Type);
        if (q.Length == 0 && filters.IsEmpty)
            throw new UserError("q is required: type a query such as 控辍保学, or give a filter (province, city, district, year, type)");
        return filters.ApplyTo(q);
    }

    public SearchOrder Order() => (Sort?.Trim() ?? "") switch
    {
        "" or "relevance" => SearchOrder.Relevance,
        "date" => SearchOrder.Date,
        var s => throw new UserError($"sort must be relevance or date, not '{Clip(s)}'"),
    };

    public int PageNumber() => Number("page", Page, 1, 1, SearchQuery.MaxDepth);

    public int PageSize(SearchWebOptions.LimitSettings limits) => Number("size", Size, 10, 1, limits.MaxPageSize);

    /// <summary>A whole number in range, or the default when absent; anything else is a <see cref="UserError"/> naming the parameter.</summary>
    public static int Number(string name, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UserError($"{name} must be a whole number from {min} to {max}, not '{Clip(value)}'");
        return n;
    }

    static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
