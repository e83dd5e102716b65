using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Search.Analysis;

/// <summary>
/// The "grams" analysis chain: <see cref="FoldingCharFilter"/> → StandardTokenizer → CJK unigrams and
/// bigrams of adjacent CJK chars; Latin/digit runs stay whole (already lower-cased by folding),
/// punctuation is dropped. Offsets point into the original, unfolded text.
/// </summary>
/// <remarks>
/// StandardTokenizer (UAX #29) emits each Han char as its own &lt;IDEOGRAPHIC&gt; token (Ext-A/Ext-B
/// included) and the bigram filter (<see cref="CjkGramFilter"/>, token for token Lucene's CJKBigramFilter) joins neighbours only when their offsets touch, so punctuation or a
/// Latin word between two Han chars breaks the bigram chain. Hiragana, Katakana and Hangul are
/// bigrammed as well (the filter's default script set), so Japanese/Korean fragments still match by phrase.
/// </remarks>
public sealed class GramsAnalyzer : Analyzer
{
    /// <summary>Lucene compatibility version used by the chain.</summary>
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <inheritdoc />
    protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new CjkGramFilter(tokenizer); // = CJKBigramFilter(ALL, outputUnigrams: true), without its state cloning
        return new TokenStreamComponents(tokenizer, stream);
    }
}
