namespace Search.Tests.Support;

/// <summary>A throw-away copy of the real corpus plus an index folder, deleted after the test.</summary>
public sealed class TempCorpus : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "search-test-" + Guid.NewGuid().ToString("N")[..12]);
    public string Corpus => Path.Combine(Root, "corpus");
    public string Index => Path.Combine(Root, "index");

    public TempCorpus(bool copyCorpus = true)
    {
        Directory.CreateDirectory(Corpus);
        if (copyCorpus)
            foreach (var file in RepoPaths.CorpusFiles())
                System.IO.File.Copy(file, Path.Combine(Corpus, Path.GetRelativePath(RepoPaths.Corpus, file)));
    }

    public string File(string namePrefix) => Directory.GetFiles(Corpus, namePrefix + "*").Single();

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
