using Search.Analysis.SmartCn;
using Search.Schema;

namespace Search.Indexing;

/// <summary>Whether an index folder can serve as it is.</summary>
public enum IndexCondition
{
    /// <summary>A committed index of this build's format, whose semantic folder (if it names one) is readable.</summary>
    Current,
    /// <summary>No committed index.</summary>
    Missing,
    /// <summary>An index of another format: it is rebuilt.</summary>
    OtherFormat,
    /// <summary>The semantic folder the commit names is missing or of another format: it is fitted again, the documents kept.</summary>
    UnreadableSemantic,
}

/// <summary>The one "is the index current, else build it" that the CLI's <c>serve</c> and the web app both start with.</summary>
public static class IndexFreshness
{
    public static IndexCondition Check(string indexFolder) => CommitMetadata.Latest(indexFolder) switch
    {
        null => IndexCondition.Missing,
        { HasOtherFormat: true } => IndexCondition.OtherFormat,
        { SemanticFolderName: not null } when !EmbedStep.HasReadableFolder(indexFolder) => IndexCondition.UnreadableSemantic,
        _ => IndexCondition.Current,
    };

    /// <summary>Builds the index from the corpus, or repairs it, when it cannot serve as it is.</summary>
    /// <param name="report">Told what is done and why, then what the run did.</param>
    /// <param name="run">Runs the indexer (e.g. with a progress bar); by default plainly.</param>
    /// <returns>The summary of the run, or null when the index was current.</returns>
    public static IndexSummary? EnsureCurrent(string corpus, string index, SmartCnOptions? smartCn = null, Action<string>? report = null,
        Func<CorpusIndexer, IndexSummary>? run = null)
    {
        var condition = Check(index);
        if (condition == IndexCondition.Current) return null;
        if (!System.IO.Directory.Exists(corpus))
            throw new UserError($"no {(condition == IndexCondition.Missing ? "" : "readable ")}index at '{index}' and no corpus at '{corpus}' to build one from");
        report?.Invoke(condition switch
        {
            IndexCondition.Missing => $"no index at '{index}': indexing '{corpus}' first",
            IndexCondition.OtherFormat => $"the index at '{index}' has format {CommitMetadata.Latest(index)?.Format} (this build reads {IndexFormat.Version}): rebuilding it from '{corpus}' first",
            _ => $"the semantic folder of '{index}' was written in another format: re-fitting it from '{corpus}' first (unchanged documents are not re-indexed)",
        });
        using var analyzers = new SearchAnalyzers(smartCn);
        var indexer = new CorpusIndexer(analyzers);
        var summary = run is null ? indexer.Run(corpus, index) : run(indexer);
        report?.Invoke($"indexed {summary.Documents} documents, {summary.Measures} measures");
        return summary;
    }
}
