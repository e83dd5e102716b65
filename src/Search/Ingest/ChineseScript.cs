using Search.Analysis;

namespace Search.Ingest;

/// <summary>Character-level Traditional→Simplified conversion for ingestion's pattern matching; the same Unihan table the analyzers fold with, one char to one char so offsets survive.</summary>
public static class ChineseScript
{
    public static char ToSimplified(char c) => TextFolder.ToSimplified(c);

    public static string ToSimplified(string text) => TextFolder.ToSimplified(text);
}
