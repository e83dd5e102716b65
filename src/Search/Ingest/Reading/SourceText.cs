namespace Search.Ingest.Reading;

/// <summary>The text read from one file, before cleaning, with the format and encoding it came in.</summary>
public sealed record SourceText(string Text, string Format, string? Encoding = null);

/// <summary>Bounds that keep one hostile or huge file from stalling a corpus run.</summary>
public sealed record ReadLimits
{
    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;
    /// <summary>Maximum total uncompressed size of an office archive (zip bombs).</summary>
    public long MaxExpandedBytes { get; init; } = 100L * 1024 * 1024;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public static ReadLimits Default { get; } = new();
}
