using System.Diagnostics;
using System.Text;
using Search.Ingest;
using Search.Ingest.Reading;
using Search.Tests.Ingest;
using Search.Tests.Support;
using Xunit.Abstractions;

namespace Search.Tests.Reliability;

/// <summary>Mutated txt/html/docx/pdf files and random texts never crash or hang ingestion: each gives a document or one clear error, within a time bound.</summary>
/// <remarks>CI tries a few hundred inputs; <c>SEARCH_FUZZ_INPUTS=5000 ./test.sh --filter ReaderFuzz</c> runs the full set.</remarks>
[Collection(ExternalToolsCollection.Name)]
public class ReaderFuzzTests(ITestOutputHelper output)
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("SEARCH_FUZZ_INPUTS"), out var v) && v > 0 ? v : 120;

    [Theory]
    [InlineData(".txt")]
    [InlineData(".html")]
    [InlineData(".docx")]
    [InlineData(".pdf")]
    [InlineData(".doc")]
    [InlineData(".wps")]
    [InlineData(".png")]
    public void Mutated_files_give_a_document_or_a_clear_error(string extension)
    {
        var seeds = Seeds(extension);
        // Word 97/WPS files start LibreOffice and images tesseract, seconds each: a handful in CI, SEARCH_FUZZ_INPUTS for more.
        int inputs = extension is ".doc" or ".wps" or ".png" ? Math.Max(4, Inputs / 20) : Inputs;
        var random = new Random(extension switch { ".txt" => 11, ".html" => 22, ".docx" => 33, ".doc" => 55, ".wps" => 66, ".png" => 77, _ => 44 });
        string dir = Path.Combine(Path.GetTempPath(), "search-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var ingestor = new DocumentIngestor();
        int documents = 0, errors = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long slowestMs = 0;
        try
        {
            for (int i = 0; i < inputs; i++)
            {
                byte[] input = Mutate(seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)], random);
                string path = Path.Combine(dir, $"f{i}{extension}");
                File.WriteAllBytes(path, input);
                var sw = Stopwatch.StartNew();
                var work = Task.Run(() =>
                {
                    try { return ingestor.Ingest(path, dir) is { } d ? "doc" : "null"; }
                    catch (UserError e) { return "error: " + e.Message[(e.Message.IndexOf(':') + 1)..].Trim(); }
                });
                var bound = extension is ".doc" or ".wps" or ".png" ? ReadLimits.Default.Timeout + ReadLimits.Default.ToolTimeout * 2 + TimeSpan.FromSeconds(10) : Bound;
                Assert.True(work.Wait(bound), $"input {i} ({input.Length} bytes) did not finish in {bound.TotalSeconds} s");
                if (work.Result == "doc") documents++; else { errors++; reasons[Reason(work.Result)] = reasons.GetValueOrDefault(Reason(work.Result)) + 1; }
                slowestMs = Math.Max(slowestMs, sw.ElapsedMilliseconds);
                File.Delete(path);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        output.WriteLine($"{extension}: {inputs} inputs, {documents} documents, {errors} clear errors, slowest {slowestMs} ms");
        foreach (var (reason, count) in reasons) output.WriteLine($"  {count} × {reason}");
        Assert.Equal(inputs, documents + errors);
    }

    [Fact]
    public void Random_texts_go_through_clean_outline_describe_without_exceptions()
    {
        var random = new Random(99);
        var corpus = string.Concat(RepoPaths.CorpusFiles().Select(File.ReadAllText));
        var ingestor = new DocumentIngestor();
        int measures = 0;
        for (int i = 0; i < Inputs * 2; i++)
        {
            var sb = new StringBuilder();
            int pieces = random.Next(1, 40);
            for (int k = 0; k < pieces; k++)
            {
                if (random.Next(3) == 0) sb.Append((char)random.Next(0, 0x10000));
                else { int start = random.Next(corpus.Length - 200); sb.Append(corpus, start, random.Next(1, 200)); }
                if (random.Next(4) == 0) sb.Append(random.Next(3) switch { 0 => "\n一、", 1 => "\n（三）", _ => "\n2." });
            }
            var document = ingestor.FromText(sb.ToString(), $"random-{i}.txt");
            Assert.All(document.Measures, m => Assert.Equal(document.CleanText[m.Start..m.End].Length, m.End - m.Start));
            measures += document.Measures.Count;
        }
        output.WriteLine($"{Inputs * 2} random texts, {measures} measures");
    }

    /// <summary>The error message without file-specific details, to tally what kinds of errors the mutations cause.</summary>
    static string Reason(string error) => new string(error.TakeWhile(c => c != '(' && !char.IsDigit(c)).ToArray()).Trim();

    static List<byte[]> Seeds(string extension)
    {
        var texts = RepoPaths.CorpusFiles().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        return extension switch
        {
            ".txt" => texts.Select(Encoding.UTF8.GetBytes).Concat(texts.Take(1).Select(t => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(t)).ToArray())).ToList(),
            ".html" => texts.Select(t => Encoding.UTF8.GetBytes($"<html><head><title>t</title><script>var x=1;</script></head><body><nav>首页 | 机构</nav><article>{System.Net.WebUtility.HtmlEncode(t).Replace("\n", "<br>\n")}</article><footer>主办单位</footer></body></html>")).ToList(),
            ".docx" => texts.Take(2).Select(t => VariantTests.Docx(t.Split('\n'))).ToList(),
            ".doc" => [File.ReadAllBytes(FormatTests.Fixture("liunan-2022.doc"))],
            ".wps" => [File.ReadAllBytes(FormatTests.Fixture("xincheng-2021.wps"))],
            ".png" => [File.ReadAllBytes(FormatTests.Fixture("xincheng-2021-scan.png"))],
            _ => [MalformedInputTests.Pdf("Education work plan 2020. 1. Build schools. 2. Train teachers.")],
        };
    }

    /// <summary>Bit flips, truncation, deleted/duplicated/inserted chunks, and splices of two seeds.</summary>
    static byte[] Mutate(byte[] a, byte[] b, Random random)
    {
        var data = new List<byte>(a);
        int operations = random.Next(1, 6);
        for (int op = 0; op < operations && data.Count > 1; op++)
        {
            int pos = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0: data[pos] ^= (byte)(1 << random.Next(8)); break;
                case 1: data.RemoveRange(pos, data.Count - pos); break;
                case 2: data.RemoveRange(pos, Math.Min(random.Next(1, 512), data.Count - pos)); break;
                case 3:
                    int len = Math.Min(random.Next(1, 2048), data.Count - pos);
                    data.InsertRange(random.Next(data.Count), data.GetRange(pos, len));
                    break;
                case 4:
                    var junk = new byte[random.Next(1, 64)];
                    random.NextBytes(junk);
                    data.InsertRange(pos, junk);
                    break;
                default:
                    int cut = random.Next(b.Length);
                    data.RemoveRange(pos, data.Count - pos);
                    data.AddRange(b.Skip(cut));
                    break;
            }
        }
        return data.ToArray();
    }
}
