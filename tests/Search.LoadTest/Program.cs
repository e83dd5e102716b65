using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Search.LoadTest;

// Usage:
//   dotnet run -c Release --project tests/Search.LoadTest -- --index DIR --corpus DIR [--clients 32] [--seconds 60] [--max-requests N]
//       starts `Search.Cli serve` on a free 127.0.0.1 port (rate limit lifted for this run), loads it, reports figures and the
//       server's peak RSS (VmHWM), then stops the server it started.
//   dotnet run -c Release --project tests/Search.LoadTest -- --url http://127.0.0.1:5077 [--pid PID] ...
//       loads a server that is already running (its rate limit must allow the load; --pid to read its VmHWM).
// Exit code 0 when every request answered 2xx, 1 otherwise, 2 on bad arguments.

var options = Args.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --index DIR --corpus DIR | --url http://127.0.0.1:PORT [--pid PID]; [--clients 32] [--seconds 60] [--max-requests N]");
    return 2;
}

Process? server = null;
Uri url;
int? pid = options.Pid;
try
{
    if (options.Url is { } given)
    {
        url = given;
        if (!LoadRun.IsLoopback(url)) { Console.Error.WriteLine($"refusing to load {url}: loopback only"); return 2; }
    }
    else
    {
        int port = FreePort();
        url = new Uri($"http://127.0.0.1:{port}");
        server = StartServer(options.Index!, options.Corpus!, url);
        pid = server.Id;
        await WaitUntilHealthy(url, server);
    }

    Console.Error.WriteLine($"loading {url} with {options.Clients} clients for {options.Seconds} s" +
        (options.MaxRequests > 0 ? $" (at most {options.MaxRequests} requests)" : ""));
    var rssPeakSampled = 0L;
    using var sampling = new CancellationTokenSource();
    var sampler = pid is { } p ? Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            rssPeakSampled = Math.Max(rssPeakSampled, ProcStatus(p, "VmRSS") ?? 0);
            try { await Task.Delay(250, sampling.Token); } catch (OperationCanceledException) { }
        }
    }) : Task.CompletedTask;

    var report = await LoadRun.RunAsync(new LoadOptions(url, options.Clients, TimeSpan.FromSeconds(options.Seconds), options.MaxRequests));
    sampling.Cancel();
    await sampler;

    Console.WriteLine(report.ToJson());
    if (pid is { } q)
        Console.WriteLine($"server pid {q}: peak RSS (VmHWM) {Mb(ProcStatus(q, "VmHWM"))} MB, highest sampled VmRSS during the load {Mb(rssPeakSampled)} MB");
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {Mb(MemTotalKb())} MB RAM, load average before stop: {LoadAverage()}");
    return report.Errors == 0 ? 0 : 1;
}
finally
{
    if (server is { HasExited: false })
    {
        server.Kill(entireProcessTree: true);
        server.WaitForExit(10_000);
    }
    server?.Dispose();
}

static Process StartServer(string index, string corpus, Uri url)
{
    var cli = Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll");
    var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { cli, "serve", "--index", Path.GetFullPath(index), "--corpus", Path.GetFullPath(corpus), "--urls", url.ToString().TrimEnd('/') })
        psi.ArgumentList.Add(a);
    // One client address sends everything here, so the per-address limit (300/min by default) is lifted for this run only.
    psi.Environment["Search__Limits__RequestsPerMinute"] = "100000000";
    psi.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(psi)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[serve] " + e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitUntilHealthy(Uri url, Process server)
{
    using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
    var deadline = DateTime.UtcNow.AddMinutes(20); // serve indexes the corpus first when the index folder is empty
    while (DateTime.UtcNow < deadline)
    {
        if (server.HasExited) throw new InvalidOperationException($"serve exited with code {server.ExitCode} before answering");
        try
        {
            using var response = await http.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK) { Console.Error.WriteLine("server up: " + await response.Content.ReadAsStringAsync()); return; }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        await Task.Delay(500);
    }
    throw new TimeoutException("serve did not answer /healthz within 20 minutes");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static long? ProcStatus(int pid, string key)
{
    try
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (IOException) { }
    return null;
}

static long? MemTotalKb()
{
    try
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (IOException) { return null; }
}

static string LoadAverage()
{
    try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); } catch (IOException) { return "?"; }
}

static string Mb(long? kb) => kb is { } k ? (k / 1024.0).ToString("0", CultureInfo.InvariantCulture) : "?";

/// <summary>The harness's command line.</summary>
sealed record Args(Uri? Url, string? Index, string? Corpus, int? Pid, int Clients, int Seconds, long MaxRequests)
{
    public static Args? Parse(string[] args)
    {
        Uri? url = null; string? index = null, corpus = null; int? pid = null; int clients = 32, seconds = 60; long max = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--url": url = new Uri(Value()); break;
                    case "--index": index = Value(); break;
                    case "--corpus": corpus = Value(); break;
                    case "--pid": pid = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--clients": clients = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seconds": seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--max-requests": max = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: return null;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { Console.Error.WriteLine(e.Message); return null; }
        }
        if (url is null && (index is null || corpus is null)) return null;
        if (clients is < 1 or > 1024 || seconds is < 1 or > 3600) return null;
        return new Args(url, index, corpus, pid, clients, seconds, max);
    }
}
