using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Search.Querying;

namespace Search.Web.Endpoints;

/// <summary>The query string shared by search, compare, trend and export: query text, filters, order and page, all validated here.</summary>
/// <remarks>Everything binds as text so a bad value gets a message naming the parameter instead of the framework's bare 400.</remarks>
public sealed record SearchParameters(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "province")] string? Province,
    [property: FromQuery(Name = "city")] string? City,
    [property: FromQuery(Name = "district")] string? District,
    [property: FromQuery(Name = "year")] string? Year,
    [property: FromQuery(Name = "type")] string? Type,
    [property: FromQuery(Name = "sort")] string? Sort,
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "size")] string? Size,
    [property: FromQuery(Name = "limit")] string? Limit = null,
    [property: FromQuery(Name = "measures")] string? Measures = null)
{
    /// <summary>The query text with the filters appended as query-language filters; a <see cref="UserError"/> when it is empty, too long or a filter is malformed.</summary>
    public string QueryText(SearchWebOptions.LimitSettings limits) => Text(Q, limits, new SearchFilters(Province: Province, City: City, District: District, Year: Year, Type: Type));

    /// <summary>A query text alone (no filters), validated as <see cref="QueryText"/> does.</summary>
    public static string Text(string? q, SearchWebOptions.LimitSettings limits, SearchFilters? filters = null)
    {
        var text = q?.Trim() ?? "";
        if (text.Length > limits.MaxQueryLength)
            // Positioned like a syntax error, so the page marks the characters past the limit instead of cutting them off.
            throw new QuerySyntaxException(new QuerySyntaxError(
                $"查询过长：{text.Length} 个字符，上限 {limits.MaxQueryLength} 个，请删去标出的部分（q is {text.Length} characters long; the limit is {limits.MaxQueryLength}）",
                limits.MaxQueryLength, text.Length - limits.MaxQueryLength), text);
        if (text.Any(char.IsControl))
            throw new UserError("查询中不能有控制字符（q must not contain control characters）");
        filters ??= new SearchFilters();
        if (text.Length == 0 && filters.IsEmpty)
            throw new UserError("请输入检索词，如 控辍保学，或选择一个筛选条件（q is required: type a query such as 控辍保学, or give a filter: province, city, district, year, type）");
        return filters.ApplyTo(text);
    }

    /// <summary>How many districts (compare) or rows (matrix) to return; the counts cover every match whatever it is.</summary>
    public int RowLimit(SearchWebOptions.LimitSettings limits, int fallback) => Number("limit", Limit, Math.Min(fallback, limits.MaxRows), 1, limits.MaxRows);

    /// <summary>How many measures a comparison shows per district (its best).</summary>
    public int MeasuresPerDistrict() => Number("measures", Measures, Responses.CompareResponse.DefaultMeasuresPerDistrict, 1, Responses.CompareResponse.MaxMeasuresPerDistrict);

    public SearchOrder Order() => SearchOrders.Parse(Sort, "sort");

    public int PageNumber() => Number("page", Page, 1, 1, SearchQuery.MaxDepth);

    public int PageSize(SearchWebOptions.LimitSettings limits) => Number("size", Size, 10, 1, limits.MaxPageSize);

    /// <summary>A whole number in range, or the default when absent; anything else is a <see cref="UserError"/> naming the parameter.</summary>
    public static int Number(string name, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UserError($"参数 {name} 须是 {min} 到 {max} 之间的整数，而不是“{(value.Length > 40 ? value[..40] + "…" : value)}”（{name} must be a whole number from {min} to {max}）");
        return n;
    }
}
