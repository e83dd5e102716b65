using System.Globalization;
using System.Text.Json;

namespace Search.Ingest;

/// <summary>Hand-set metadata that beats what Describe found: a sidecar NAME.meta.json next to a file, or a row of corpus/metadata.csv keyed by source.</summary>
public sealed record MetadataOverride
{
    public string? Title { get; init; }
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    public string? Issuer { get; init; }
    public string? Type { get; init; }
    public int? Year { get; init; }
    public int[]? Years { get; init; }
    public string? Date { get; init; }
    public string? Number { get; init; }
    public string? IndexNumber { get; init; }

    /// <summary>Applies the set fields; a bad date is a user error naming the field.</summary>
    public (string Title, DocumentMetadata Metadata) ApplyTo(string title, DocumentMetadata m)
    {
        DateOnly? date = m.Date;
        if (Date is { Length: > 0 })
            date = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new UserError($"metadata override: date '{Date}' is not yyyy-MM-dd");
        var years = Years is { Length: > 0 } ys ? ys : Year is int y ? [y] : m.Years;
        return (Title ?? title, m with
        {
            Province = Province ?? m.Province,
            City = City ?? m.City,
            District = District ?? m.District,
            Issuer = Issuer ?? m.Issuer,
            Type = Type ?? m.Type,
            Years = years,
            Year = Year ?? (years.Count > 0 ? years[0] : m.Year),
            Date = date,
            Number = Number ?? m.Number,
            IndexNumber = IndexNumber ?? m.IndexNumber,
        });
    }

    static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>The sidecar for <paramref name="path"/>: NAME.meta.json or NAME.ext.meta.json, if present.</summary>
    public static MetadataOverride? Sidecar(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var candidate in new[] { Path.Combine(dir, Path.GetFileNameWithoutExtension(path) + ".meta.json"), Path.GetFullPath(path) + ".meta.json" })
            if (File.Exists(candidate))
                try
                {
                    return JsonSerializer.Deserialize<MetadataOverride>(File.ReadAllText(candidate), JsonOptions);
                }
                catch (JsonException e)
                {
                    throw new UserError($"{Path.GetFileName(candidate)}: invalid JSON: {e.Message}", e);
                }
        return null;
    }

    /// <summary>Rows of corpus/metadata.csv by source; header names the columns (source,title,province,city,district,issuer,type,year,date,number,index_number).</summary>
    public static IReadOnlyDictionary<string, MetadataOverride> Table(string corpusRoot)
    {
        var path = Path.Combine(corpusRoot, "metadata.csv");
        if (!File.Exists(path))
            return new Dictionary<string, MetadataOverride>();
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
            return new Dictionary<string, MetadataOverride>();
        var header = CsvFields(lines[0]).Select(h => h.Trim().ToLowerInvariant().Replace("_", "")).ToList();
        var table = new Dictionary<string, MetadataOverride>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var f = CsvFields(line);
            string? Get(string name) => header.IndexOf(name) is var i and >= 0 && i < f.Count && f[i].Trim().Length > 0 ? f[i].Trim() : null;
            if (Get("source") is not { } source)
                continue;
            table[source.Replace('\\', '/')] = new MetadataOverride
            {
                Title = Get("title"), Province = Get("province"), City = Get("city"), District = Get("district"),
                Issuer = Get("issuer"), Type = Get("type"), Date = Get("date"), Number = Get("number"), IndexNumber = Get("indexnumber"),
                Year = int.TryParse(Get("year"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : null,
            };
        }
        return table;
    }

    static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
