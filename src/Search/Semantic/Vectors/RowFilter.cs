namespace Search.Semantic.Vectors;

/// <summary>Filters applied while scanning: a row must pass all of them; null means "any".</summary>
public sealed record VectorFilter
{
    public string? ExcludeDistrict { get; init; }
    public string? ExcludeId { get; init; }
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    public int? Year { get; init; }
    public string? Type { get; init; }
}

/// <summary>A <see cref="VectorFilter"/> compiled against a store's row table: values become the table's symbols, so a scan
/// compares integers.</summary>
readonly struct RowFilter
{
    const int Any = -1, Unknown = -2;

    public int ExcludeDistrict { get; init; }
    public int ExcludeRow { get; init; }
    public int Province { get; init; }
    public int City { get; init; }
    public int District { get; init; }
    public int Type { get; init; }
    public int? Year { get; init; }
    /// <summary>True when a filter value no row carries makes the filter match nothing.</summary>
    public bool Impossible { get; init; }

    public static readonly RowFilter None = new() { ExcludeDistrict = Any, ExcludeRow = Any, Province = Any, City = Any, District = Any, Type = Any };

    /// <summary>True when the filter keeps only some region, year or type (not only exclusions).</summary>
    public bool Restricts => Province != Any || City != Any || District != Any || Type != Any || Year is not null;

    public bool Accepts(RowTable table, int row) =>
        row != ExcludeRow
        && (ExcludeDistrict == Any || table.District(row) != ExcludeDistrict)
        && (Province == Any || table.Province(row) == Province)
        && (City == Any || table.City(row) == City)
        && (District == Any || table.District(row) == District)
        && (Type == Any || table.Type(row) == Type)
        && (Year is null || table.Year(row) == Year);

    /// <param name="symbol">The table's symbol of a value (-1 for null, -2 for a value no row carries).</param>
    /// <param name="rowOf">The row of a measure id, or -1.</param>
    public static RowFilter Compile(VectorFilter? filter, Func<string?, int> symbol, Func<string, int> rowOf)
    {
        if (filter is null) return None;
        int province = symbol(filter.Province), city = symbol(filter.City), district = symbol(filter.District), type = symbol(filter.Type);
        int exclude = symbol(filter.ExcludeDistrict);
        return new RowFilter
        {
            ExcludeDistrict = exclude < 0 ? Any : exclude,
            ExcludeRow = filter.ExcludeId is not null && rowOf(filter.ExcludeId) is >= 0 and var r ? r : Any,
            Province = province, City = city, District = district, Type = type, Year = filter.Year,
            Impossible = province == Unknown || city == Unknown || district == Unknown || type == Unknown,
        };
    }
}
