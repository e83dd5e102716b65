using Lucene.Net.Index;

namespace Search.Querying;

/// <summary>Term statistics and per-segment states for the terms of one query build, looked up with one terms enumerator per
/// segment and field.</summary>
/// <remarks>Lucene builds a <see cref="TermContext"/> per term with a fresh enumerator in every segment: a phrase that looks up
/// dozens of terms on the document and measure sides would create an enumerator per term and segment, where one per segment
/// and field, re-pointed, does the same work with a fraction of the allocations. The results are the same <see cref="TermContext"/>s. Not thread-safe: one lookup serves one build on one thread.</remarks>
internal sealed class TermLookup(IndexReaderContext top)
{
    private readonly Dictionary<Term, TermContext> _contexts = [];
    private readonly Dictionary<(int Leaf, string Field), TermsEnum?> _enums = [];

    /// <summary>The reader context the states belong to; a query run on another reader looks its terms up again.</summary>
    public IndexReaderContext Top => top;

    /// <summary>The term's states in every segment that holds it, and its index-wide document and total frequencies.</summary>
    public TermContext Context(Term term)
    {
        if (_contexts.TryGetValue(term, out var known)) return known;
        var context = new TermContext(top);
        foreach (var leaf in top.Leaves)
        {
            if (!_enums.TryGetValue((leaf.Ord, term.Field), out var terms))
                _enums[(leaf.Ord, term.Field)] = terms = leaf.AtomicReader.GetTerms(term.Field)?.GetEnumerator();
            if (terms is not null && terms.SeekExact(term.Bytes))
                context.Register(terms.GetTermState(), leaf.Ord, terms.DocFreq, terms.TotalTermFreq);
        }
        _contexts[term] = context;
        return context;
    }

    /// <summary>True when the states were looked up in <paramref name="context"/> (the reader a weight is being built for).</summary>
    public bool Serves(IndexReaderContext context) => ReferenceEquals(context, top);
}
