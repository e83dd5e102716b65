using Search.Indexing;
using Search.Ingest;

namespace Search.Responses;

/// <summary>What an index run did (<c>index --json</c>, <c>POST /api/admin/reindex</c>).</summary>
/// <param name="SemanticWarning">Why no semantic index was written (similar measures and hybrid ranking are then off), or null.</param>
public sealed record IndexSummaryResponse(int Added, int Updated, int Deleted, int Unchanged, int Documents, int Measures,
    IReadOnlyList<IngestError> Failed, string? SemanticWarning)
{
    public static IndexSummaryResponse From(IndexSummary s) =>
        new(s.Added, s.Updated, s.Deleted, s.Unchanged, s.Documents, s.Measures, s.Failed, s.SemanticWarning);
}

/// <summary>The process is up and the index answers (<c>GET /healthz</c>): the size of the current commit.</summary>
public sealed record HealthResponse(string Status, int Documents, int Measures);
