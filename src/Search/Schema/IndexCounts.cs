using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.Schema;

/// <summary>How many docs of each <see cref="IndexFields.Kind"/> a commit holds (deleted docs excluded, unlike DocFreq).</summary>
public static class IndexCounts
{
    /// <summary>Policy documents and measures of the searcher's commit.</summary>
    public static (int Documents, int Measures) Of(IndexSearcher searcher) =>
        (OfKind(searcher, IndexFields.KindDocument), OfKind(searcher, IndexFields.KindMeasure));

    /// <summary>Live docs of one kind.</summary>
    public static int OfKind(IndexSearcher searcher, string kind)
    {
        var collector = new TotalHitCountCollector();
        searcher.Search(new TermQuery(new Term(IndexFields.Kind, kind)), collector);
        return collector.TotalHits;
    }
}
