using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Search.Evaluation.Benchmarks;

/// <summary>How much text an index build inverted, read back from the built index: tokens (positions), postings and distinct terms per analysed field (one with term frequencies).</summary>
/// <remarks>A build's cost follows the tokens it inverts (in a profile, Lucene's per-token work is the largest share), so
/// comparing these totals with the peer's says how much of a throughput gap is the schema's extra work rather than the stack's speed.</remarks>
public static class InvertedTokens
{
    /// <summary>Per field with term frequencies: tokens, postings, distinct terms; plus the totals. Fields indexed without frequencies (ids, facets) invert one term per doc and are left out.</summary>
    public static Dictionary<string, object?> Of(string indexFolder)
    {
        using var directory = FSDirectory.Open(indexFolder);
        using var reader = DirectoryReader.Open(directory);
        return Of(reader);
    }

    public static Dictionary<string, object?> Of(IndexReader reader)
    {
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        long tokens = 0, postings = 0;
        var all = MultiFields.GetFields(reader);
        if (all is not null)
            foreach (string name in all)
            {
                var terms = all.GetTerms(name);
                if (terms is null || terms.SumTotalTermFreq <= 0) continue; // no frequencies: not a tokenized text field
                long distinct = 0;
                var e = terms.GetEnumerator();
                while (e.MoveNext()) distinct++;
                fields[name] = new Dictionary<string, object?> { ["tokens"] = terms.SumTotalTermFreq, ["postings"] = terms.SumDocFreq, ["terms"] = distinct };
                tokens += terms.SumTotalTermFreq;
                postings += terms.SumDocFreq;
            }
        return new() { ["tokens"] = tokens, ["postings"] = postings, ["fields"] = fields };
    }
}
