namespace Search.Schema;

/// <summary>The version of what an index holds: bumped whenever ingestion or the schema changes meaning, so an index of another
/// format is rebuilt by <c>index</c> and refused by readers instead of answering with the wrong terms.</summary>
/// <remarks>Format 11: measure and document docs as in <see cref="IndexFields"/>; grams fields hold the common four-character
/// phrases of <see cref="Search.Analysis.CjkGramFilter"/> as terms (and two adjacent ones as one eight-character term), and
/// keep unigrams only where a CJK run ends except on measure text; documents are read by their official structure (parts,
/// metadata sources, 成文日期 apart from 发布日期), and a measure's position gap stands before a Han marker written on to it.</remarks>
public static class IndexFormat
{
    public const string Version = "11";
}
