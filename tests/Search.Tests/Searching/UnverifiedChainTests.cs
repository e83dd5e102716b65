using Lucene.Net.Index;
using Search.Indexing;
using Search.Querying;
using Search.Tests.Support;
using Xunit;
using Search.Schema;

namespace Search.Tests.Searching;

/// <summary>Exact Han phrases skip verification only on docs the indexer marked safe; a character that folds into a bracketed
/// ideograph (㈠ → (一)) makes the grams tokenizer join ideographs the folded text keeps apart, and must still be verified.</summary>
public sealed class UnverifiedChainTests
{
    [Fact]
    public void A_bracketed_ideograph_never_yields_a_phrase_hit_the_folded_text_lacks()
    {
        using var t = new TempCorpus(copyCorpus: false);
        File.WriteAllText(Path.Combine(t.Corpus, "a.txt"), "南宁市兴宁区教育局2020年工作计划\n一、落实立㈠德树人根本任务。\n二、加强师资队伍建设。\n");
        File.WriteAllText(Path.Combine(t.Corpus, "b.txt"), "柳州市柳南区教育局2021年工作计划\n一、统筹立一德树人工作。\n二、加强师资队伍建设。\n");
        using (var analyzers = new SearchAnalyzers()) new CorpusIndexer(analyzers, semantic: false).Run(t.Corpus, t.Index);
        using var engine = SearchEngine.Open(t.Index);

        // The grams chain alone would match both: prove the trap is real before relying on the guard.
        var unverified = engine.Index.With(s =>
        {
            var chain = new ExactChainQuery(IndexFields.DocTextGrams, [new ChainPosition(0, [new Term(IndexFields.DocTextGrams, "立一")])]);
            return s.Search(new Lucene.Net.Search.BooleanQuery { { chain, Lucene.Net.Search.Occur.MUST },
                { new Lucene.Net.Search.TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Lucene.Net.Search.Occur.MUST } }, 10).TotalHits;
        });
        Assert.Equal(2, unverified);

        var result = engine.Search(new SearchQuery("\"立一\"")).GetResultOrThrow("q");
        Assert.Equal(1, result.Total);
        Assert.Contains("柳南区", result.Hits.Single().District);
        Assert.Equal(2, engine.Search(new SearchQuery("\"师资队伍\"")).GetResultOrThrow("q").Total);

        // Only the plain docs carry the mark: a (document, measure) of a.txt with ㈠ lack it, everything else has it.
        var marks = engine.Index.With(s =>
        {
            int marked = 0, docs = 0;
            foreach (var leaf in s.IndexReader.Leaves)
            {
                var values = leaf.AtomicReader.GetNumericDocValues(IndexFields.ChainExact);
                var live = leaf.AtomicReader.LiveDocs;
                for (int d = 0; d < leaf.AtomicReader.MaxDoc; d++)
                {
                    if (live is not null && !live.Get(d)) continue;
                    docs++;
                    if (values?.Get(d) == 1) marked++;
                }
            }
            return (marked, docs);
        });
        Assert.Equal(marks.docs - 2, marks.marked);
    }
}
