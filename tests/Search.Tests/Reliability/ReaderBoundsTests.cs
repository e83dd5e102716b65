using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Search.Ingest;
using Search.Ingest.Reading;
using Search.Tests.Ingest;

using Search.Tests.Support;

namespace Search.Tests.Reliability;

/// <summary>Readers that run external programs stay bounded: a decompression-bomb image, a converter over its time, damaged
/// Word 97 files and a zip bomb named .wps each give one clear error, quickly.</summary>
[Collection(ExternalToolsCollection.Name)]
public class ReaderBoundsTests
{
    static UnreadableDocumentError Fails(byte[] bytes, string extension, ReadLimits? limits = null, double seconds = 30)
    {
        using var folder = new TempFolder();
        var path = folder.Write("file" + extension, bytes);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<UnreadableDocumentError>(() => new DocumentReader(limits).Read(path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"took {clock.Elapsed}");
        return error;
    }

    [Fact]
    public void An_image_that_claims_a_billion_pixels_is_refused_before_decoding()
    {
        var png = File.ReadAllBytes(FormatTests.Fixture("xincheng-2021-scan.png"));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        Assert.Contains("image too large for OCR (100000 × 100000 pixels", Fails(png, ".png", seconds: 2).Message);
        Assert.Equal((2480, 1578), Ocr.Dimensions(File.ReadAllBytes(FormatTests.Fixture("xincheng-2021-scan.png"))));
    }

    [Fact]
    public void A_converter_over_its_time_is_stopped_with_a_clear_error()
    {
        var error = Fails(File.ReadAllBytes(FormatTests.Fixture("liunan-2022.doc")), ".doc", new ReadLimits { ToolTimeout = TimeSpan.FromMilliseconds(300) }, seconds: 15);
        Assert.Contains("soffice took longer than", error.Message);
    }

    [Fact]
    public void Damaged_word_97_files_give_clear_errors()
    {
        Assert.Contains("not a Word 97 or WPS document", Fails("just some text, not a document"u8.ToArray(), ".doc", seconds: 2).Message);
        // A compound-file header over junk: LibreOffice cannot read it and says so by writing nothing.
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        byte[] header = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        header.CopyTo(junk, 0);
        Assert.Contains("LibreOffice could not read the .wps", Fails(junk, ".wps", seconds: 60).Message);
    }

    [Fact]
    public void A_zip_bomb_named_wps_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) writer.Write(zeros);
        }
        Assert.Contains("zip bomb", Fails(stream.ToArray(), ".wps", seconds: 5).Message);
    }

    [Fact]
    public void A_word_97_file_that_is_really_a_web_page_is_read_as_one()
    {
        var read = new DocumentReader().Read("<html><body><p>一、总体要求</p><p>1.加强风险点研判。</p></body></html>"u8.ToArray(), ".doc");
        Assert.Equal("doc", read.Format);
        Assert.Contains("1.加强风险点研判。", read.Text);
    }
}
