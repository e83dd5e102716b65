namespace Search.Semantic.Embedding;

/// <summary>How the ML.NET embedder featurizes and projects text; chosen by the evaluation in docs/EVALUATION.md.</summary>
/// <param name="CharNgramLength">Longest character n-gram (all shorter lengths included); 0 disables character features.</param>
/// <param name="UseWords">Add SmartCn word unigrams as a second TF-IDF block.</param>
/// <param name="WordBigrams">Also use adjacent word pairs in the word block.</param>
/// <param name="DenseRank">Upper bound of the PCA rank; the actual rank is min(DenseRank, measures − 1). 0 keeps the sparse TF-IDF vector.</param>
/// <param name="TopicRank">Rank of a second, low-rank PCA ("topics", as in LSA) appended beside the main vector; 0 for none.</param>
/// <param name="TopicWeight">How many times the topic block is repeated, i.e. its weight in the dot product relative to the main block.</param>
/// <param name="LeadWeight">Extra copies of the lead sentence (the clause that names the measure's instrument) added to the features; 0 treats all sentences alike.</param>
/// <param name="CharUnigrams">Include single characters in the character n-grams (otherwise only lengths ≥ 2).</param>
public sealed record EmbeddingRecipe(int CharNgramLength = 2, bool UseWords = true, bool WordBigrams = false, int DenseRank = 256, int TopicRank = 32, int TopicWeight = 1, int LeadWeight = 2, bool CharUnigrams = true)
{
    public static EmbeddingRecipe Default { get; } = new();

    public string Describe() =>
        $"chars{(CharUnigrams ? 1 : 2)}-{CharNgramLength}{(UseWords ? (WordBigrams ? "+words1-2" : "+words") : "")}" +
        (DenseRank > 0 ? $"+pca{DenseRank}" : "+sparse") + (TopicRank > 0 ? $"+topics{TopicRank}x{TopicWeight}" : "") + (LeadWeight > 0 ? $"+lead{LeadWeight}" : "");
}
