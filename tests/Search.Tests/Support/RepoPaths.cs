namespace Search.Tests.Support;

/// <summary>Locates the repository (and its corpus) from the test binary's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Corpus => Path.Combine(Root, "corpus");

    public static IReadOnlyList<string> CorpusFiles() =>
        Directory.GetFiles(Corpus, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".csv", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln"))) return dir.FullName;
        throw new InvalidOperationException("Search.sln not found above " + AppContext.BaseDirectory);
    }
}
