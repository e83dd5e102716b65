using System.Reflection;

namespace Search.Ingest.Describing;

/// <summary>One administrative unit of China (GB/T 2260): province, prefecture-level city or county-level unit.</summary>
public sealed record AdministrativeUnit(string Code, string Name, string Level, string? ParentCode);

/// <summary>China's administrative divisions down to county level, generated from an npm data package by tools/gazetteer/build.sh,
/// plus the other names some units go by (Data/region-aliases.tsv).</summary>
public sealed class Gazetteer
{
    readonly Dictionary<string, AdministrativeUnit> _byCode;
    readonly Dictionary<string, List<AdministrativeUnit>> _byName;

    /// <summary>The source line of the data file (package and version).</summary>
    public string Source { get; }
    public IReadOnlyCollection<AdministrativeUnit> Units => _byCode.Values;
    public int LongestName { get; }

    public static Gazetteer China { get; } = Load();

    Gazetteer(IEnumerable<AdministrativeUnit> units, string source, IEnumerable<(string Name, string Code)> aliases)
    {
        Source = source;
        _byCode = units.ToDictionary(u => u.Code);
        _byName = _byCode.Values.GroupBy(u => u.Name).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
        foreach (var (name, code) in aliases)
            if (_byCode.TryGetValue(code, out var unit) && !_byName.ContainsKey(name))
                _byName[name] = [unit];
        LongestName = _byName.Keys.Max(n => n.Length);
        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var name in _byName.Keys)
            _longestFrom[name[0]] = (byte)Math.Max(_longestFrom[name[0]], Math.Min(255, name.Length));
    }

    readonly Dictionary<string, List<AdministrativeUnit>>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    // Longest name starting with each char (0: none): most positions of a text start no name and are skipped at once.
    readonly byte[] _longestFrom = new byte[65536];

    /// <summary>The longest gazetteer name that starts at <paramref name="i"/> in <paramref name="s"/> (at least two chars), without allocating.</summary>
    public (string? Name, IReadOnlyList<AdministrativeUnit> Units) LongestNameAt(string s, int i)
    {
        int longest = _longestFrom[s[i]];
        for (int len = Math.Min(longest, s.Length - i); len >= 2; len--)
            if (_byNameSpan.TryGetValue(s.AsSpan(i, len), out var key, out var units))
                return (key, units);
        return (null, []);
    }

    public AdministrativeUnit? Find(string code) => _byCode.GetValueOrDefault(code);

    public IReadOnlyList<AdministrativeUnit> Named(string name) => _byName.TryGetValue(name, out var units) ? units : [];

    public AdministrativeUnit? Parent(AdministrativeUnit unit) => unit.ParentCode is { } p ? Find(p) : null;

    /// <summary>The province, prefecture and county of a unit, whichever apply.</summary>
    public (AdministrativeUnit? Province, AdministrativeUnit? City, AdministrativeUnit? County) Chain(AdministrativeUnit unit)
    {
        AdministrativeUnit? province = null, city = null, county = null;
        for (var u = unit; u is not null; u = Parent(u))
            switch (u.Level)
            {
                case "province": province = u; break;
                case "city": city = u; break;
                default: county = u; break;
            }
        return (province, city, county);
    }

    /// <summary>True for the four municipalities directly under the central government, whose districts have no city above them.</summary>
    public static bool IsMunicipality(AdministrativeUnit unit) => unit.Level == "province" && unit.Code is "110000" or "120000" or "310000" or "500000";

    /// <summary>The name as commonly shortened in prose: 广西壮族自治区 → 广西, 西安市 → 西安.</summary>
    public static string ShortName(AdministrativeUnit unit)
    {
        var name = unit.Name;
        foreach (var suffix in new[] { "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市" })
            if (name.EndsWith(suffix) && name.Length - suffix.Length >= 2)
                return name[..^suffix.Length];
        return name;
    }

    static Gazetteer Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Search.Ingest.gazetteer.tsv")
            ?? throw new InvalidOperationException("embedded resource gazetteer.tsv is missing");
        using var reader = new StreamReader(stream);
        var aliases = new List<(string, string)>();
        using (var aliasStream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Search.Ingest.region-aliases.tsv")
            ?? throw new InvalidOperationException("embedded resource region-aliases.tsv is missing"))
        using (var aliasReader = new StreamReader(aliasStream))
            while (aliasReader.ReadLine() is { } line)
                if (line.Length > 0 && !line.StartsWith('#') && line.Split('\t') is [var name, var code, ..])
                    aliases.Add((name, code));
        var units = new List<AdministrativeUnit>();
        string source = "";
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# source:"))
                source = line[9..].Trim();
            if (line.StartsWith('#') || line.Length == 0)
                continue;
            var f = line.Split('\t');
            units.Add(new AdministrativeUnit(f[0], f[1], f[2], f.Length > 3 && f[3].Length > 0 ? f[3] : null));
        }
        return new Gazetteer(units, source, aliases);
    }
}
