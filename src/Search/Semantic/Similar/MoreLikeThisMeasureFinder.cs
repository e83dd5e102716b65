using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Search.Querying;
using Search.Schema;

namespace Search.Semantic.Similar;

/// <summary>Lucene's MoreLikeThis, set up in one place: the distinctive terms (tf·idf) of a text or an indexed doc, ORed.</summary>
public static class MoreLikeThisQuery
{
    /// <param name="minWordLength">Shorter terms are left out (0: none).</param>
    /// <param name="maxDocFreqPercent">Terms in more than this share of the docs are left out (null: none).</param>
    public static MoreLikeThis Create(IndexReader reader, Analyzer analyzer, string[] fields, int maxQueryTerms, int minWordLength = 0,
        int? maxDocFreqPercent = null, TFIDFSimilarity? similarity = null)
    {
        var mlt = new MoreLikeThis(reader)
        {
            Analyzer = analyzer, FieldNames = fields, MinTermFreq = 1, MinDocFreq = 1, MinWordLen = minWordLength, MaxQueryTerms = maxQueryTerms,
        };
        if (similarity is not null) mlt.Similarity = similarity;
        if (maxDocFreqPercent is { } percent) mlt.SetMaxDocFreqPct(percent);
        return mlt;
    }

    /// <summary>The query's terms, most distinctive first (the order MoreLikeThis added them).</summary>
    public static List<string> Terms(Query like)
    {
        var terms = new List<string>();
        if (like is BooleanQuery boolean)
            foreach (var clause in boolean.Clauses)
                if (clause.Query is TermQuery tq && !terms.Contains(tq.Term.Text)) terms.Add(tq.Term.Text);
        return terms;
    }
}

/// <summary>Similar measures by MoreLikeThis over the index's measure docs (words analysis), other districts only: the finder
/// for an index without a semantic folder (a corpus with fewer than two measures, or one indexed without vectors).</summary>
/// <remarks>The terms a hit shares are those of the query that also occur in the hit's own analysed text, so the page can say why
/// two measures were paired.</remarks>
public sealed class MoreLikeThisMeasureFinder(SearchIndex index, Analyzer words) : ISimilarMeasureFinder
{
    const int MaxQueryTerms = 25;

    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top) => Find(measureId, top, otherDistrictsOnly: true);

    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top, bool otherDistrictsOnly)
    {
        if (top <= 0 || index.Find(measureId, IndexFields.KindMeasure) is not { } measure) return [];
        string text = measure.Get(IndexFields.Text) ?? "", docId = measure.Get(IndexFields.DocId) ?? "", district = measure.Get(IndexFields.District) ?? "";
        Query exclude = !otherDistrictsOnly ? new TermQuery(new Term(IndexFields.Id, measureId))
            : district.Length == 0 ? new TermQuery(new Term(IndexFields.DocId, docId))
            : new TermQuery(new Term(IndexFields.OnMeasures(IndexFields.District), district));
        return Run(text, exclude, top);
    }

    public IReadOnlyList<SimilarMeasure> FindText(string text, int top) => top <= 0 || string.IsNullOrWhiteSpace(text) ? [] : Run(text, null, top);

    IReadOnlyList<SimilarMeasure> Run(string text, Query? exclude, int top)
    {
        return index.With(searcher =>
        {
            // Single characters (的, 等, 学) pair everything with everything; terms in most measures (工作, 加强) say nothing.
            var mlt = MoreLikeThisQuery.Create(searcher.IndexReader, words, [IndexFields.Text], MaxQueryTerms, minWordLength: 2, maxDocFreqPercent: 40);
            var like = mlt.Like(new StringReader(text), IndexFields.Text);
            var likeTerms = MoreLikeThisQuery.Terms(like);
            if (likeTerms.Count == 0) return (IReadOnlyList<SimilarMeasure>)[];

            var query = new BooleanQuery
            {
                { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure)), Occur.MUST },
                { like, Occur.MUST },
            };
            if (exclude is not null) query.Add(exclude, Occur.MUST_NOT);

            var sort = new Sort(SortField.FIELD_SCORE, IdTieBreak.Field());
            var hits = searcher.Search(query, null, top, sort, doDocScores: true, doMaxScore: false);
            return hits.ScoreDocs.Select(hit =>
            {
                var doc = searcher.Doc(hit.Doc);
                var hitText = doc.Get(IndexFields.Text) ?? "";
                var own = AnalysedTerms(words, hitText);
                return new SimilarMeasure(
                    doc.Get(IndexFields.Id) ?? "", doc.Get(IndexFields.DocId) ?? "", doc.Get(IndexFields.Source) ?? "",
                    doc.Get(IndexFields.District) ?? "", doc.Get(IndexFields.Path) ?? "", hitText,
                    float.IsNaN(hit.Score) ? 0 : hit.Score, likeTerms.Where(own.Contains).ToList());
            }).ToList();
        });
    }

    static HashSet<string> AnalysedTerms(Analyzer analyzer, string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        using var stream = analyzer.GetTokenStream(IndexFields.Text, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
