using System.Globalization;
using System.Text;
using Search.Analysis;
using Search.Evaluation.Benchmarks;

namespace Search.Tests.JavaReference;

/// <summary>Runs Java Lucene 4.10.4's SmartChineseAnalyzer (Debian jars) through a tiny driver compiled at test time.</summary>
public static class JavaSmartCnReference
{
    static readonly Lazy<string?> ClassDir = new(() => JavaPeer.Unavailable() == null ? JavaPeer.Compile("SmartCnReference", File.ReadAllText(Path.Combine(Search.Tests.Support.RepoPaths.Root, "tests", "Search.Tests", "JavaReference", "SmartCnReference.java"))) : null);

    /// <summary>Null when the reference can run; otherwise the reason it cannot (used to skip, with that message).</summary>
    public static string? Unavailable => JavaPeer.Unavailable();

    /// <summary>Analyses every input with Java; one result line per input in the driver's format.</summary>
    public static IReadOnlyList<string> Analyze(IReadOnlyList<string> inputs)
    {
        var dir = ClassDir.Value ?? throw new InvalidOperationException(Unavailable);
        var stdin = new StringBuilder();
        foreach (var s in inputs) stdin.Append(ToHex(s)).Append('\n');
        var (code, stdout, err) = JavaPeer.RunClass(dir, "SmartCnReference", [], stdin.ToString());
        if (code != 0) throw new InvalidOperationException("java reference failed: " + err);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != inputs.Count) throw new InvalidOperationException($"java printed {lines.Length} lines for {inputs.Count} inputs: {err}");
        return lines;
    }

    /// <summary>Our analysis in the driver's format, so the two can be compared as strings.</summary>
    public static string Format(AnalyzedText a)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < a.Tokens.Count; i++)
        {
            if (i > 0) sb.Append(';');
            var t = a.Tokens[i];
            sb.Append(ToHex(t.Term)).Append(',').Append(t.Start).Append(',').Append(t.End).Append(',').Append(t.PosInc);
        }
        return sb.Append('|').Append(a.FinalOffset).Append(',').Append(a.EndPosInc).ToString();
    }

    /// <summary>A driver-format line made readable: terms decoded, control chars escaped.</summary>
    public static string Readable(string line)
    {
        var parts = line.Split('|');
        var tokens = parts[0].Length == 0 ? [] : parts[0].Split(';').Select(t =>
        {
            var f = t.Split(',');
            return $"{Escape(FromHex(f[0]))} {f[1]}-{f[2]}" + (f[3] != "1" ? " +" + f[3] : "");
        });
        return string.Join(" | ", tokens) + "  [end " + parts[1] + "]";
    }

    public static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s) sb.Append(c < 0x20 || char.IsSurrogate(c) || c == '\uFFFF' || c == 0x2028 || c == 0x2029 ? $"\\u{(int)c:X4}" : c.ToString());
        return sb.ToString();
    }

    static string ToHex(string s)
    {
        var sb = new StringBuilder(s.Length * 4);
        foreach (char c in s) sb.Append(((int)c).ToString("x4"));
        return sb.ToString();
    }

    static string FromHex(string hex)
    {
        var chars = new char[hex.Length / 4];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)int.Parse(hex.AsSpan(4 * i, 4), NumberStyles.HexNumber);
        return new string(chars);
    }

}
