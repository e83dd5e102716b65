using Search.Querying;

namespace Search;

/// <summary>An error the user caused and can fix (bad option, missing file, malformed query); shown as one line, exit code 2,
/// HTTP 400.</summary>
public class UserError(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An id that is well formed but names nothing in the index (HTTP 404).</summary>
public sealed class UnknownIdError(string message) : UserError(message);

/// <summary>Another indexer is writing to the index folder (HTTP 409: try again when it has finished).</summary>
public sealed class IndexLockedError(string message, Exception? inner = null) : UserError(message, inner);

/// <summary>A query that does not parse, with where it went wrong so a page can point at it.</summary>
public sealed class QuerySyntaxException(QuerySyntaxError error, string query) : UserError(error.ToOneLine(query))
{
    public QuerySyntaxError Error { get; } = error;
    public string Query { get; } = query;
}
