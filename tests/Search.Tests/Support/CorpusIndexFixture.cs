using Search.Indexing;
using Search.Schema;

namespace Search.Tests.Support;

/// <summary>The real corpus indexed once per test class that asks for it (xunit class fixture).</summary>
public sealed class CorpusIndexFixture : IDisposable
{
    readonly TempCorpus _temp = new();
    public SearchEngine Engine { get; }
    public IndexSummary Summary { get; }
    public string Corpus => _temp.Corpus;
    public string IndexFolder => _temp.Index;

    public CorpusIndexFixture()
    {
        using (var analyzers = new SearchAnalyzers())
            Summary = new CorpusIndexer(analyzers).Run(_temp.Corpus, _temp.Index);
        Engine = SearchEngine.Open(_temp.Index);
    }

    /// <summary>The document id of the corpus file whose name starts with the prefix (000_, 001_, ...).</summary>
    public string DocId(string prefix) => Search.Ingest.DocumentIngestor.DocumentId(Path.GetFileName(_temp.File(prefix)));

    public void Dispose()
    {
        Engine.Dispose();
        _temp.Dispose();
    }
}

/// <summary>Simplified → Traditional at character level: the inverse of the folding table (smallest Traditional code point wins), for Traditional variants of test strings.</summary>
public static class TraditionalForms
{
    static readonly Dictionary<char, char> Inverse = Build();

    static Dictionary<char, char> Build()
    {
        var inverse = new Dictionary<char, char>();
        foreach (var (traditional, simplified) in Search.Analysis.FoldTables.Instance.TraditionalToSimplified.OrderBy(p => p.Key))
            if (traditional <= 0xFFFF && simplified <= 0xFFFF && !inverse.ContainsKey((char)simplified))
                inverse[(char)simplified] = (char)traditional;
        return inverse;
    }

    public static string Of(string simplified) => string.Concat(simplified.Select(c => Inverse.GetValueOrDefault(c, c)));
}
