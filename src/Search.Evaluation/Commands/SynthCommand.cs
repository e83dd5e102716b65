using System.CommandLine;
using Search.Responses;
using Search.Evaluation.Synthesis;

namespace Search.Evaluation.Commands;

/// <summary><c>synth --docs N --out DIR [--seed S]</c>: a deterministic synthetic corpus (DIR/corpus) with a planted-phrase manifest (DIR/planted.json).</summary>
public static class SynthCommand
{
    public static Command Create(EvaluationOptions o)
    {
        var docs = new Option<int>("--docs") { Description = "Number of documents", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder: documents go to DIR/corpus, the manifest to DIR/planted.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed; the same arguments always give the same files", DefaultValueFactory = _ => 1 };
        var command = new Command("synth", "Write a synthetic corpus built from the real corpus's measures over real districts, with planted phrases") { docs, output, seed };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(docs);
            if (n < 1 || n > 10_000_000) throw new UserError("--docs must be between 1 and 10,000,000");
            var manifest = Synthesize(parse.GetValue(o.Corpus)!, parse.GetValue(output)!, new SynthesisOptions(n, parse.GetValue(seed)));
            if (parse.GetValue(o.Json)) Console.WriteLine(ContractJson.Serialize(new { documents = manifest.Documents, bytes = manifest.Bytes }));
            else
            {
                Console.WriteLine($"{manifest.Documents} documents, {manifest.Bytes / 1e6:F1} MB, {manifest.TraditionalDocuments} in Traditional characters");
                foreach (var p in manifest.Planted) Console.WriteLine($"planted \"{p.Phrase}\" in {p.DocIds.Count} documents");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Reads the real corpus and writes the synthetic one; shared with <c>bench</c>.</summary>
    public static SynthesisManifest Synthesize(string realCorpus, string outDir, SynthesisOptions options)
    {
        var synthesizer = new CorpusSynthesizer(SynthesisSource.FromCorpus(realCorpus));
        synthesizer.CheckPhrasesAreRare();
        return synthesizer.Write(outDir, options);
    }
}
