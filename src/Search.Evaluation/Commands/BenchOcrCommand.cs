using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Search.Evaluation.Benchmarks;
using Search.Responses;
using Search.Analysis;
using Search.Ingest.Reading;

namespace Search.Evaluation.Commands;

/// <summary><c>bench-ocr</c>: OCR character accuracy and time per page on the seeds printed by Chromium and rasterised like a scan.</summary>
public static class BenchOcrCommand
{
    public static Command Create(EvaluationOptions o)
    {
        var dpi = new Option<int>("--dpi") { Description = "Resolution of the rasterised pages", DefaultValueFactory = _ => 300 };
        var command = new Command("bench-ocr", "OCR accuracy (1 - edit distance / characters) and seconds per page on the corpus's .txt seeds printed to PDF and rasterised") { dpi };
        command.SetAction(parse =>
        {
            int resolution = parse.GetValue(dpi);
            if (resolution is < 72 or > 600) throw new UserError("--dpi must be between 72 and 600");
            var seeds = Directory.GetFiles(parse.GetValue(o.Corpus)!, "*.txt").Order(StringComparer.Ordinal).ToList();
            if (seeds.Count == 0) throw new UserError("no .txt seeds in the corpus folder");
            var reader = new DocumentReader();
            var rows = new List<object>();
            long totalChars = 0, totalDistance = 0, totalFoldedChars = 0, totalFoldedDistance = 0;
            double totalSeconds = 0;
            int totalPages = 0;
            var work = Directory.CreateTempSubdirectory("search-bench-ocr-").FullName;
            try
            {
                foreach (var seed in seeds)
                {
                    var pdf = Path.Combine(work, "seed.pdf");
                    SeedPrint.ToPdf(seed, pdf, runningHeaders: false);
                    var prefix = Path.Combine(work, "page");
                    Run("pdftoppm", "-r", resolution.ToString(CultureInfo.InvariantCulture), "-gray", "-png", pdf, prefix);
                    var pages = Directory.GetFiles(work, "page*.png").Order(StringComparer.Ordinal).ToList();
                    var recognised = new List<string>();
                    var clock = Stopwatch.StartNew();
                    foreach (var page in pages)
                        recognised.Add(reader.Read(page).Text);
                    double seconds = clock.Elapsed.TotalSeconds;
                    var expected = OcrAccuracy.Compact(File.ReadAllText(seed).Replace("|", ""));
                    var actual = OcrAccuracy.Compact(string.Concat(recognised).Replace("|", ""));
                    int distance = OcrAccuracy.Distance(expected, actual);
                    // As search sees it: both texts folded (Traditional → Simplified, widths), so 後 read for a 后 the source
                    // mixes in is no error there.
                    var foldedExpected = OcrAccuracy.Compact(TextFolder.FoldToString(expected));
                    int foldedDistance = OcrAccuracy.Distance(foldedExpected, OcrAccuracy.Compact(TextFolder.FoldToString(actual)));
                    totalChars += expected.Length; totalDistance += distance; totalSeconds += seconds; totalPages += pages.Count;
                    totalFoldedChars += foldedExpected.Length; totalFoldedDistance += foldedDistance;
                    var name = Path.GetFileName(seed);
                    rows.Add(new { seed = name, pages = pages.Count, characters = expected.Length, distance, accuracy = Math.Round(1 - (double)distance / expected.Length, 4),
                        searchedAccuracy = Math.Round(1 - (double)foldedDistance / foldedExpected.Length, 4), secondsPerPage = Math.Round(seconds / pages.Count, 2) });
                    Console.Error.WriteLine($"{name}: {pages.Count} pages, {expected.Length} characters, accuracy {1 - (double)distance / expected.Length:P2} (folded as searched {1 - (double)foldedDistance / foldedExpected.Length:P2}), {seconds / pages.Count:F1} s/page");
                    foreach (var page in pages) File.Delete(page);
                }
            }
            finally
            {
                Directory.Delete(work, true);
            }
            var total = new { pages = totalPages, characters = totalChars, accuracy = Math.Round(1 - (double)totalDistance / totalChars, 4),
                searchedAccuracy = Math.Round(1 - (double)totalFoldedDistance / totalFoldedChars, 4), secondsPerPage = Math.Round(totalSeconds / totalPages, 2), dpi = resolution };
            Console.Out.WriteLine(parse.GetValue(o.Json) ? ContractJson.Serialize(new { seeds = rows, total })
                : $"OCR on {totalPages} pages ({resolution} dpi, tesseract chi_sim, chi_tra for a page read with low confidence, one thread): character accuracy {total.accuracy:P2} over {totalChars} characters ({total.searchedAccuracy:P2} folded as searched), {total.secondsPerPage:F1} s per page");
            return 0;
        });
        return command;
    }

    static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new UserError($"cannot start {program}");
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
            throw new UserError($"{program} failed: {error.Trim()}");
    }
}
