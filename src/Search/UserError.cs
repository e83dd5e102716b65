namespace Search;

/// <summary>An error the user caused and can fix (bad option, missing file, malformed query); shown as one line, exit code 2.</summary>
public class UserError(string message, Exception? inner = null) : Exception(message, inner);
