using Lucene.Net.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Analysis;

/// <summary>The "words" chain used for ranking: fold (Traditional→Simplified, width, NFKC, case) → SmartCn words → Porter → stop words.</summary>
/// <remarks>Folding first means SmartCn sees Simplified text, so 控輟保學 and 控辍保学 are cut the same way; offsets still point into the original text.</remarks>
public static class WordsAnalyzer
{
    public static Analyzer Create(SmartCnDictionary dictionary) => new SmartCnAnalyzer(dictionary, reader => new FoldingCharFilter(reader));
}
