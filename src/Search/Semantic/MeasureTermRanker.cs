using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using Search.Querying;

namespace Search.Semantic;

/// <summary>The BM25 side of the similar-measure hybrid: the MoreLikeThis terms of a measure text over its words and its CJK
/// bigrams, scored on given candidate measures only.</summary>
/// <remarks>
/// The terms are the ones Lucene's <c>MoreLikeThis.Like(docNum)</c> picks for an indexed measure with both fields: one
/// term-frequency map over both analyses, each term scored tf·idf (classic idf) in the field where it is commonest, the 50
/// best kept (ties: first seen). It is done here rather than with <c>MoreLikeThis</c> because that class looks up every
/// term's document frequency with a fresh terms enumerator per field and segment: 99 ms per call at 219,000 measures
/// (10,000 documents), where <see cref="TermLookup"/> reuses one enumerator per segment and field and hands the states to
/// the term queries. Scoring only the vector search's ~100 candidates (leap-frogging to them) keeps the search itself small.
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
        var like = new BooleanQuery();
        foreach (var (term, context) in SelectTerms(text, lookup))
            like.Add(new TermQuery(term, context), Occur.SHOULD);
        if (like.Clauses.Count == 0) return [];
        var filter = new TermsFilter(candidateIds.Select(id => new Term(_idField, id)).ToList());
        // Candidates first: the scorer skips to each candidate instead of walking every posting of the common terms.
        var hits = _searcher.Search(new FilteredQuery(like, filter, FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY), candidateIds.Count).ScoreDocs;
        var leaves = _searcher.IndexReader.Leaves;
        var scored = new List<(string Id, float Score)>(hits.Length);
        var bytes = new BytesRef();
        foreach (var hit in hits)
        {
            var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
            var ids = leaf.AtomicReader.GetSortedDocValues(_idField)
                ?? throw new InvalidOperationException($"measure docs have no '{_idField}' doc values");
            ids.Get(hit.Doc - leaf.DocBase, bytes);
            scored.Add((bytes.Utf8ToString(), hit.Score));
        }
        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToList();
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
            .Select(s => new Term(_fields[s.Field].Field, s.Word)).Select(t => (t, lookup.Context(t))).ToList();
    }

    (int Words, int Grams) DocFreqs(string word, TermLookup lookup)
    {
        if (_docFreqs.TryGetValue(word, out var known)) return known;
        int words = lookup.Context(new Term(_fields[0].Field, word)).DocFreq;
        // The grams side queries plain uni- and bigrams; the product index also holds trigrams around common bigrams (for
        // phrase speed), which the evaluation index does not, so a longer Han word is looked up as a word only.
        int grams = word.Length > 2 && word.All(IsHan) ? 0 : lookup.Context(new Term(_fields[1].Field, word)).DocFreq;
        if (_docFreqs.Count < MaxCachedTerms) _docFreqs.TryAdd(word, (words, grams));
        return (words, grams);
    }

    static bool IsHan(char c) => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherLetter
                                 && c >= '\u2E80';
}
