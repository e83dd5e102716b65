using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Analysis;
using Search.Indexing;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>A Han term the segmenter splits into several words (or of two characters) is matched by its grams chain alone: it must find exactly the
/// documents the words chain or the grams chain found (the earlier definition of a term), on a corpus with Traditional documents.</summary>
public sealed class HanRunTermTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    [Fact]
    public void Split_han_terms_find_exactly_the_union_of_words_and_grams_chains()
    {
        using var analyzers = new SearchAnalyzers();
        var files = Directory.GetFiles(f.CorpusDir, "*.txt", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var random = new Random(11);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int checkedTerms = 0, gramsOnlyDocs = 0;
        for (int attempt = 0; attempt < 20_000 && checkedTerms < 150; attempt++)
        {
            var text = TextFolder.FoldToString(File.ReadAllText(files[random.Next(files.Length)]));
            int length = random.Next(2, 7), start = random.Next(0, Math.Max(1, text.Length - length));
            var term = text.Substring(start, Math.Min(length, text.Length - start));
            if (!term.All(c => c is >= '\u4E00' and <= '\u9FFF') || !seen.Add(term)) continue;
            var words = Tokens(analyzers, term);
            if (words.Count < 2 && term.Length != 2) continue;
            checkedTerms++;

            var wordsChain = new ExactChainQuery(IndexFields.DocText,
                words.Select(w => new ChainPosition(w.Position - words[0].Position, [new Term(IndexFields.DocText, w.Term)])).ToList());
            var gramsChain = new ExactChainQuery(IndexFields.DocTextGrams,
                Enumerable.Range(0, term.Length - 1).Select(i => new ChainPosition(i, [new Term(IndexFields.DocTextGrams, term.Substring(i, 2))])).ToList());
            var byWords = Documents(wordsChain);
            var byGrams = Documents(gramsChain);
            Assert.Subset(byGrams, byWords); // the premise: the words chain adds no document
            gramsOnlyDocs += byGrams.Count - byWords.Count;

            var first = f.Engine.Search(new SearchQuery(term, 1, 100, MeasuresPerDocument: 0)).GetResultOrThrow(term);
            var hits = first.Hits.Select(h => h.DocId).ToList();
            if (first.Total > 100) hits.AddRange(f.Engine.Search(new SearchQuery(term, 2, 100, MeasuresPerDocument: 0)).GetResultOrThrow(term).Hits.Select(h => h.DocId));
            Assert.Equal(byGrams.Count, first.Total);
            Assert.Equal(byGrams.Order(StringComparer.Ordinal), hits.Order(StringComparer.Ordinal));
        }
        Assert.Equal(150, checkedTerms);
        Assert.True(gramsOnlyDocs > 0, "the sample should include terms the segmenter splits differently in context");
    }

    /// <summary>Terms and phrases through the common four-character phrases (indexed as one term each) must find exactly the
    /// documents of the plain bigram chain, and step on the phrase terms: one term without positions for a listed phrase alone.</summary>
    [Fact]
    public void Terms_through_common_phrases_find_exactly_the_bigram_chain_documents_and_step_on_the_phrases()
    {
        using var analyzers = new SearchAnalyzers();
        var texts = Directory.GetFiles(f.CorpusDir, "*.txt", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => TextFolder.FoldToString(File.ReadAllText(p))).ToArray();
        var random = new Random(5);
        var needles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var phrase in CommonPhrases.EducationPlans.Phrases)
        {
            needles.Add(phrase);
            // The phrase with up to three characters of its surroundings on either side, where one occurrence has them.
            var text = texts[random.Next(texts.Length)];
            int at = text.IndexOf(phrase, StringComparison.Ordinal);
            if (at < 0) continue;
            int from = at - random.Next(0, 4), to = at + 4 + random.Next(0, 4);
            if (from >= 0 && to <= text.Length && text[from..to].All(c => c is >= '\u4E00' and <= '\u9FFF')) needles.Add(text[from..to]);
        }
        needles.Add("义务教育优质均衡");
        // Two listed phrases in a row are one term of the index: every such pair of the corpus, and the pair with a character on
        // each side, must find what the bigram chain finds.
        var listed = CommonPhrases.EducationPlans;
        foreach (var text in texts)
            for (int i = 0; i + 8 <= text.Length; i++)
                if (listed.Contains(text[i], text[i + 1], text[i + 2], text[i + 3]) && listed.Contains(text[i + 4], text[i + 5], text[i + 6], text[i + 7]))
                {
                    needles.Add(text.Substring(i, 8));
                    if (i > 0 && i + 9 <= text.Length && text[(i - 1)..(i + 9)].All(c => c is >= '\u4E00' and <= '\u9FFF')) needles.Add(text[(i - 1)..(i + 9)]);
                }
        int found = 0;
        foreach (var needle in needles)
        {
            var bigrams = new ExactChainQuery(IndexFields.DocTextGrams,
                Enumerable.Range(0, needle.Length - 1).Select(i => new ChainPosition(i, [new Term(IndexFields.DocTextGrams, needle.Substring(i, 2))])).ToList());
            var expected = Documents(bigrams);
            foreach (var query in new[] { needle, "\"" + needle + "\"" })
            {
                var result = f.Engine.Search(new SearchQuery(query, 1, 100, MeasuresPerDocument: 0)).GetResultOrThrow(query);
                var hits = result.Hits.Select(h => h.DocId).ToList();
                if (result.Total > 100) hits.AddRange(f.Engine.Search(new SearchQuery(query, 2, 100, MeasuresPerDocument: 0)).GetResultOrThrow(query).Hits.Select(h => h.DocId));
                Assert.True(expected.Count == result.Total, $"{query}: {result.Total} documents, the bigram chain finds {expected.Count}");
                Assert.Equal(expected.Order(StringComparer.Ordinal), hits.Order(StringComparer.Ordinal));
            }
            if (expected.Count > 0) found++;
        }
        Assert.True(needles.Count >= 180 && found == needles.Count, $"{needles.Count} needles, {found} found");

        Assert.Equal(["立德树人"], DocumentGrams("立德树人", analyzers, out var lide));
        Assert.IsType<TermQuery>(lide);
        // Two listed phrases in a row are one term: no positions to read.
        Assert.Equal(["义务教育优质均衡"], DocumentGrams("\"义务教育优质均衡\"", analyzers, out var pair));
        Assert.IsType<TermQuery>(pair);
    }

    /// <summary>The document-text grams a query's plan reads (sorted), and the query that reads them alone when there is one.</summary>
    private List<string> DocumentGrams(string query, SearchAnalyzers analyzers, out Query? only)
    {
        var parsed = SearchQueryParser.Parse(query);
        Assert.True(parsed.Succeeded);
        var plan = f.Engine.Index.With(searcher =>
            new LuceneQueryBuilder(analyzers.Words, analyzers.Grams, TextFolder.FoldToString).Build(parsed.Query!, searcher.IndexReader, IndexFields.KindDocument));
        var terms = new HashSet<Term>();
        f.Engine.Index.With(searcher => { searcher.Rewrite(plan.Match).ExtractTerms(terms); return 0; });
        Query? single = null;
        Visit(plan.Match, q => { if (q is TermQuery t && t.Term.Field == IndexFields.DocTextGrams) single = q; });
        only = single;
        return terms.Where(t => t.Field == IndexFields.DocTextGrams).Select(t => t.Text).Order(StringComparer.Ordinal).ToList();
    }

    private static void Visit(Query query, Action<Query> visit)
    {
        visit(query);
        if (query is BooleanQuery b) foreach (var c in b.Clauses) Visit(c.Query, visit);
        if (query is FilteredQuery fq) Visit(fq.Query, visit);
    }

    private HashSet<string> Documents(Query chain) => f.Engine.Index.With(searcher =>
    {
        var query = new BooleanQuery { { chain, Occur.MUST }, { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Occur.MUST } };
        return searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs
            .Select(d => searcher.Doc(d.Doc).Get(IndexFields.DocId)).ToHashSet(StringComparer.Ordinal);
    });

    private static List<(string Term, int Position)> Tokens(SearchAnalyzers analyzers, string text)
    {
        int position = -1;
        return AnalyzedText.Of(analyzers.Words, text, IndexFields.Text).Tokens.Select(t => (t.Term, position += t.PosInc)).ToList();
    }
}
