using System.Diagnostics;
using System.Text;

namespace Search.Ingest.Reading;

/// <summary>Runs a Debian program (LibreOffice, tesseract, pdftoppm) on one file: in a private temporary folder that is also its
/// HOME, under an address-space bound (<c>prlimit --as</c>), killed with its children when over time, and turned into a
/// clear <see cref="UnreadableDocumentError"/> when it is missing or fails.</summary>
public sealed class ExternalTool : IDisposable
{
    /// <summary>The private folder the program runs in; deleted with this object.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("search-read-").FullName;

    readonly ReadLimits _limits;

    public ExternalTool(ReadLimits limits) => _limits = limits;

    /// <summary>True when <paramref name="program"/> is on the PATH.</summary>
    public static bool Exists(string program) => Locate(program) is not null;

    static string? Locate(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>Runs the program to completion and returns its standard output (at most <see cref="ReadLimits.MaxExpandedBytes"/>
    /// bytes are kept); a non-zero exit, a time-out or a missing program throws, naming <paramref name="what"/>.</summary>
    public byte[] Run(string program, IEnumerable<string> arguments, string what, string package, CancellationToken cancel = default)
    {
        var path = Locate(program) ?? throw new UnreadableDocumentError($"{what} needs '{program}', which is not installed (Debian package {package}; scripts/setup.sh installs it)");
        var start = new ProcessStartInfo(Locate("prlimit") is { } prlimit ? prlimit : path)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (start.FileName != path)
        {
            start.ArgumentList.Add($"--as={_limits.ToolMemoryBytes}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(path);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Nothing of the user's profile is read or written: HOME and temporary files live in the private folder.
        start.Environment["HOME"] = Folder;
        start.Environment["TMPDIR"] = Folder;
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = Process.Start(start) ?? throw new UnreadableDocumentError($"{what}: cannot start {program}");
        process.StandardInput.Close();
        var output = new MemoryStream();
        var copy = CopyBounded(process.StandardOutput.BaseStream, output, _limits.MaxExpandedBytes);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        bool finished;
        try
        {
            finished = process.WaitForExitAsync(cancel).Wait(_limits.ToolTimeout);
        }
        catch (AggregateException) when (cancel.IsCancellationRequested)
        {
            finished = false;
        }
        if (!finished)
        {
            Kill(process);
            throw new UnreadableDocumentError(cancel.IsCancellationRequested
                ? $"{what}: stopped ({program} was still running when reading the file ran out of time)"
                : $"{what}: {program} took longer than {_limits.ToolTimeout.TotalSeconds:0} s; stopped");
        }
        copy.Wait(TimeSpan.FromSeconds(5));
        if (process.ExitCode != 0)
        {
            var message = error.Wait(TimeSpan.FromSeconds(2)) ? FirstLines(error.Result) : "";
            throw new UnreadableDocumentError($"{what}: {program} failed (exit code {process.ExitCode}){(message.Length > 0 ? ": " + message : "")}");
        }
        return output.ToArray();
    }

    static async Task CopyBounded(Stream from, MemoryStream to, long limit)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
            if (to.Length < limit)
                await to.WriteAsync(buffer.AsMemory(0, (int)Math.Min(read, limit - to.Length)));
    }

    static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); process.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>The program's complaint, shortened to what fits on one line of a report.</summary>
    static string FirstLines(string stderr)
    {
        var text = string.Join(" ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
