using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Search.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Schema;

/// <summary>The analyzers an index is written and queried with: words (ranking), grams (exact recall), and the per-field wrapper the writer uses.</summary>
public sealed class SearchAnalyzers : IDisposable
{
    public Analyzer Words { get; }
    public Analyzer Grams { get; }
    /// <summary>Grams without interior unigrams, for the fields only document-level search reads (<see cref="GramsAnalyzer.ForDocuments"/>).</summary>
    public Analyzer DocumentGrams { get; }
    public Analyzer PerField { get; }

    public SearchAnalyzers(SmartCnOptions? options = null)
    {
        Words = WordsAnalyzer.Create(SmartCnDictionary.Load(options));
        Grams = new GramsAnalyzer();
        DocumentGrams = GramsAnalyzer.ForDocuments();
        PerField = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), new Dictionary<string, Analyzer>
        {
            [IndexFields.Text] = Words,
            [IndexFields.Title] = Words,
            [IndexFields.TextGrams] = GramsFor(IndexFields.TextGrams),
            [IndexFields.MeasureTitle] = Words,
            [IndexFields.MeasureTitleGrams] = GramsFor(IndexFields.MeasureTitleGrams),
            [IndexFields.DocText] = Words,
            [IndexFields.DocTextGrams] = GramsFor(IndexFields.DocTextGrams),
            [IndexFields.TitleGrams] = GramsFor(IndexFields.TitleGrams),
        });
    }

    Analyzer GramsFor(string field) => IndexFields.KeepsInteriorUnigrams(field) ? Grams : DocumentGrams;

    public void Dispose()
    {
        PerField.Dispose();
        Words.Dispose();
        Grams.Dispose();
        DocumentGrams.Dispose();
    }
}
