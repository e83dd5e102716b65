namespace Search.Evaluation.Synthesis;

/// <summary>A rare, invented string planted into a known set of synthetic documents so recall can be checked at any scale.</summary>
/// <param name="Rate">Share of documents that get it at random, besides its one anchor document (so every phrase occurs at least once).</param>
public sealed record PlantedPhrase(string Phrase, double Rate)
{
    /// <summary>The fixed list: from common (1 in 20) to a single document, so hit counts span several orders of magnitude.</summary>
    public static IReadOnlyList<PlantedPhrase> All { get; } =
    [
        new("滇池晨读共同体", 0.05),
        new("青苗护航双师课堂", 0.01),
        new("星火乡村教师驿站", 0.002),
        new("鹭岛研学走廊", 0.0005),
        new("雪域书香漂流站", 0),
        new("5G智慧课堂联盟", 0.01),
    ];
}
