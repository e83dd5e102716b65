using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Search.Querying;
using Search.Web.Services;
using Search.Schema;
using Search.Semantic.Similar;

namespace Search.Web.Similarity;

/// <summary>Provisional <see cref="ISimilarMeasureFinder"/>: Lucene's MoreLikeThis over measure docs (words analysis), other districts only.</summary>
/// <remarks>MoreLikeThis picks the measure's most distinctive terms (tf·idf) and ORs them; the terms a hit shares are those of
/// that query which also occur in the hit's own analysed text, so the page can say why two measures were paired.</remarks>
public sealed class MoreLikeThisMeasureFinder(PolicyLibrary library) : ISimilarMeasureFinder
{
    const int MaxQueryTerms = 25;

    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top)
    {
        var measure = library.Measure(measureId);
        if (measure is null || top <= 0) return [];
        var words = library.Engine.Analyzers.Words;
        return library.Engine.Index.With(searcher =>
        {
            var reader = searcher.IndexReader;
            var mlt = new MoreLikeThis(reader)
            {
                Analyzer = words,
                FieldNames = [IndexFields.Text],
                MinTermFreq = 1,
                MinDocFreq = 1,
                // Single characters (的, 等, 学) pair everything with everything.
                MinWordLen = 2,
                MaxQueryTerms = MaxQueryTerms,
            };
            // Terms in most measures (boilerplate such as 工作, 加强) say nothing about similarity.
            mlt.SetMaxDocFreqPct(40);
            var like = mlt.Like(new StringReader(measure.Text), IndexFields.Text);
            var likeTerms = Terms(like);
            if (likeTerms.Count == 0) return (IReadOnlyList<SimilarMeasure>)[];

            var query = new BooleanQuery
            {
                { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure)), Occur.MUST },
                { like, Occur.MUST },
            };
            query.Add(string.IsNullOrEmpty(measure.District)
                ? new TermQuery(new Term(IndexFields.DocId, measure.DocId))
                : new TermQuery(new Term(IndexFields.OnMeasures(IndexFields.District), measure.District)), Occur.MUST_NOT);

            var sort = new Sort(SortField.FIELD_SCORE, IdTieBreak.Field());
            var hits = searcher.Search(query, null, top, sort, doDocScores: true, doMaxScore: false);
            return hits.ScoreDocs.Select(hit =>
            {
                var doc = searcher.Doc(hit.Doc);
                var text = doc.Get(IndexFields.Text) ?? "";
                var own = AnalysedTerms(words, text);
                return new SimilarMeasure(
                    doc.Get(IndexFields.Id) ?? "", doc.Get(IndexFields.DocId) ?? "", doc.Get(IndexFields.Source) ?? "",
                    doc.Get(IndexFields.District) ?? "", doc.Get(IndexFields.Path) ?? "", text,
                    float.IsNaN(hit.Score) ? 0f : hit.Score,
                    likeTerms.Where(own.Contains).ToList());
            }).ToList();
        });
    }

    /// <summary>The MoreLikeThis query's terms, most distinctive first (the order MoreLikeThis added them).</summary>
    static List<string> Terms(Query like)
    {
        var terms = new List<string>();
        if (like is BooleanQuery boolean)
            foreach (var clause in boolean.Clauses)
                if (clause.Query is TermQuery tq && !terms.Contains(tq.Term.Text)) terms.Add(tq.Term.Text);
        return terms;
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
