using System.Diagnostics;
using System.Net;
using System.Text;

namespace Search.Evaluation.Benchmarks;

/// <summary>Prints a plain-text document to PDF the way a researcher's browser would: an HTML page (one paragraph per line,
/// ' | ' lines ending in '|' as a ruled table, Noto CJK, the first line indented) printed by headless Chromium with its
/// default running header (date, title) and footer (address, page number).</summary>
public static class SeedPrint
{
    public const string Chromium = "/usr/bin/chromium";

    public static string Html(string text, string title)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title><style>body{font-family:\"Noto Sans CJK SC\",sans-serif;font-size:12pt;line-height:1.6} p{margin:0 0 .4em;text-indent:2em} ")
            .Append("table{border-collapse:collapse;margin:.5em 0} td{border:1px solid #444;padding:2px 6px}</style></head><body>\n");
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].TrimEnd().EndsWith('|'))
            {
                html.Append("<table>");
                for (; i < lines.Count && lines[i].TrimEnd().EndsWith('|'); i++)
                    html.Append("<tr>").Append(string.Concat(lines[i].Trim().Trim('|').Split('|').Select(c => $"<td>{WebUtility.HtmlEncode(c.Trim())}</td>"))).Append("</tr>\n");
                html.Append("</table>\n");
                i--;
            }
            else if (lines[i].Trim().Length > 0)
                html.Append("<p>").Append(WebUtility.HtmlEncode(lines[i].Trim())).Append("</p>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Prints <paramref name="textFile"/> to <paramref name="pdf"/> with Chromium (a private profile, 120 s at most).</summary>
    public static void ToPdf(string textFile, string pdf, bool runningHeaders = true)
    {
        if (!File.Exists(Chromium))
            throw new UserError($"Chromium is needed to print PDFs ({Chromium}); scripts/setup.sh installs it");
        var folder = Directory.CreateTempSubdirectory("search-print-").FullName;
        try
        {
            var html = Path.Combine(folder, Path.GetFileNameWithoutExtension(textFile) + ".html");
            File.WriteAllText(html, Html(File.ReadAllText(textFile), Path.GetFileName(textFile)), new UTF8Encoding(false));
            var start = new ProcessStartInfo(Chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder, "profile")}", $"--print-to-pdf={Path.GetFullPath(pdf)}", new Uri(html).AbsoluteUri })
                start.ArgumentList.Add(a);
            if (!runningHeaders)
                start.ArgumentList.Insert(0, "--no-pdf-header-footer");
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not print {textFile} in 120 s");
            }
            if (!File.Exists(pdf))
                throw new InvalidOperationException($"Chromium printed no PDF for {textFile} (exit code {process.ExitCode})");
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }
}

/// <summary>Character accuracy of recognised text: 1 − (Levenshtein distance / length of the expected text), whitespace ignored.</summary>
public static class OcrAccuracy
{
    public static double Of(string expected, string actual)
    {
        expected = Compact(expected);
        actual = Compact(actual);
        if (expected.Length == 0) return actual.Length == 0 ? 1 : 0;
        return Math.Max(0, 1 - (double)Distance(expected, actual) / expected.Length);
    }

    public static string Compact(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
