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
/// A trigram that contains one of <see cref="CommonBigrams.EducationPlans"/> (动教育, 教育优) is emitted at its first character's
/// position too, after that position's bigram: exact chains step on it instead of reading 教育's positions.
/// </remarks>
public sealed class GramsAnalyzer : Analyzer
{
    /// <summary>Lucene compatibility version used by the chain.</summary>
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly CommonBigrams? _common;

    /// <param name="common">Bigrams whose surrounding trigrams are emitted too (the index's grams fields use
    /// <see cref="CommonBigrams.EducationPlans"/>, the default); null for plain unigrams and bigrams.</param>
    public GramsAnalyzer(CommonBigrams? common) => _common = common;

    /// <summary>The grams analysis the index uses.</summary>
    public GramsAnalyzer() : this(CommonBigrams.EducationPlans) { }

    /// <inheritdoc />
    protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        // CJKBigramFilter(ALL, outputUnigrams: true) without its state cloning, plus the trigrams around the commonest bigrams.
        TokenStream stream = new CjkGramFilter(tokenizer, _common);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
