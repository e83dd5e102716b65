using Search.Evaluation.Synthesis;
using Search.Indexing;
using Search.Schema;
using Search.Tests.Support;

namespace Search.Tests.Responses;

/// <summary>A synthetic corpus of more than 2,000 documents (the old cap of the whole-result views) plus a document covering two
/// years and an undated one, indexed once (full text only) and opened as the shells open it.</summary>
public sealed class LargeCorpusFixture : IDisposable
{
    public const int Synthetic = 2_100;
    readonly TempCorpus _temp = new(copyCorpus: false);
    public PolicyLibrary Library { get; }
    public string Corpus => _temp.Corpus;

    public const string MultiYear = """
        某县教育局2022—2023年控辍保学工作计划

        一、工作目标
        （一）完善控辍保学台账，2022年底前实现动态清零。
        （二）健全控辍保学联控联保机制，2023年巩固成果。
        二、保障措施
        （一）加强督导检查，确保各项教育工作落实到位。
        """;

    public const string Undated = """
        某区教育局教育工作要点

        一、重点工作
        （一）落实控辍保学责任，做好劝返复学工作。
        （二）推进义务教育优质均衡发展。
        """;

    public const string YearOnly = """
        某区教育局2022年控辍保学工作要点

        一、重点工作
        （一）落实控辍保学责任，做好劝返复学工作。
        （二）推进义务教育优质均衡发展。
        """;

    public LargeCorpusFixture()
    {
        var synthesizer = new CorpusSynthesizer(SynthesisSource.FromCorpus(RepoPaths.Corpus));
        var options = new SynthesisOptions(Synthetic, Seed: 5);
        for (int i = 0; i < Synthetic; i++)
        {
            var doc = synthesizer.Generate(i, options);
            var path = Path.Combine(Corpus, doc.Source);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, doc.Text);
        }
        File.WriteAllText(Path.Combine(Corpus, "zz_multi_year.txt"), MultiYear);
        File.WriteAllText(Path.Combine(Corpus, "zz_undated.txt"), Undated);
        File.WriteAllText(Path.Combine(Corpus, "zz_year_only.txt"), YearOnly);
        using (var analyzers = new SearchAnalyzers()) new CorpusIndexer(analyzers, semantic: false).Run(Corpus, _temp.Index);
        Library = PolicyLibrary.Open(_temp.Index, Corpus);
    }

    public void Dispose()
    {
        Library.Dispose();
        _temp.Dispose();
    }
}
