using Search.Querying;

namespace Search.Responses;

/// <summary>The matching measures of every district, side by side (<c>GET /api/compare</c>): complete document and measure counts per
/// district from the index, the districts with the most matching documents first, each with its best measures.</summary>
/// <param name="Total">Matching documents.</param>
/// <param name="Measures">Matching measures.</param>
/// <param name="DistrictCount">Districts (or cities and provinces with documents of their own) with a matching document;
/// <see cref="Districts"/> holds the first <c>limit</c> of them.</param>
/// <param name="Omitted">Districts left out by the limit.</param>
public sealed record CompareResponse(string Query, int Total, int Measures, int DistrictCount, int Omitted, IReadOnlyList<DistrictMeasures> Districts)
{
    /// <summary>Measures shown per district: its best, by score.</summary>
    public const int MeasuresPerDistrict = 10;

    public static CompareResponse From(string query, QueryMatches matches, int limit)
    {
        var counts = new Dictionary<(string Province, string City, string District), (int Documents, int Measures)>();
        var byDocument = new Dictionary<DocHandle, ((string, string, string) Key, int? Year)>();
        foreach (var d in matches.Documents())
        {
            var key = (d.Province, d.City, d.District);
            var (documents, measures) = counts.GetValueOrDefault(key);
            counts[key] = (documents + 1, measures + d.MatchedMeasures);
            byDocument[d.Handle] = (key, d.Years.Count > 0 ? d.Years[0] : null);
        }
        var shown = counts.OrderByDescending(c => c.Value.Documents).ThenByDescending(c => c.Value.Measures)
            .ThenBy(c => c.Key.Province, StringComparer.Ordinal).ThenBy(c => c.Key.City, StringComparer.Ordinal).ThenBy(c => c.Key.District, StringComparer.Ordinal)
            .Take(Math.Max(0, limit)).ToList();
        var wanted = shown.Select(s => s.Key).ToHashSet();
        // Only the shown districts' measures are scored.
        var wantedDocuments = byDocument.Where(d => wanted.Contains(d.Value.Key)).Select(d => d.Key).ToHashSet();
        var best = new Dictionary<(string, string, string), List<ScoredMeasure>>();
        foreach (var m in matches.ScoredMeasures(wantedDocuments))
        {
            if (!byDocument.TryGetValue(m.Document, out var owner) || !wanted.Contains(owner.Key)) continue;
            if (!best.TryGetValue(owner.Key, out var list)) best[owner.Key] = list = [];
            list.Add(m);
            // Keep the list short while collecting: sort and cut once it holds several times what is shown.
            if (list.Count >= MeasuresPerDistrict * 8) Trim(list);
        }
        var highlighter = new SnippetHighlighter();
        var districts = shown.Select(s =>
        {
            var list = best.GetValueOrDefault(s.Key) ?? [];
            Trim(list);
            var measures = list.Select(m =>
            {
                var stored = matches.StoredMeasure(m.Handle);
                var snippet = highlighter.Highlight(stored.Text, matches.Matches(stored.Text));
                return new ComparedMeasure(stored.Id, stored.DocId, stored.Title, byDocument[m.Document].Year, stored.Path, MeasureLabel.Of(stored.Path),
                    snippet.ToHtml(), m.Score, snippet.Text, snippet.Marks);
            }).ToList();
            return new DistrictMeasures(s.Key.Province, s.Key.City, s.Key.District, s.Value.Documents, s.Value.Measures, measures);
        }).ToList();
        return new CompareResponse(query, matches.DocumentCount, matches.MeasureCount, counts.Count, Math.Max(0, counts.Count - shown.Count), districts);
    }

    /// <summary>Best first (score, then index order), cut to what is shown.</summary>
    static void Trim(List<ScoredMeasure> list)
    {
        list.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Handle.Leaf != b.Handle.Leaf ? a.Handle.Leaf.CompareTo(b.Handle.Leaf) : a.Handle.Doc.CompareTo(b.Handle.Doc));
        if (list.Count > MeasuresPerDistrict) list.RemoveRange(MeasuresPerDistrict, list.Count - MeasuresPerDistrict);
    }
}

/// <summary>One district's matching documents and measures (complete counts) and its best measures.</summary>
/// <param name="MeasureCount">Matching measures of the district; <see cref="Measures"/> shows the best of them.</param>
public sealed record DistrictMeasures(string Province, string City, string District, int Documents, int MeasureCount, IReadOnlyList<ComparedMeasure> Measures);

/// <summary>A matching measure of a district, with its document's title and first year.</summary>
/// <param name="PathLabel">The path as a reader writes it (<see cref="MeasureLabel"/>).</param>
public sealed record ComparedMeasure(string Id, string DocId, string Title, int? Year, string Path, string PathLabel, string Snippet, float Score, string SnippetText, IReadOnlyList<MarkRange> Marks);
