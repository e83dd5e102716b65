using Search.Indexing;
using Search.Schema;

namespace Search.Web.Tests.Support;

/// <summary>A copy of the repository's corpus (plus a file full of markup, for XSS tests) in a temp folder, indexed once.</summary>
public sealed class IndexedCorpus : IDisposable
{
    /// <summary>A term only the markup file contains.</summary>
    public const string XssQuery = "网络安全演练";

    /// <summary>A corpus file whose measures carry script and image-onerror markup; they must always show as text.</summary>
    public const string XssFile = """
        网络安全宣传周活动方案

        一、活动内容
        （一）开展网络安全演练。<script>alert(1)</script>各学校组织网络安全演练，提高师生防范意识。
        （二）排查校园网络隐患。<img src=x onerror=alert(1)>建立网络隐患台账，及时整改。
        二、工作要求
        （一）各单位要高度重视网络安全演练工作，确保取得实效。
        """;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "search-web-tests-" + Guid.NewGuid().ToString("N")[..12]);
    public string Corpus => Path.Combine(Root, "corpus");
    public string Index => Path.Combine(Root, "index");

    public IndexedCorpus() : this(includeRepositoryCorpus: true) { }

    /// <param name="extraFiles">More corpus files (name → text) to index with the rest.</param>
    public IndexedCorpus(bool includeRepositoryCorpus, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        Directory.CreateDirectory(Corpus);
        if (includeRepositoryCorpus)
            foreach (var file in Directory.GetFiles(RepoPaths.Corpus, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(Corpus, Path.GetRelativePath(RepoPaths.Corpus, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        File.WriteAllText(Path.Combine(Corpus, "zz_markup.txt"), XssFile);
        foreach (var (name, text) in extraFiles ?? new Dictionary<string, string>()) File.WriteAllText(Path.Combine(Corpus, name), text);
        using var analyzers = new SearchAnalyzers();
        new CorpusIndexer(analyzers).Run(Corpus, Index);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Locates the repository (and its corpus) from the test binary's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Corpus => Path.Combine(Root, "corpus");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln"))) return dir.FullName;
        throw new InvalidOperationException("Search.sln not found above " + AppContext.BaseDirectory);
    }
}
