namespace Search.Ingest.Describing;

/// <summary>Finds the region a document is about: gazetteer names in the title and issuer weigh most; ambiguous names are settled by their parent city or province appearing in the text.</summary>
public sealed class RegionResolver(Gazetteer gazetteer)
{
    /// <summary>Text is expected in simplified characters.</summary>
    public AdministrativeUnit? Resolve(string title, string? issuer, string text)
    {
        var scores = new Dictionary<AdministrativeUnit, double>();
        Score(title, 10);
        if (issuer is not null) Score(issuer, 5);
        var strong = scores.Keys.ToHashSet();
        Score(text, 1);
        if (scores.Count == 0)
            return null;

        var ranked = scores.Select(kv =>
        {
            // Context: a unit whose parents are named in the document is the one meant (西安市新城区, not 呼和浩特市新城区).
            double bonus = 0;
            for (var p = gazetteer.Parent(kv.Key); p is not null; p = gazetteer.Parent(p))
                if (text.Contains(p.Name) || text.Contains(Gazetteer.ShortName(p)) || title.Contains(Gazetteer.ShortName(p)))
                    bonus += 3;
            return (Unit: kv.Key, Score: kv.Value + bonus, Depth: kv.Key.Level switch { "county" => 2, "city" => 1, _ => 0 });
        }).ToList();

        // A unit named in the title or by the issuer is what the document is about: take the most specific such
        // unit (南宁市兴宁区 → 兴宁区), even if the text mentions its city more often. Otherwise, the text decides.
        var pool = ranked.Where(r => strong.Contains(r.Unit)).ToList();
        if (pool.Count > 0)
            return pool.OrderByDescending(r => r.Depth).ThenByDescending(r => r.Score).ThenBy(r => r.Unit.Code, StringComparer.Ordinal).First().Unit;
        // Only the text names places: the one it names most; a county it names in passing ("越城区除外") does not outrank
        // its city named throughout. Parents named in the text settle which of two same-named units is meant.
        return ranked.OrderByDescending(r => scores[r.Unit]).ThenByDescending(r => r.Score).ThenBy(r => r.Depth).ThenBy(r => r.Unit.Code, StringComparer.Ordinal).First().Unit;

        void Score(string s, double weight)
        {
            for (int i = 0; i < s.Length;)
            {
                var (name, units) = LongestAt(s, i);
                if (name is null) { i++; continue; }
                foreach (var unit in units)
                {
                    // Two-character county names (城区, 郊区, 矿区) are ordinary words unless their city precedes them.
                    if (name.Length <= 2 && unit.Level == "county" && !PrecededByParent(s, i, unit))
                        continue;
                    scores[unit] = scores.GetValueOrDefault(unit) + weight;
                }
                i += name.Length;
            }
        }
    }

    (string? Name, IReadOnlyList<AdministrativeUnit> Units) LongestAt(string s, int i) => gazetteer.LongestNameAt(s, i);

    bool PrecededByParent(string s, int i, AdministrativeUnit unit) =>
        gazetteer.Parent(unit) is { } p && s.AsSpan(0, i).EndsWith(p.Name, StringComparison.Ordinal);
}
