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
/// position too, after that position's bigram: exact chains step on it instead of reading 教育's positions. Likewise a run of four
/// characters listed in <see cref="CommonPhrases.EducationPlans"/> (立德树人, 义务教育) is one more term at its first character's position.
/// <para>Without interior unigrams (<see cref="ForDocuments"/>) only the last character of each CJK run, and a lone character,
/// keeps its unigram: every other character's position holds its bigram instead. A unigram inside a run repeats what the
/// bigram starting there already says (the character is there). A single-character search looks the character up as a
/// prefix of the grams at its position (<c>学</c>, <c>学X</c>, <c>学XY</c>), which finds exactly the positions the unigram did.</para>
/// </remarks>
public sealed class GramsAnalyzer : Analyzer
{
    /// <summary>Lucene compatibility version used by the chain.</summary>
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly CommonBigrams? _common;
    private readonly CommonPhrases? _phrases;
    private readonly bool _interiorUnigrams;

    /// <param name="common">Bigrams whose surrounding trigrams are emitted too (the index's grams fields use
    /// <see cref="CommonBigrams.EducationPlans"/>, the default); null for bigrams and run-final unigrams only.</param>
    /// <param name="interiorUnigrams">False: unigrams only where a CJK run ends (see remarks).</param>
    /// <param name="phrases">Four-character phrases indexed as one term each too; null for none.</param>
    public GramsAnalyzer(CommonBigrams? common, bool interiorUnigrams = true, CommonPhrases? phrases = null)
    {
        _common = common;
        _phrases = phrases;
        _interiorUnigrams = interiorUnigrams;
    }

    /// <summary>The grams of the fields only document-level search reads (document text, titles): no interior unigrams.</summary>
    /// <remarks>Measure text keeps them: the similar-measure hybrid weighs single characters by their measure frequencies
    /// (without them its development nDCG@5 fell from 0.89 to 0.82).</remarks>
    public static GramsAnalyzer ForDocuments() => new(CommonBigrams.EducationPlans, interiorUnigrams: false, CommonPhrases.EducationPlans);

    /// <summary>The grams analysis of measure text and of queries: unigrams, bigrams, the trigrams around common bigrams and the common phrases.</summary>
    public GramsAnalyzer() : this(CommonBigrams.EducationPlans, interiorUnigrams: true, CommonPhrases.EducationPlans) { }

    /// <inheritdoc />
    protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        // CJKBigramFilter(ALL, outputUnigrams: true) without its state cloning, plus the trigrams around the commonest bigrams and the common phrases.
        TokenStream stream = new CjkGramFilter(tokenizer, _common, _interiorUnigrams, _phrases);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
