using Xunit;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Search.Ingest;
using Search.Ingest.Reading;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Search.Tests.Ingest;

/// <summary>Hostile and broken files give one clear error each, quickly, and never stop the rest of a corpus run.</summary>
public class MalformedInputTests
{
    internal static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText(text, 12, new PdfPoint(25, 700), font);
        return builder.Build();
    }

    static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal);
            using var writer = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++)
                writer.Write(zeros);
        }
        return stream.ToArray();
    }

    static byte[] Junk(int length)
    {
        var random = new Random(20261122);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Each_bad_file_is_reported_and_the_good_one_still_ingests()
    {
        using var folder = new TempFolder();
        folder.Write("000_good.txt", File.ReadAllBytes(TestCorpus.File("000")));
        var pdf = Pdf("Work plan 2020");
        folder.Write("truncated.pdf", pdf[..(pdf.Length / 3)]);
        folder.Write("bomb.docx", ZipBomb());
        folder.Write("junk.txt", Junk(64 * 1024));
        folder.Write("empty.txt", []);
        folder.Write("notes.xyz", Encoding.UTF8.GetBytes("一、标题"));
        folder.Write("fake.docx", Encoding.UTF8.GetBytes("this is not a zip archive"));
        using (var big = File.Create(Path.Combine(folder.Path, "huge.txt")))
            big.SetLength(50L * 1024 * 1024);

        var clock = Stopwatch.StartNew();
        var outcomes = new DocumentIngestor().IngestCorpus(folder.Path).ToList();
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(["000_good.txt", "bomb.docx", "empty.txt", "fake.docx", "huge.txt", "junk.txt", "notes.xyz", "truncated.pdf"], outcomes.Select(o => o.Source));
        var good = Assert.Single(outcomes, o => o.Succeeded);
        Assert.Equal(24, good.Document!.Measures.Count);

        string Error(string source) => outcomes.Single(o => o.Source == source).Error!.Message;
        Assert.Contains("zip bomb", Error("bomb.docx"));
        Assert.Contains("empty", Error("empty.txt"));
        Assert.Contains("not a valid .docx", Error("fake.docx"));
        Assert.Contains("too large", Error("huge.txt"));
        Assert.Contains("binary", Error("junk.txt"));
        Assert.Contains("unsupported format '.xyz'", Error("notes.xyz"));
        Assert.Contains("pdf", Error("truncated.pdf"));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.StartsWith(o.Source + ": ", o.Error!.Message));
    }

    [Fact]
    public void A_valid_pdf_is_read_page_by_page()
    {
        var text = new DocumentReader().Read(Pdf("Education work plan"), ".pdf");
        Assert.Equal("pdf", text.Format);
        Assert.Contains("Education work plan", text.Text);
    }

    [Fact]
    public void Single_file_errors_are_user_errors()
    {
        using var folder = new TempFolder();
        var junk = folder.Write("junk.txt", Junk(4096));
        var error = Assert.Throws<UnreadableDocumentError>(() => new DocumentIngestor().Ingest(junk, folder.Path));
        Assert.IsAssignableFrom<UserError>(error);
        Assert.Equal("junk.txt: binary content, not a text file", error.Message);
    }
}
