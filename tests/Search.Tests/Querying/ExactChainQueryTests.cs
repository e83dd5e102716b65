using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Querying;
using Xunit;

namespace Search.Tests.Querying;

/// <summary><see cref="ExactChainQuery"/> must match and score exactly like Lucene's PhraseQuery / MultiPhraseQuery, including on
/// documents whose positions are spread by huge gaps (the case it exists for).</summary>
public sealed class ExactChainQueryTests : IDisposable
{
    private const string F = "f";
    private static readonly string[] Vocabulary = ["a", "b", "c", "d", "e", "aa", "ab"];
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public ExactChainQueryTests()
    {
        var random = new Random(77);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new GappedWhitespace()) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            for (int d = 0; d < 400; d++)
            {
                // "|" opens a gap of 1,000,000 positions, like a measure boundary on a policy-document doc.
                var words = Enumerable.Range(0, random.Next(1, 60)).Select(_ => random.Next(12) == 0 ? "|" : Vocabulary[random.Next(Vocabulary.Length)]);
                var doc = new Document { new TextField(F, string.Join(' ', words), Lucene.Net.Documents.Field.Store.NO), new StringField("n", d.ToString(), Lucene.Net.Documents.Field.Store.YES) };
                writer.AddDocument(doc);
                if (d % 97 == 0) writer.Commit(); // several segments
            }
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Random_chains_match_and_score_like_phrase_queries()
    {
        var random = new Random(5);
        int compared = 0, nonEmpty = 0;
        for (int q = 0; q < 600; q++)
        {
            int steps = random.Next(1, 5);
            var offsets = new List<int>();
            int at = 0;
            for (int s = 0; s < steps; s++) { offsets.Add(at); at += random.Next(4) == 0 ? 2 : 1; } // some holes
            var alternatives = offsets.Select(_ => Enumerable.Range(0, random.Next(4) == 0 ? 2 : 1)
                .Select(_ => new Term(F, Vocabulary[random.Next(Vocabulary.Length)])).Distinct().ToArray()).ToList();

            Query reference;
            if (alternatives.All(a => a.Length == 1))
            {
                var phrase = new PhraseQuery();
                for (int s = 0; s < steps; s++) phrase.Add(alternatives[s][0], offsets[s]);
                reference = phrase;
            }
            else
            {
                var multi = new MultiPhraseQuery();
                for (int s = 0; s < steps; s++) multi.Add(alternatives[s], offsets[s]);
                reference = multi;
            }
            var chain = new ExactChainQuery(F, offsets.Select((o, s) => new ChainPosition(o, alternatives[s])).ToList());

            var expected = Hits(reference);
            var actual = Hits(chain);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            // Same phrase frequency and statistics give the same BM25 score; MultiPhraseQuery sums its alternatives' stats the same way.
            // (A one-position MultiPhraseQuery rewrites to a disjunction of term queries, scored differently by design.)
            if (steps > 1 || alternatives[0].Length == 1)
                foreach (var (doc, score) in expected)
                    Assert.True(Math.Abs(score - actual[doc]) < 1e-4, $"{reference} vs {chain} doc {doc}: {score} vs {actual[doc]}; freq {Explain(reference, doc)} / {Explain(chain, doc)}");
            compared++;
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.Equal(600, compared);
        Assert.True(nonEmpty > 200, $"only {nonEmpty} queries had hits: the comparison would prove little");
    }

    [Fact]
    public void Skipping_removes_exactly_the_skipped_docs_and_keeps_the_scores_of_the_rest()
    {
        var random = new Random(9);
        int nonTrivial = 0;
        for (int q = 0; q < 200; q++)
        {
            var steps = Enumerable.Range(0, random.Next(2, 4))
                .Select(i => new ChainPosition(i, [new Term(F, Vocabulary[random.Next(Vocabulary.Length)])])).ToList();
            var skip = new PhraseQuery { new Term(F, Vocabulary[random.Next(Vocabulary.Length)]), new Term(F, Vocabulary[random.Next(Vocabulary.Length)]) };
            var all = Hits(new ExactChainQuery(F, steps));
            var skipped = Hits(skip).Keys.ToHashSet();
            var kept = Hits(new ExactChainQuery(F, steps, skipWhere: skip));
            Assert.Equal(all.Keys.Where(d => !skipped.Contains(d)).Order(), kept.Keys.Order());
            foreach (var (doc, score) in kept) Assert.Equal(all[doc], score, 5);
            if (kept.Count > 0 && kept.Count < all.Count) nonTrivial++;
        }
        Assert.True(nonTrivial > 20, $"only {nonTrivial} cases both skipped and kept docs");
    }

    [Fact]
    public void A_repeated_term_counts_each_full_occurrence()
    {
        // "a a" inside "a a a" occurs twice (overlapping), as PhraseQuery counts it.
        var chain = new ExactChainQuery(F, [new ChainPosition(0, [new Term(F, "a")]), new ChainPosition(1, [new Term(F, "a")])]);
        var phrase = new PhraseQuery { new Term(F, "a"), new Term(F, "a") };
        Assert.Equal(Hits(phrase), Hits(chain));
        Assert.NotEmpty(Hits(chain));
    }

    [Fact]
    public void Bad_chains_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ExactChainQuery(F, []));
        Assert.Throws<ArgumentException>(() => new ExactChainQuery(F, [new ChainPosition(0, [new Term("other", "a")])]));
        Assert.Throws<ArgumentException>(() => new ExactChainQuery(F, [new ChainPosition(1, [new Term(F, "a")]), new ChainPosition(1, [new Term(F, "b")])]));
    }

    private string Explain(Query q, int doc) => _searcher.Explain(q, doc).ToString().Replace("\n", " ");

    private Dictionary<int, float> Hits(Query query) =>
        _searcher.Search(query, _reader.MaxDoc + 1).ScoreDocs.ToDictionary(h => h.Doc, h => h.Score);

    /// <summary>Whitespace tokens; "|" is not a token but adds a gap of 1,000,000 positions to the next one.</summary>
    private sealed class GappedWhitespace : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new Lucene.Net.Analysis.Core.WhitespaceTokenizer(LuceneVersion.LUCENE_48, reader);
            return new TokenStreamComponents(tokenizer, new GapFilter(tokenizer));
        }
    }

    private sealed class GapFilter(TokenStream input) : TokenFilter(input)
    {
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();
        private readonly IPositionIncrementAttribute _increment = input.AddAttribute<IPositionIncrementAttribute>();

        public override bool IncrementToken()
        {
            int gap = 0;
            while (m_input.IncrementToken())
            {
                if (_term.ToString() == "|") { gap += 1_000_000; continue; }
                _increment.PositionIncrement += gap;
                return true;
            }
            return false;
        }
    }
}
