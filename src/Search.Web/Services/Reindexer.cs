using Microsoft.Extensions.Options;
using Search.Indexing;

namespace Search.Web.Services;

/// <summary>Runs the corpus indexer for the admin endpoint, one run at a time, and then points searches at the new commit.</summary>
/// <remarks>Searches keep answering from the commit they started on while the indexer writes; the refresh switches new searches
/// over only once the commit is complete.</remarks>
public sealed class Reindexer(PolicyLibrary library, IOptions<SearchWebOptions> options)
{
    readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The summary of the run, or null when another run is in progress.</summary>
    public async Task<IndexSummary?> TryRunAsync(CancellationToken cancel)
    {
        if (!await _running.WaitAsync(0, cancel)) return null;
        try
        {
            var settings = options.Value;
            var summary = await Task.Run(() => new CorpusIndexer(library.Engine.Analyzers).Run(settings.Corpus, settings.Index), CancellationToken.None);
            library.Engine.Index.Refresh();
            return summary;
        }
        finally
        {
            _running.Release();
        }
    }
}
