using System.Text;
using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Tests.JavaReference;
using Search.Tests.Support;
using Xunit.Abstractions;

namespace Search.Tests.Analysis;

/// <summary>Token-for-token parity with Java Lucene 4.10.4 SmartChineseAnalyzer, run in the same test.</summary>
public class SmartCnJavaParityTests(ITestOutputHelper output)
{
    static readonly SmartCnDictionary Dictionary = SmartCnDictionary.Load();

    [SkippableFact]
    public void Every_corpus_line_and_every_whole_document_equals_Java()
    {
        Skip.If(JavaSmartCnReference.Unavailable != null, JavaSmartCnReference.Unavailable);
        var inputs = new List<string>();
        foreach (var file in RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file, Encoding.UTF8);
            inputs.Add(text);
            inputs.AddRange(text.Split('\n'));
        }
        int lines = AssertParity(inputs);
        Assert.True(lines >= 469, $"only {lines} corpus inputs");
    }

    [SkippableFact]
    public void Six_thousand_generated_strings_equal_Java()
    {
        Skip.If(JavaSmartCnReference.Unavailable != null, JavaSmartCnReference.Unavailable);
        var words = Dictionary.Words().Where(w => w[0] >= 0x4E00 && w[0] <= 0x9FA5).ToList();
        var generator = new SmartCnInputGenerator(words, seed: 20261122);
        var inputs = Enumerable.Range(0, 6000).Select(_ => generator.Next()).ToList();
        AssertParity(inputs);
    }

    int AssertParity(List<string> inputs)
    {
        using var analyzer = new SmartCnAnalyzer(Dictionary);
        var java = JavaSmartCnReference.Analyze(inputs);
        var mismatches = new List<string>();
        long tokens = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var ours = AnalyzedText.Of(analyzer, inputs[i]);
            tokens += ours.Tokens.Count;
            string line = JavaSmartCnReference.Format(ours);
            if (line != java[i] && mismatches.Count < 5)
                mismatches.Add($"input: {JavaSmartCnReference.Escape(inputs[i][..Math.Min(200, inputs[i].Length)])}\n java: {JavaSmartCnReference.Readable(java[i])}\n ours: {JavaSmartCnReference.Readable(line)}");
            else if (line != java[i]) mismatches.Add("");
        }
        output.WriteLine($"{inputs.Count} inputs, {tokens} tokens, {mismatches.Count} mismatches");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {inputs.Count} inputs differ from Java:\n" + string.Join("\n", mismatches.Where(m => m.Length > 0)));
        return inputs.Count;
    }
}
