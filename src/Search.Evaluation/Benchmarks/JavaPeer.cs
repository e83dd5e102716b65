using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Search.Evaluation.Benchmarks;

/// <summary>Compiles and runs small Java programs against Debian's Lucene 4.10.4 jars: the reference analyzer and the benchmark peer.</summary>
public static class JavaPeer
{
    const string JavaDir = "/usr/share/java";
    static readonly string[] Jars =
    [
        "lucene-core-4.10.4.jar", "lucene-analyzers-common-4.10.4.jar", "lucene-analyzers-smartcn-4.10.4.jar",
        "lucene-queryparser-4.10.4.jar", "lucene-queries-4.10.4.jar",
    ];

    public static string ClassPath => string.Join(':', Jars.Select(j => Path.Combine(JavaDir, j)));

    /// <summary>Why Java cannot run here (no JDK, no Lucene jars), or null when it can.</summary>
    public static string? Unavailable()
    {
        if (Which("javac") == null || Which("java") == null) return "no JDK (javac/java) on PATH: install default-jdk-headless";
        foreach (var jar in Jars)
            if (!File.Exists(Path.Combine(JavaDir, jar))) return $"{Path.Combine(JavaDir, jar)} missing: install liblucene4.10-java";
        return null;
    }

    /// <summary>Compiles a Java source (text) once per content hash; returns the folder holding its classes.</summary>
    public static string Compile(string className, string source)
    {
        if (Unavailable() is { } why) throw new UserError("Java peer unavailable: " + why);
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..12];
        string dir = Path.Combine(Path.GetTempPath(), $"search-java-{className}-{hash}");
        if (File.Exists(Path.Combine(dir, className + ".class"))) return dir;
        string work = dir + ".tmp" + Environment.ProcessId;
        Directory.CreateDirectory(work);
        string file = Path.Combine(work, className + ".java");
        File.WriteAllText(file, source);
        var (code, _, err) = Run("javac", ["-nowarn", "-cp", ClassPath, "-d", work, file], null);
        if (code != 0) throw new InvalidOperationException($"javac {className} failed: {err}");
        try { Directory.Move(work, dir); } catch (IOException) { Directory.Delete(work, true); } // another process won the race
        return dir;
    }

    /// <summary>The source of a Java program shipped inside this assembly (<c>Java/*.java</c> of this project).</summary>
    public static string EmbeddedSource(string className)
    {
        using var s = typeof(JavaPeer).Assembly.GetManifestResourceStream($"java.{className}.java")
            ?? throw new InvalidOperationException($"no embedded java.{className}.java");
        return new StreamReader(s).ReadToEnd();
    }

    /// <summary>True for a heap size as <c>-Xmx</c> takes it, with its unit: a whole number of k, m or g.</summary>
    public static bool IsHeapSize(string value) => Regex.IsMatch(value, "^[1-9][0-9]{0,6}[kKmMgG]$");

    /// <summary>Runs a compiled class; stdin is written fully while stdout/stderr are drained, so large exchanges cannot deadlock.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunClass(string classDir, string className, IEnumerable<string> args, string? stdin, string heap = "2g")
        => Run("java", ["-Xss16m", "-Xmx" + heap, "-cp", ClassPath + ":" + classDir, className, .. args], stdin);

    /// <summary>The java command line for a compiled class, for callers that run it themselves (the benchmark samples its memory).</summary>
    public static (string File, string[] Args) ClassCommand(string classDir, string className, IEnumerable<string> args, string heap = "2g") =>
        ("java", ["-Xss16m", "-Xmx" + heap, "-cp", ClassPath + ":" + classDir, className, .. args]);

    static (int, string, string) Run(string file, IEnumerable<string> args, string? input)
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

    static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(d => d.Length > 0).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
