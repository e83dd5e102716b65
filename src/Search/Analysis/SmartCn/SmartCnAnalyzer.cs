using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Search.Analysis.SmartCn;

/// <summary>Equal to Java Lucene 4.10.4 <c>SmartChineseAnalyzer</c>: SmartCn tokenizer → Porter stemmer → SmartCn stop words.</summary>
public sealed class SmartCnAnalyzer(SmartCnDictionary dictionary, Func<TextReader, TextReader>? charFilter = null) : Analyzer
{
    readonly CharArraySet _stopWords = new(LuceneVersion.LUCENE_48, dictionary.StopWords.ToList(), ignoreCase: false);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new SmartCnTokenizer(dictionary, reader);
        TokenStream stream = new PorterStemFilter(tokenizer);
        stream = new StopFilter(LuceneVersion.LUCENE_48, stream, _stopWords);
        return new TokenStreamComponents(tokenizer, stream);
    }

    protected override TextReader InitReader(string fieldName, TextReader reader) => charFilter?.Invoke(reader) ?? reader;
}
