using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Querying;

namespace Search;

/// <summary>The opened product: an index, the analyzers it was built with, and the query pipeline over them; shared by CLI and web.</summary>
public sealed class SearchEngine : IDisposable
{
    readonly LuceneQueryBuilder _builder;
    public SearchIndex Index { get; }
    public SearchAnalyzers Analyzers { get; }

    SearchEngine(SearchIndex index, SearchAnalyzers analyzers)
    {
        Index = index;
        Analyzers = analyzers;
        _builder = new LuceneQueryBuilder(analyzers.Words, analyzers.Grams, TextFolder.FoldToString);
    }

    /// <summary>Opens the index folder; a missing index is a user error that says to run <c>index</c>.</summary>
    public static SearchEngine Open(string indexFolder, SmartCnOptions? options = null)
    {
        var analyzers = new SearchAnalyzers(options);
        try
        {
            return new SearchEngine(SearchIndex.Open(indexFolder), analyzers);
        }
        catch
        {
            analyzers.Dispose();
            throw;
        }
    }

    /// <summary>Runs a query on the current commit; syntax errors come back in the outcome, not as exceptions.</summary>
    public SearchOutcome Search(SearchQuery query) =>
        Index.With(searcher => new PolicySearcher(searcher, _builder, TextFolder.FoldToString).Search(query));

    public void Dispose()
    {
        Index.Dispose();
        Analyzers.Dispose();
    }
}
