using System.Text.Json;
using Search.Analysis;
using Search.Evaluation.Synthesis;
using Search.Tests.Support;

namespace Search.Tests.Evaluation;

/// <summary>The synthetic corpus: deterministic, ingestible by the product, and its planted phrases found exactly by phrase search.</summary>
public sealed class SynthesisTests
{
    static readonly Lazy<CorpusSynthesizer> Synthesizer = new(() => new CorpusSynthesizer(SynthesisSource.FromCorpus(RepoPaths.Corpus)));

    [Fact]
    public void Same_seed_gives_same_documents_and_another_seed_does_not()
    {
        var options = new SynthesisOptions(50, Seed: 7);
        var a = Enumerable.Range(0, 50).Select(i => Synthesizer.Value.Generate(i, options).Text).ToList();
        var b = Enumerable.Range(0, 50).Select(i => Synthesizer.Value.Generate(i, options).Text).ToList();
        var c = Enumerable.Range(0, 50).Select(i => Synthesizer.Value.Generate(i, options with { Seed = 8 }).Text).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Planted_phrases_do_not_occur_in_the_real_corpus() => Synthesizer.Value.CheckPhrasesAreRare();

    [Fact]
    public void Traditional_forms_fold_back_to_the_input()
    {
        const string simplified = "控辍保学义务教育优质均衡发展学前教育普惠";
        string traditional = TraditionalScript.ToTraditional(simplified);
        Assert.NotEqual(simplified, traditional);
        Assert.Equal(simplified, TextFolder.ToSimplified(traditional));
    }

    [Fact]
    public void Sizes_stay_within_bounds_and_metadata_is_recognised_by_ingestion()
    {
        var options = new SynthesisOptions(200);
        var ingestor = new Search.Ingest.DocumentIngestor();
        int withDistrict = 0;
        for (int i = 0; i < 200; i++)
        {
            var doc = Synthesizer.Value.Generate(i, options);
            int bytes = System.Text.Encoding.UTF8.GetByteCount(doc.Text);
            Assert.InRange(bytes, options.MinBytes, options.MaxBytes + 12_000); // the header and one last measure may overshoot the target
            var ingested = ingestor.FromText(doc.Text, doc.Source);
            Assert.Equal(doc.Year, ingested.Metadata.Year);
            Assert.True(ingested.Measures.Count >= 3, $"document {i} has {ingested.Measures.Count} measures");
            if (ingested.Metadata.RegionCode == doc.DistrictCode) withDistrict++;
        }
        Assert.True(withDistrict >= 190, $"only {withDistrict}/200 documents resolved to their district");
    }

    [Fact]
    public void Phrase_search_returns_exactly_the_planted_documents()
    {
        using var temp = new TempCorpus(copyCorpus: false);
        string dir = Path.Combine(temp.Root, "synth");
        var (code, stdout, stderr) = CliRunner.Run(null, "synth", "--docs", "60", "--out", dir, "--seed", "3", "--json");
        Assert.True(code == 0, stderr);
        using (var summary = JsonDocument.Parse(stdout))
            Assert.Equal(60, summary.RootElement.GetProperty("documents").GetInt32());
        var manifest = SynthesisManifest.Read(Path.Combine(dir, SynthesisManifest.FileName));
        string corpus = Path.Combine(dir, CorpusSynthesizer.CorpusFolder), index = Path.Combine(dir, "index");
        (code, _, stderr) = CliRunner.Run(null, "index", "--corpus", corpus, "--index", index, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(PlantedPhrase.All.Count, manifest.Planted.Count);
        Assert.Contains(manifest.Planted, p => p.DocIds.Count > 1);
        foreach (var set in manifest.Planted)
        {
            (code, stdout, stderr) = CliRunner.Run(null, "search", $"\"{set.Phrase}\"", "--index", index, "--top", "100", "--json");
            Assert.True(code == 0, stderr);
            using var result = JsonDocument.Parse(stdout);
            var found = result.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("docId").GetString()!).Order().ToList();
            Assert.Equal(set.DocIds.Order().ToList(), found);
        }
    }
}
