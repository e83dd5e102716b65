using System.CommandLine;
using Search.Responses;
using Search.Analysis.SmartCn;
using Search.Indexing;
using Spectre.Console;
using Search.Schema;

namespace Search.Cli.Commands;

/// <summary><c>index</c>: ingest the corpus and build or update the index incrementally.</summary>
public static class IndexCommand
{
    public static Command Create(CliOptions o)
    {
        var noSemantic = new Option<bool>("--no-semantic") { Description = "Skip fitting the embedding model and writing measure vectors (similar/hybrid then unavailable)" };
        var command = new Command("index", "Ingest the corpus and build or update the index (unchanged files are skipped, removed files deleted)") { noSemantic };
        command.SetAction(parse =>
        {
            string corpus = parse.GetValue(o.Corpus)!, index = parse.GetValue(o.Index)!;
            using var analyzers = new SearchAnalyzers(new SmartCnOptions(parse.GetValue(o.SmartCnJar)));
            var summary = Run(new CorpusIndexer(analyzers, semantic: !parse.GetValue(noSemantic)), corpus, index);
            if (parse.GetValue(o.Json))
                Console.WriteLine(ContractJson.Serialize(IndexSummaryResponse.From(summary)));
            else
            {
                Console.WriteLine($"added {summary.Added}, updated {summary.Updated}, deleted {summary.Deleted}, unchanged {summary.Unchanged}; " +
                                  $"index holds {summary.Documents} documents, {summary.Measures} measures");
                foreach (var f in summary.Failed) Console.WriteLine($"skipped {f.Source}: {f.Message}");
                if (summary.SemanticWarning is { } warning) Console.WriteLine("warning: " + warning);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Runs the indexer with a progress bar on a terminal and plain progress lines on stderr otherwise.</summary>
    public static IndexSummary Run(CorpusIndexer indexer, string corpus, string index)
    {
        if (!Console.IsErrorRedirected && !Console.IsOutputRedirected)
        {
            IndexSummary? summary = null;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("indexing", maxValue: 1);
                summary = indexer.Run(corpus, index, new Progress<IndexProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    string what = p.Stage == IndexProgress.Files ? p.Source : p.Stage;
                    task.Description = Markup.Escape(what.Length > 40 ? "…" + what[^39..] : what);
                }));
            });
            return summary!;
        }
        int lastPercent = -1;
        string lastStage = IndexProgress.Files;
        return indexer.Run(corpus, index, new SynchronousProgress(p =>
        {
            int percent = p.Total == 0 ? 100 : (int)(p.Done * 100L / p.Total);
            if (p.Stage != lastStage) (lastStage, lastPercent) = (p.Stage, -1);
            // One line per tenth of a stage, and its start and end: a long semantic stage must show that it began.
            if (lastPercent < 0 || percent / 10 != lastPercent / 10 || (p.Done == p.Total && percent != lastPercent))
            {
                lastPercent = percent;
                string unit = p.Stage == IndexProgress.Files ? "files" : "measures";
                Console.Error.WriteLine($"{p.Stage}: {p.Done}/{p.Total} {unit} ({percent}%)");
            }
        }));
    }

    sealed class SynchronousProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        readonly object _gate = new();
        public void Report(IndexProgress value) { lock (_gate) report(value); }
    }
}
