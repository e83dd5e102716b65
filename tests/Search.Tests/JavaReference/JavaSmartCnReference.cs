using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Search.Analysis;
using Search.Tests.Support;

namespace Search.Tests.JavaReference;

/// <summary>Runs Java Lucene 4.10.4's SmartChineseAnalyzer (Debian jars) through a tiny driver compiled at test time.</summary>
public static class JavaSmartCnReference
{
    const string JavaDir = "/usr/share/java";
    static readonly string[] Jars = ["lucene-core-4.10.4.jar", "lucene-analyzers-common-4.10.4.jar", "lucene-analyzers-smartcn-4.10.4.jar"];
    static readonly Lazy<(string? ClassDir, string Why)> Compiled = new(Compile);

    /// <summary>Null when the reference can run; otherwise the reason it cannot (used to skip, with that message).</summary>
    public static string? Unavailable => Compiled.Value.ClassDir == null ? Compiled.Value.Why : null;

    static string ClassPath => string.Join(':', Jars.Select(j => Path.Combine(JavaDir, j)));

    static (string?, string) Compile()
    {
        if (Which("javac") == null || Which("java") == null) return (null, "no JDK (javac/java) on PATH: install default-jdk-headless");
        foreach (var jar in Jars)
            if (!File.Exists(Path.Combine(JavaDir, jar))) return (null, $"{jar} missing: install liblucene4.10-java");
        string source = Path.Combine(RepoPaths.Root, "tests", "Search.Tests", "JavaReference", "SmartCnReference.java");
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..12];
        string dir = Path.Combine(Path.GetTempPath(), "search-javaref-" + hash);
        if (!File.Exists(Path.Combine(dir, "SmartCnReference.class")))
        {
            Directory.CreateDirectory(dir);
            var (code, _, err) = Run("javac", ["-nowarn", "-cp", ClassPath, "-d", dir, source], null);
            if (code != 0) throw new InvalidOperationException("javac failed: " + err);
        }
        return (dir, "");
    }

    /// <summary>Analyses every input with Java; one result line per input in the driver's format.</summary>
    public static IReadOnlyList<string> Analyze(IReadOnlyList<string> inputs)
    {
        var dir = Compiled.Value.ClassDir ?? throw new InvalidOperationException(Compiled.Value.Why);
        var stdin = new StringBuilder();
        foreach (var s in inputs) stdin.Append(ToHex(s)).Append('\n');
        var (code, stdout, err) = Run("java", ["-Xss16m", "-cp", ClassPath + ":" + dir, "SmartCnReference"], stdin.ToString());
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

    static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    static (int, string, string) Run(string file, string[] args, string? input)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input != null, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (input != null)
        {
            p.StandardInput.Write(input);
            p.StandardInput.Close();
        }
        p.WaitForExit();
        return (p.ExitCode, outTask.Result, errTask.Result);
    }
}
