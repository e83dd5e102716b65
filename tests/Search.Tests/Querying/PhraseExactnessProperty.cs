using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Querying;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>The acceptance property of issue 4, runnable on any index built per <see cref="IndexFields"/>: a quoted substring finds exactly the measures whose folded text contains it.</summary>
/// <remarks>Reads the measures (id, stored text) from the index itself, so the same check runs on the test index and on the real one.</remarks>
public static class PhraseExactnessProperty
{
    /// <summary>Checks <paramref name="samples"/> random substrings (1–8 characters, never cutting a surrogate pair), each also in the form <paramref name="variant"/> gives (e.g. Traditional); returns the failures.</summary>
    public static IReadOnlyList<string> Check(IndexReader reader, LuceneQueryBuilder builder, Func<string, string> fold,
        Func<string, string> variant, int samples, int seed)
    {
        var searcher = new IndexSearcher(reader);
        var measures = ReadMeasures(searcher);
        var folded = measures.Select(m => (m.Id, Folded: fold(m.Text))).ToList();
        var random = new Random(seed);
        var failures = new List<string>();
        var done = 0;
        while (done < samples && measures.Count > 0)
        {
            var text = measures[random.Next(measures.Count)].Text;
            if (text.Length == 0) continue;
            var length = random.Next(1, 9);
            var start = random.Next(0, Math.Max(1, text.Length - length + 1));
            var s = text.Substring(start, Math.Min(length, text.Length - start));
            if (char.IsLowSurrogate(s[0]) || char.IsHighSurrogate(s[^1])) continue;
            foreach (var form in new[] { s, variant(s) }.Distinct())
            {
                var needle = fold(form);
                var expected = folded.Where(m => m.Folded.Contains(needle, StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
                var plan = builder.Build(PhraseNodeFor(form), reader);
                var actual = searcher.Search(plan.Query, Math.Max(1, reader.MaxDoc)).ScoreDocs
                    .Select(h => searcher.Doc(h.Doc).Get(IndexFields.Id)).Order(StringComparer.Ordinal).ToList();
                if (!expected.SequenceEqual(actual))
                    failures.Add($"\"{form}\": expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
            }
            done++;
        }
        return failures;
    }

    /// <summary>The phrase as the parser produces it from <c>"s"</c>; built directly only when s holds a quote character or only spaces, which cannot be quoted.</summary>
    public static QueryNode PhraseNodeFor(string s)
    {
        var outcome = SearchQueryParser.Parse("\"" + s + "\"");
        var quotable = !s.Any(c => c is '"' or '“' or '”' or '＂' or '「' or '」' or '『' or '』') && s.Trim().Length > 0
            && !s.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c));
        if (quotable)
        {
            if (outcome.Query is not PhraseNode phrase || phrase.Text != s)
                throw new InvalidOperationException($"\"{s}\" did not parse to the phrase: {outcome.Query?.Describe() ?? outcome.Error!.Message}");
            return phrase;
        }
        return new PhraseNode(s);
    }

    private static List<(string Id, string Text)> ReadMeasures(IndexSearcher searcher)
    {
        var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure));
        var hits = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
        return hits.ScoreDocs.Select(h => searcher.Doc(h.Doc))
            .Select(d => (d.Get(IndexFields.Id) ?? "", d.Get(IndexFields.Text) ?? ""))
            .OrderBy(m => m.Item1, StringComparer.Ordinal).ToList();
    }
}
