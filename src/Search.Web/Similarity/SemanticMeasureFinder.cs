using Search.Indexing;
using Search.Semantic;
using Search.Web.Services;

namespace Search.Web.Similarity;

/// <summary>Similar measures from the ML.NET embedding index that the current Lucene commit names; follows re-indexing, and falls back to
/// MoreLikeThis only when the index has no semantic folder (a corpus with fewer than two measures).</summary>
public sealed class SemanticMeasureFinder(PolicyLibrary library, MoreLikeThisMeasureFinder fallback) : ISimilarMeasureFinder, IDisposable
{
    readonly object _gate = new();
    SemanticIndex? _index;
    string? _folder;
    DateTime _checked = DateTime.MinValue;

    public IReadOnlyList<SimilarMeasure> Find(string measureId, int top)
    {
        var index = Current();
        if (index is null) return fallback.Find(measureId, top);
        if (!index.Store.TryGetRow(measureId, out _)) return [];
        return index.FindSimilar(SimilarTarget.ForMeasure(measureId), new SimilarOptions { Top = top })
            .Select(m => new SimilarMeasure(m.Id, m.DocId, m.Source, m.District ?? "", m.Path, m.Text, (float)m.Score, m.SharedTerms))
            .ToList();
    }

    /// <summary>The open semantic index, re-opened when a new commit names another folder (checked at most once a second).</summary>
    SemanticIndex? Current()
    {
        lock (_gate)
        {
            if (DateTime.UtcNow - _checked < TimeSpan.FromSeconds(1)) return _index;
            _checked = DateTime.UtcNow;
            string? folder = CorpusIndexer.SemanticFolder(library.Options.Index);
            if (folder == _folder) return _index;
            var previous = _index;
            _index = folder is null ? null : SemanticIndex.Open(folder);
            _folder = folder;
            // The old memory maps stay valid for calls already using them; they are released with the GC'd index.
            GC.KeepAlive(previous);
            return _index;
        }
    }

    public void Dispose()
    {
        lock (_gate) _index?.Dispose();
    }
}
