using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Tests.Analysis;

internal sealed record Tok(string Term, int Start, int End, string Type);

internal static class AnalysisTestHelpers
{
    public static string CorpusDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "corpus")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("corpus"), "corpus");
        }
    }

    public static string[] CorpusFiles => Directory.GetFiles(CorpusDir, "*.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();

    public static string TraditionalDoc => CorpusFiles.Single(f => Path.GetFileName(f).StartsWith("002_", StringComparison.Ordinal));

    public static List<Tok> Tokens(Analyzer analyzer, string text)
    {
        var result = new List<Tok>();
        using var ts = analyzer.GetTokenStream("f", new StringReader(text));
        var term = ts.AddAttribute<ICharTermAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        var type = ts.AddAttribute<ITypeAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
            result.Add(new Tok(term.ToString(), offset.StartOffset, offset.EndOffset, type.Type));
        ts.End();
        return result;
    }

    /// <summary>Reads a TextReader in tiny, uneven pieces to exercise block boundaries.</summary>
    public static string ReadAll(TextReader reader, int piece)
    {
        var sb = new System.Text.StringBuilder();
        var buf = new char[piece];
        int n;
        while ((n = reader.Read(buf, 0, buf.Length)) > 0)
            sb.Append(buf, 0, n);
        return sb.ToString();
    }
}
