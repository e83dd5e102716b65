namespace Search.Semantic.Similar;

/// <summary>What to find measures similar to: an indexed measure (by id) or free text.</summary>
public abstract record SimilarTarget
{
    public static SimilarTarget ForMeasure(string id) => new MeasureTarget(id);
    public static SimilarTarget ForText(string text) => new TextTarget(text);
}

/// <summary>An indexed measure as the target.</summary>
public sealed record MeasureTarget(string Id) : SimilarTarget;

/// <summary>Free text as the target.</summary>
public sealed record TextTarget(string Text) : SimilarTarget;

/// <summary>How many similar measures to return and which rows may be returned.</summary>
public sealed record SimilarOptions
{
    public int Top { get; init; } = 10;
    /// <summary>Leave out the target measure's own district (the point of "similar elsewhere"); ignored for free text.</summary>
    public bool OtherDistrictsOnly { get; init; } = true;
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    public int? Year { get; init; }
    public string? Type { get; init; }
    /// <summary>Hits whose vectors are at least this close to a better hit are dropped as near-duplicates; ≥ 1 keeps everything.</summary>
    public float NearDuplicate { get; init; } = 0.92f;
    public bool Explain { get; init; } = true;
    /// <summary>Weight of the passage score: the best cosine between the target's lead sentence and any sentence of the candidate.</summary>
    public double PassageWeight { get; init; } = SimilarMeasures.DefaultPassageWeight;
    /// <summary>Weight of the first scan's best hits added to the query vector before the final scan (pseudo-relevance
    /// feedback; 0 = one scan).</summary>
    public double FeedbackWeight { get; init; } = SimilarMeasures.DefaultFeedbackWeight;
}

/// <summary>A measure found similar, with the words that explain the match.</summary>
/// <param name="Score">What the list is ordered by: the hybrid's fused score (1 = first by both the embedding and BM25) when
/// BM25 took part, else <see cref="Similarity"/>.</param>
public sealed record SimilarMeasure(
    string Id, string DocId, string Source, string? District, string Path, string Text, double Score, IReadOnlyList<string> SharedTerms)
{
    /// <summary>The embedding's similarity: cosine of the measure vectors plus the weighted passage score (so up to 1 + passage weight).</summary>
    public double Similarity { get; init; } = Score;

    /// <summary>Where the shared terms occur in <see cref="Text"/>.</summary>
    public IReadOnlyList<Search.Querying.MarkRange> Marks { get; init; } = [];

    /// <summary>Where the shared terms occur in the target's text.</summary>
    public IReadOnlyList<Search.Querying.MarkRange> TargetMarks { get; init; } = [];
}

/// <summary>A document found similar, scored by the cosine of its measures' centroid with the target's.</summary>
public sealed record SimilarDocument(string DocId, string Source, string? District, double Score, int Measures);
