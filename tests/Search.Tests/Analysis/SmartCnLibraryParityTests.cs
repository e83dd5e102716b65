using System.Diagnostics;
using System.Text;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Analysis.SmartCn;
using Search.Tests.JavaReference;
using Search.Tests.Support;
using Xunit.Abstractions;

namespace Search.Tests.Analysis;

/// <summary>Our segmenter against the Lucene.Net port of SmartChineseAnalyzer (NuGet Lucene.Net.Analysis.SmartCn), which the
/// package feed serves since late 2026: where the two differ, Java's SmartCn decides.</summary>
/// <remarks>Why the product keeps its own segmenter although a port is served: the port is not token-for-token equal to Java's
/// SmartCn (it breaks sentences with ICU rules, Java with the JDK's), and ours is several times faster on the same input
/// (docs/BENCHMARKS.md, "Analysis throughput"). These tests record both facts.</remarks>
public class SmartCnLibraryParityTests(ITestOutputHelper output)
{
    static readonly SmartCnDictionary Dictionary = SmartCnDictionary.Load();

    [Fact]
    public void Every_corpus_line_segments_as_the_Lucene_Net_port_segments_it()
    {
        var lines = RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllText(f, Encoding.UTF8).Split('\n')).ToList();
        var (differing, tokens) = Compare(lines);
        Assert.True(tokens > 15_000, $"only {tokens} tokens compared");
        Assert.Empty(differing);
    }

    [SkippableFact]
    public void Where_the_Lucene_Net_port_differs_from_ours_Java_agrees_with_ours()
    {
        Skip.If(JavaSmartCnReference.Unavailable != null, JavaSmartCnReference.Unavailable);
        var inputs = RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f, Encoding.UTF8)).ToList();
        var words = Dictionary.Words().Where(w => w[0] >= 0x4E00 && w[0] <= 0x9FA5).ToList();
        var generator = new SmartCnInputGenerator(words, seed: 20261202);
        inputs.AddRange(Enumerable.Range(0, 3000).Select(_ => generator.Next()));
        var (differing, _) = Compare(inputs);
        var java = JavaSmartCnReference.Analyze(differing.Select(d => inputs[d.Index]).ToList());
        Assert.NotEmpty(inputs);
        for (int i = 0; i < differing.Count; i++)
            Assert.True(java[i] == differing[i].Ours, $"Java sides with the port on input {differing[i].Index}:\n java: {JavaSmartCnReference.Readable(java[i])}\n ours: {JavaSmartCnReference.Readable(differing[i].Ours)}");
        output.WriteLine($"{inputs.Count} inputs, the port differs from Java and ours on {differing.Count}");
    }

    /// <summary>The inputs on which our analyzer and the port disagree (with our formatted output), and the tokens compared.</summary>
    (List<(int Index, string Ours)> Differing, long Tokens) Compare(IReadOnlyList<string> inputs)
    {
        using var ours = new SmartCnAnalyzer(Dictionary);
        using var port = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48);
        var differing = new List<(int, string)>();
        long tokens = 0;
        var oursTime = new Stopwatch();
        var portTime = new Stopwatch();
        for (int i = 0; i < inputs.Count; i++)
        {
            portTime.Start();
            var expected = AnalyzedText.Of(port, inputs[i]);
            portTime.Stop();
            oursTime.Start();
            var actual = AnalyzedText.Of(ours, inputs[i]);
            oursTime.Stop();
            tokens += actual.Tokens.Count;
            string formatted = JavaSmartCnReference.Format(actual);
            if (formatted != JavaSmartCnReference.Format(expected)) differing.Add((i, formatted));
        }
        output.WriteLine($"{inputs.Count} inputs, {tokens} tokens, {differing.Count} differ; ours {oursTime.ElapsedMilliseconds} ms, port {portTime.ElapsedMilliseconds} ms (first use included)");
        return (differing, tokens);
    }
}
