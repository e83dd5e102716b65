using System.Text;
using System.Text.RegularExpressions;

namespace Search.Querying;

/// <summary>Filters given outside the query text (CLI options, HTTP parameters), applied as the query language's own field filters.</summary>
/// <remarks>Appending them as query syntax keeps one code path: they become drill-downs, facets count them the same way, and
/// their values are validated by the same parser.</remarks>
public sealed partial record SearchFilters(
    string? Province = null, string? City = null, string? District = null, string? Region = null, string? Year = null, string? Type = null, string? Issuer = null)
{
    public bool IsEmpty => new[] { Province, City, District, Region, Year, Type, Issuer }.All(string.IsNullOrWhiteSpace);

    /// <summary>The query text with the filters appended; a bad filter value is a user error naming it.</summary>
    public string ApplyTo(string query)
    {
        if (IsEmpty) return query;
        var sb = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(query)) sb.Append('(').Append(query).Append(')');
        void Add(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            sb.Append(' ').Append(field).Append(':').Append(Quote(field, value));
        }
        Add("province", Province);
        Add("city", City);
        Add("district", District);
        Add("type", Type);
        Add("issuer", Issuer);
        if (!string.IsNullOrWhiteSpace(Region))
        {
            string r = Quote("region", Region);
            sb.Append($" (province:{r} OR city:{r} OR district:{r})");
        }
        if (!string.IsNullOrWhiteSpace(Year))
        {
            string y = Year.Trim();
            if (!YearPattern().IsMatch(y)) throw new UserError($"年份“{Year}”格式错误：请写 2020 这样的年份或 2020..2022 这样的范围（year '{Year}' must be a year like 2020 or a range like 2020..2022）");
            sb.Append(" year:").Append(y);
        }
        return sb.ToString().Trim();
    }

    static string Quote(string field, string value)
    {
        string v = value.Trim();
        if (v.Length > 100 || v.Any(c => c is '"' or '“' or '”' || char.IsControl(c)))
            throw new UserError($"筛选条件 {field} 的值“{(v.Length > 100 ? v[..100] + "…" : v)}”不是有效的名称（{field} filter '{(v.Length > 100 ? v[..100] + "…" : v)}' is not a valid name）");
        return "\"" + v + "\"";
    }

    [GeneratedRegex(@"^\d{4}(\.\.\d{4})?$")]
    private static partial Regex YearPattern();
}
