using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Ingest;
using Search.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexing;

/// <summary>What one <c>index</c> run did.</summary>
public sealed record IndexSummary(int Added, int Updated, int Deleted, int Unchanged, int Documents, int Measures, IReadOnlyList<IngestError> Failed)
{
    /// <summary>Why no semantic index was written with this commit (similar measures and hybrid ranking are then off), or null.</summary>
    public string? SemanticWarning { get; init; }

    /// <summary>The run's counts with the document and measure totals of the latest commit.</summary>
    internal static IndexSummary Of(LuceneDirectory directory, int added, int updated, int deleted, int unchanged, IReadOnlyList<IngestError> failed)
    {
        using var reader = DirectoryReader.Open(directory);
        var (documents, measures) = IndexCounts.Of(new IndexSearcher(reader));
        return new IndexSummary(added, updated, deleted, unchanged, documents, measures, failed);
    }
}

/// <summary>Progress of an index run: files ingested so far out of those that needed it (<see cref="Stage"/> is
/// <see cref="Files"/>), then the stages of the semantic build, counted in measures.</summary>
public readonly record struct IndexProgress(int Done, int Total, string Source, string Stage = IndexProgress.Files)
{
    public const string Files = "indexing";
}
