using System.Text.Json;
using Search.Tests.Ingest;
using Search.Tests.Support;

namespace Search.Tests.Cli;

/// <summary><c>ingest-report</c> through the real CLI: the JSON contract, totals per field and format, warnings, one line per unreadable file.</summary>
[Collection(ExternalToolsCollection.Name)]
public class IngestReportCliTests
{
    [Fact]
    public void The_report_counts_fields_and_formats_and_lists_warnings_and_unreadable_files()
    {
        using var folder = new TempFolder();
        folder.Write("000.txt", File.ReadAllBytes(TestCorpus.File("000")));
        folder.Write("004.txt", File.ReadAllBytes(TestCorpus.File("004")));
        folder.Write("liunan.docx", File.ReadAllBytes(FormatTests.Fixture("liunan-2022.docx")));
        folder.Write("scan.png", File.ReadAllBytes(FormatTests.Fixture("xincheng-2021-scan.png")));
        folder.Write("broken.pdf", MalformedInputTests.Pdf("Work plan")[..100]);
        folder.Write("notes.xyz", [1, 2, 3]);

        var (exit, stdout, stderr) = CliRunner.Run(null, "ingest-report", "--corpus", folder.Path, "--json", "--no-ocr");
        Assert.Equal(0, exit);
        Assert.Contains("6/6 files", stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, root.GetProperty("documents").GetInt32());
        var issuer = root.GetProperty("fields").GetProperty("issuer");
        Assert.Equal(3, issuer.GetProperty("found").GetInt32() + issuer.GetProperty("missing").GetInt32());
        Assert.Equal(3, root.GetProperty("fields").GetProperty("district").GetProperty("found").GetInt32());
        var formats = root.GetProperty("formats");
        Assert.Equal(2, formats.GetProperty("txt").GetProperty("documents").GetInt32());
        Assert.Equal(1, formats.GetProperty("pdf").GetProperty("failed").GetInt32());
        Assert.Equal(1, formats.GetProperty("png").GetProperty("failed").GetInt32());

        var failed = root.GetProperty("failed").EnumerateArray().ToDictionary(f => f.GetProperty("source").GetString()!, f => f.GetProperty("error").GetString()!);
        Assert.Equal(["broken.pdf", "notes.xyz", "scan.png"], failed.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("unsupported format", failed["notes.xyz"]);
        Assert.Contains("OCR", failed["scan.png"]);
        var warnings = root.GetProperty("warnings").EnumerateArray().Select(w => (Source: w.GetProperty("source").GetString(), Kind: w.GetProperty("kind").GetString(), Detail: w.GetProperty("detail").GetString())).ToList();
        Assert.Contains(warnings, w => w.Source == "004.txt" && w.Kind == "no date");
        Assert.Contains(warnings, w => w.Source == "000.txt" && w.Kind == "parts removed" && w.Detail!.Contains("draft marker"));

        var (textExit, text, _) = CliRunner.Run(null, "ingest-report", "--corpus", folder.Path, "--no-ocr");
        Assert.Equal(0, textExit);
        Assert.Contains("3 documents read, 3 unreadable", text);
        Assert.Contains("  notes.xyz: unsupported format", text);
    }

    [Fact]
    public void A_missing_corpus_folder_is_a_user_error()
    {
        var (exit, _, stderr) = CliRunner.Run(null, "ingest-report", "--corpus", "/nonexistent/corpus");
        Assert.Equal(2, exit);
        Assert.Contains("corpus folder not found", stderr);
    }
}
