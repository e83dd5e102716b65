using Search.Ingest;
using Search.Semantic;
using Search.Tests.Support;

namespace Search.Tests.Semantic;

/// <summary>The real corpus ingested once and its semantic index built once into a temp folder, shared by the semantic tests.</summary>
public sealed class SemanticCorpusFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "search-semantic-test-" + Guid.NewGuid().ToString("N")[..12]);
    public string Folder => Path.Combine(Root, "semantic-1");
    public IReadOnlyList<PolicyDocument> Documents { get; }
    public SemanticIndex Index { get; }
    public TimeSpan BuildTime { get; }

    public SemanticCorpusFixture()
    {
        Documents = new DocumentIngestor().IngestCorpus(RepoPaths.Corpus).Where(o => o.Succeeded).Select(o => o.Document!).ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        SemanticIndexBuilder.Build(Documents, Folder);
        BuildTime = sw.Elapsed;
        Index = SemanticIndex.Open(Folder);
    }

    public string JudgedPath => Search.Evaluation.Judged.JudgedSet.Shipped("judged-similar.json");

    /// <summary>The second held-out set, written blind (docs/EVALUATION.md).</summary>
    public string SecondTestPath => Search.Evaluation.Judged.JudgedSet.Shipped("judged-similar-test2.json");

    /// <summary>Both held-out sets: what `eval` scores by default and what the targets are judged on.</summary>
    public IReadOnlyList<string> HeldOutPaths => [JudgedPath, SecondTestPath];

    /// <summary>The id of the one measure of the document from <paramref name="sourcePrefix"/> whose folded text contains <paramref name="substring"/>.</summary>
    public string MeasureId(string sourcePrefix, string substring) =>
        Index.Store.Rows.Single(r => r.Source.StartsWith(sourcePrefix, StringComparison.Ordinal)
                                     && Search.Analysis.TextFolder.FoldToString(r.Text).Contains(substring, StringComparison.Ordinal)).Id;

    public void Dispose()
    {
        Index.Dispose();
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SemanticCorpusCollection : ICollectionFixture<SemanticCorpusFixture>
{
    public const string Name = "semantic corpus";
}
