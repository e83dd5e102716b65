using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Search.Web;
using Search.Schema;

namespace Search.Cli.Commands;

/// <summary><c>serve</c>: index the corpus if there is no index yet, then run the web app (API and search page).</summary>
public static class ServeCommand
{
    public static Command Create(CliOptions o)
    {
        var urls = new Option<string>("--urls") { Description = $"Address to listen on (default {SearchWebApp.DefaultUrl}, or ASPNETCORE_URLS)" };
        var command = new Command("serve", "Run the web server: search page at / and the HTTP API at /api (builds the index first if there is none, or rebuilds one of an older format)") { urls };
        command.SetAction(async (parse, cancel) =>
        {
            string corpus = parse.GetValue(o.Corpus)!, index = parse.GetValue(o.Index)!;
            string? jar = parse.GetValue(o.SmartCnJar);
            IndexFreshness.EnsureCurrent(corpus, index, new SmartCnOptions(jar), Console.Error.WriteLine, indexer => IndexCommand.Run(indexer, corpus, index));
            // CLI values become ordinary configuration, so appsettings.json and Search__* environment variables still apply beneath them.
            var args = new List<string> { $"--Search:Index={Path.GetFullPath(index)}", $"--Search:Corpus={Path.GetFullPath(corpus)}" };
            if (!string.IsNullOrEmpty(jar)) args.Add($"--Search:SmartCnJar={jar}");
            if (parse.GetValue(urls) is { Length: > 0 } url) args.Add($"--urls={url}");
            var app = SearchWebApp.Build([.. args]);
            await app.StartAsync(cancel);
            Console.Error.WriteLine($"serving on {string.Join(", ", app.Urls)} (Ctrl+C to stop)");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }
}
