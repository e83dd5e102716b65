using Search.Querying;

namespace Search.Responses;

/// <summary>The regions (province, city, district) of matching documents as rows numbered in order of first sight, each with
/// its document and measure counts: the grouping the comparison and the matrix share.</summary>
internal sealed class RegionRows
{
    private readonly Dictionary<(string Province, string City, string District), int> _rowOf = [];

    public List<(string Province, string City, string District)> Keys { get; } = [];

    public List<(int Documents, int Measures)> Totals { get; } = [];

    public int Count => Keys.Count;

    /// <summary>Counts a document in its region's row (made on first sight) and returns the row.</summary>
    public int Add(MatchedDocument d)
    {
        var key = (d.Province, d.City, d.District);
        if (!_rowOf.TryGetValue(key, out int row))
        {
            _rowOf[key] = row = Keys.Count;
            Keys.Add(key);
            Totals.Add((0, 0));
        }
        var (documents, measures) = Totals[row];
        Totals[row] = (documents + 1, measures + d.MatchedMeasures);
        return row;
    }
}
