using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using Search.Querying;
using Search.Semantic.Embedding;

namespace Search.Semantic.Similar;

/// <summary>The BM25 side of the similar-measure hybrid: the MoreLikeThis terms of a measure text over its words and its CJK
/// bigrams, scored on given candidate measures only.</summary>
/// <remarks>
/// The terms are the ones Lucene's <c>MoreLikeThis.Like(docNum)</c> picks for an indexed measure with both fields: one
/// term-frequency map over both analyses, each term scored tf·idf (classic idf) in the field where it is commonest, the 50
/// best kept (ties: first seen). It is done here rather than with <c>MoreLikeThis</c> because that class looks up every
/// term's document frequency with a fresh terms enumerator per field and segment, where <see cref="TermLookup"/> reuses one enumerator per segment and field and hands the states to
/// the term queries. Only the vector search's ~100 candidates are scored: each is found by its id, and each term's postings
/// are advanced to the candidates of each segment and scored with the searcher's BM25, as a boolean query of term clauses
/// would score them. A filtered boolean query would allocate a bit set per segment for the candidates and hundreds of
/// postings enumerators per call.
/// The same class runs on the product index and on the evaluation's in-memory index, so <c>eval</c> measures what
/// <c>similar</c> does.
/// </remarks>
public sealed class MeasureTermRanker
{
    /// <summary>Distinctive terms taken over both analyses together (the evaluated setting).</summary>
    public const int MaxQueryTerms = 50;

    readonly IndexSearcher _searcher;
    readonly (string Field, Analyzer Analyzer)[] _fields;
    readonly string _idField;
    readonly TFIDFSimilarity _idf = new DefaultSimilarity();
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, CollectionStatistics> _collectionStatistics = new(StringComparer.Ordinal);
    // Document frequencies per term text in (words, grams): fixed for this reader, and most terms of a measure recur in the next
    // one, so after warm-up a call seeks the terms dictionary only for the ~50 terms it queries. Bounded so that a long-running
    // server cannot grow it without limit (a corpus has ~10^6 distinct terms).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Words, int Grams)> _docFreqs = new(StringComparer.Ordinal);
    const int MaxCachedTerms = 1_000_000;

    /// <summary>The reader this ranker scores on: a ranker serves one commit.</summary>
    public IndexReader Reader => _searcher.IndexReader;

    /// <param name="reader">An index whose measure docs carry <paramref name="idField"/> as an indexed term and as sorted doc values.</param>
    /// <param name="grams">Plain CJK uni- and bigrams: the index's trigrams around common bigrams serve phrase speed, and a
    /// query made of them would weigh those bigrams twice.</param>
    public MeasureTermRanker(IndexReader reader, Analyzer words, string wordsField, Analyzer grams, string gramsField, string idField)
    {
        _searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        _fields = [(wordsField, words), (gramsField, grams)];
        _idField = idField;
    }

    /// <summary>The candidates that share a selected term with <paramref name="text"/>, best BM25 score first (ties by id).</summary>
    public IReadOnlyList<string> Rank(string text, IReadOnlyCollection<string> candidateIds)
    {
        if (string.IsNullOrWhiteSpace(text) || candidateIds.Count == 0) return [];
        // Like the embedding's features: a pasted megabyte is judged on its first MaxChars characters.
        if (text.Length > MeasureFeatureText.MaxChars) text = text[..MeasureFeatureText.MaxChars];
        var lookup = new TermLookup(_searcher.TopReaderContext);
        var terms = SelectTerms(text, lookup);
        if (terms.Count == 0) return [];
        var weights = terms.Select(t => Weight(t.Term, t.Context)).ToArray();
        var ids = candidateIds.Distinct(StringComparer.Ordinal).ToList(); // an id listed twice is one candidate

        var scores = new float[ids.Count]; // BM25's idf is positive, so a candidate some term reaches scores above 0
        foreach (var (leaf, docs) in Locate(ids))
        {
            var reader = leaf.AtomicReader;
            foreach (var (field, _) in _fields)
            {
                var termsEnum = reader.GetTerms(field)?.GetEnumerator();
                if (termsEnum is null) continue;
                DocsEnum? postings = null; // one enumerator per segment and field, re-pointed at each term
                for (int t = 0; t < terms.Count; t++)
                {
                    var (term, context) = terms[t];
                    if (term.Field != field || context.Get(leaf.Ord) is not { } state) continue;
                    termsEnum.SeekExact(term.Bytes, state);
                    postings = termsEnum.Docs(reader.LiveDocs, postings, DocsFlags.FREQS);
                    var scorer = _searcher.Similarity.GetSimScorer(weights[t], leaf);
                    foreach (var (doc, index) in docs)
                    {
                        int at = postings.DocID < doc ? postings.Advance(doc) : postings.DocID;
                        if (at == DocIdSetIterator.NO_MORE_DOCS) break;
                        if (at != doc) continue;
                        // Summed in one fixed order (field, then term; Lucene's disjunction sums in heap order), so equal inputs give equal scores.
                        scores[index] += scorer.Score(doc, postings.Freq);
                    }
                }
            }
        }
        return Enumerable.Range(0, ids.Count).Where(i => scores[i] > 0)
            .OrderByDescending(i => scores[i]).ThenBy(i => ids[i], StringComparer.Ordinal).Select(i => ids[i]).ToList();
    }

    /// <summary>The terms <see cref="Rank"/> queries for <paramref name="text"/> (tests compare the ranking with Lucene's own query of them).</summary>
    internal IReadOnlyList<Term> QueryTerms(string text) =>
        SelectTerms(text, new TermLookup(_searcher.TopReaderContext)).Select(t => t.Term).ToList();

    /// <summary>BM25 statistics of one query term, normalised as a top-level <see cref="TermQuery"/> clause of a boolean query
    /// would be (BM25's query norm and coordination factor are 1, so a document's score is the sum of its terms' scores).</summary>
    Similarity.SimWeight Weight(Term term, TermContext context)
    {
        var stats = _searcher.Similarity.ComputeWeight(1f, CollectionStatistics(term.Field), _searcher.TermStatistics(term, context));
        stats.Normalize(1f, 1f);
        return stats;
    }

    CollectionStatistics CollectionStatistics(string field) =>
        _collectionStatistics.GetOrAdd(field, f => _searcher.CollectionStatistics(f));

    /// <summary>The live measure doc of each candidate id, grouped by segment and sorted by doc (ids in no segment are left out).</summary>
    /// <remarks>Each id is sought in the segments until found, one terms enumerator per segment: a candidate list is a few
    /// hundred ids, so this replaces a <c>TermsFilter</c>, which also seeks every id in every segment but then builds a bit set
    /// of each segment's size.</remarks>
    IEnumerable<(AtomicReaderContext Leaf, List<(int Doc, int Index)> Docs)> Locate(IReadOnlyList<string> ids)
    {
        var found = new List<(int Doc, int Index)>[_searcher.IndexReader.Leaves.Count];
        var pending = Enumerable.Range(0, ids.Count).ToList();
        var keys = ids.Select(id => new BytesRef(id)).ToArray();
        foreach (var leaf in _searcher.IndexReader.Leaves.OrderByDescending(l => l.AtomicReader.MaxDoc).ThenBy(l => l.Ord))
        {
            if (pending.Count == 0) break;
            var idTerms = leaf.AtomicReader.GetTerms(_idField)?.GetEnumerator();
            if (idTerms is null) continue;
            DocsEnum? reuse = null; // an enumerator serves one segment
            var left = new List<int>(pending.Count);
            foreach (int i in pending)
            {
                int doc = DocIdSetIterator.NO_MORE_DOCS;
                if (idTerms.SeekExact(keys[i]))
                {
                    reuse = idTerms.Docs(leaf.AtomicReader.LiveDocs, reuse, DocsFlags.NONE);
                    doc = reuse.NextDoc();
                }
                if (doc == DocIdSetIterator.NO_MORE_DOCS) left.Add(i);
                else (found[leaf.Ord] ??= []).Add((doc, i));
            }
            pending = left;
        }
        var leaves = _searcher.IndexReader.Leaves;
        for (int ord = 0; ord < found.Length; ord++)
        {
            if (found[ord] is not { } docs) continue;
            docs.Sort((a, b) => a.Doc.CompareTo(b.Doc));
            yield return (leaves[ord], docs);
        }
    }

    /// <summary>The <see cref="MaxQueryTerms"/> terms of the text with the highest tf·idf, each in the field where it is commonest.</summary>
    List<(Term Term, TermContext Context)> SelectTerms(string text, TermLookup lookup)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal); // insertion order = first seen
        foreach (var (field, analyzer) in _fields)
        {
            using var stream = analyzer.GetTokenStream(field, text);
            var termText = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                string t = termText.ToString();
                frequencies[t] = frequencies.GetValueOrDefault(t) + 1;
            }
            stream.End();
        }
        int numDocs = _searcher.IndexReader.NumDocs;
        var scored = new List<(string Word, int Field, float Score, int Order)>();
        foreach (var (word, tf) in frequencies)
        {
            var (wordsDf, gramsDf) = DocFreqs(word, lookup);
            // MoreLikeThis's rule: the field with the larger document frequency, the first field on a tie.
            var (field, docFreq) = gramsDf > wordsDf ? (1, gramsDf) : (0, wordsDf);
            if (docFreq == 0) continue; // in no measure: it cannot match anything
            scored.Add((word, field, tf * _idf.Idf(docFreq, numDocs), scored.Count));
        }
        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Order).Take(MaxQueryTerms)
            .Select(s => new Term(_fields[s.Field].Field, s.Word)).Select(t => (t, Context(t, lookup))).ToList();
    }

    /// <summary>The term's per-segment states, kept for the reader's life for the commonest query terms.</summary>
    /// <remarks>Finding a term's state in every segment is a terms-dictionary seek per segment (500 seeks for 50 terms over
    /// 10 segments at 1,000,000 measures); the grams of a measure recur in most queries. A context is read-only once built,
    /// so threads share it.</remarks>
    TermContext Context(Term term, TermLookup lookup)
    {
        var key = (term.Field, term.Text);
        if (_contexts.TryGetValue(key, out var known)) return known;
        var context = lookup.Context(term);
        if (_contexts.Count < MaxCachedContexts) _contexts.TryAdd(key, context);
        return context;
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Field, string Text), TermContext> _contexts = new();
    // About a kilobyte each at ten segments: the cache stays within tens of megabytes whatever the vocabulary.
    const int MaxCachedContexts = 32_768;

    (int Words, int Grams) DocFreqs(string word, TermLookup lookup)
    {
        if (_docFreqs.TryGetValue(word, out var known)) return known;
        int words = lookup.Context(new Term(_fields[0].Field, word)).DocFreq;
        // The grams side queries plain uni- and bigrams; the product index also holds trigrams around common bigrams (for
        // phrase speed), which the evaluation index does not, so a longer Han word is looked up as a word only.
        int grams = word.Length > 2 && word.All(IsCjkLetter) ? 0 : lookup.Context(new Term(_fields[1].Field, word)).DocFreq;
        if (_docFreqs.Count < MaxCachedTerms) _docFreqs.TryAdd(word, (words, grams));
        return (words, grams);
    }

    static bool IsCjkLetter(char c) => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherLetter
                                 && c >= '\u2E80';
}
