using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Analysis;
using Search.Indexing;
using Search.Querying;
using Xunit;

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
