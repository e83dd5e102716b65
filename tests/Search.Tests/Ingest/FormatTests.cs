using System.Globalization;
using System.Text;
using Search.Ingest;
using Search.Ingest.Reading;
using Search.Evaluation.Benchmarks;
using Search.Tests.Support;

namespace Search.Tests.Ingest;

/// <summary>Real Word 97, WPS, .docx with automatic numbering, scans and images in tests/Search.Tests/Ingest/Formats (made with
/// LibreOffice and Chromium from real documents, see docs/FORMATS.md) read to the same measures as their source text.</summary>
[Collection(ExternalToolsCollection.Name)]
public class FormatTests
{
    internal static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Search.Tests", "Ingest", "Formats", name);

    static IReadOnlyList<(string Path, string Text)> Measures(PolicyDocument d) => d.Measures.Select(m => (m.Path, m.Text)).ToList();

    static PolicyDocument Ingest(string path) => new DocumentIngestor().Ingest(path, Path.GetDirectoryName(path)!);

    [Theory]
    [InlineData("liunan-2022.docx")]
    [InlineData("liunan-2022.doc")]
    public void Word_files_with_automatic_numbering_ingest_to_the_measures_of_their_text(string file)
    {
        var expected = Ingest(Fixture("liunan-2022.txt"));
        var read = new DocumentReader().Read(Fixture(file));
        // The numbers are numbering.xml's (taiwaneseCountingThousand, decimal), not typed text: they reach the text as a reader sees them.
        Assert.Contains("\n一、2022年工作總結\n", read.Text);
        Assert.Contains("\n（七）圍繞安全教育,建設平安校園\n", read.Text);
        Assert.Contains("\n二、2023年工作計劃\n", read.Text);
        Assert.Contains("\n2.聚焦師德師風建設有實效。", read.Text);
        Assert.Equal(1, read.Tables);
        Assert.Contains("來源: 柳南區教育局 | 發布日期: 2023-02-16 09:00\n", read.Text);
        var document = Ingest(Fixture(file));
        Assert.Equal(28, expected.Measures.Count);
        Assert.Equal(Measures(expected), Measures(document));
        Assert.Equal(expected.Title, document.Title);
    }

    [Fact]
    public void A_wps_file_in_the_word_97_format_ingests_to_the_seed_measures()
    {
        var seed = TestCorpus.Document("004");
        var document = Ingest(Fixture("xincheng-2021.wps"));
        Assert.Equal("wps", new DocumentReader().Read(Fixture("xincheng-2021.wps")).Format);
        Assert.Equal(Measures(seed), Measures(document));
        Assert.Equal(seed.Title, document.Title);
    }

    [Theory]
    [InlineData(1, "chineseCounting", "一")]
    [InlineData(10, "chineseCounting", "十")]
    [InlineData(11, "chineseCounting", "十一")]
    [InlineData(20, "chineseCountingThousand", "二十")]
    [InlineData(105, "chineseCounting", "一百零五")]
    [InlineData(110, "taiwaneseCountingThousand", "一百一十")]
    [InlineData(3, "ideographTraditional", "丙")]
    [InlineData(3, "decimalEnclosedCircle", "③")]
    [InlineData(12, "chineseLegalSimplified", "壹拾贰")]
    [InlineData(10, "ideographDigital", "一〇")]
    [InlineData(4, "upperRoman", "IV")]
    [InlineData(28, "lowerLetter", "bb")]
    [InlineData(7, "decimalZero", "07")]
    [InlineData(7, "someFutureFormat", "7")]
    public void List_counters_are_written_as_their_numFmt_says(int n, string numFmt, string expected) =>
        Assert.Equal(expected, ListNumberFormat.Format(n, numFmt));

    [Fact]
    public void Radical_table_agrees_with_the_unicode_data_for_both_blocks()
    {
        // Kangxi Radicals: every one is mapped, to its NFKC form.
        for (int cp = 0x2F00; cp <= 0x2FD5; cp++)
            Assert.Equal(char.ConvertFromUtf32(cp).Normalize(NormalizationForm.FormKC), RadicalIdeographs.Of(cp));
        // CJK Radicals Supplement: NFKC leaves them alone, so the table is the only fold; it must say what the Unicode data says.
        var equivalents = File.ReadLines("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0)
            .SelectMany(l =>
            {
                var parts = l.Split(';', StringSplitOptions.TrimEntries);
                var range = parts[0].Split("..");
                int first = int.Parse(range[0], NumberStyles.HexNumber), last = int.Parse(range[^1], NumberStyles.HexNumber);
                return Enumerable.Range(first, last - first + 1).Select(cp => (cp, target: int.Parse(parts[1], NumberStyles.HexNumber)));
            })
            .Where(e => e.cp is >= 0x2E80 and <= 0x2EFF).ToDictionary(e => e.cp, e => e.target);
        int mapped = 0;
        for (int cp = 0x2E80; cp <= 0x2EF3; cp++)
        {
            if (equivalents.TryGetValue(cp, out var target)) { Assert.Equal(char.ConvertFromUtf32(target), RadicalIdeographs.Of(cp)); mapped++; }
            else Assert.Null(RadicalIdeographs.Of(cp));
        }
        Assert.Equal(114, mapped);
        Assert.Equal("西安市新城区教育局2021年工作要点 风险点 长 门 青 黄", RadicalIdeographs.Map("西安市新城区教育局2021年\u2F2F作要点 \u2EDB险点 \u2ED3 \u2ED4 \u2ED8 \u2EE9"));
        Assert.Equal("no radicals", RadicalIdeographs.Map("no radicals"));
        Assert.Null(RadicalIdeographs.Of('工'));
    }

    [Fact]
    public void Every_reader_maps_radicals_to_ideographs()
    {
        var text = "西安市新城区教育局2021年\u2F2F作要点\n一、加强\u2EDB险点研判\n";
        Assert.Equal("西安市新城区教育局2021年工作要点\n一、加强风险点研判\n", new DocumentReader().Read(Encoding.UTF8.GetBytes(text), ".txt").Text);
        Assert.Contains("工作要点", new DocumentReader().Read(Encoding.UTF8.GetBytes($"<html><body><p>{text}</p></body></html>"), ".html").Text);
        Assert.Contains("风险点", new DocumentReader().Read(VariantTests.Docx(text.Split('\n')), ".docx").Text);
    }

    [Fact]
    public void A_scanned_image_is_read_by_ocr_and_marked_as_such()
    {
        var read = new DocumentReader().Read(Fixture("xincheng-2021-scan.png"));
        Assert.True(read.Ocr);
        var page = Assert.Single(read.Pages);
        Assert.True(page.Ocr);
        var seed = File.ReadAllText(TestCorpus.File("004"));
        // The scan shows items 7–9 of the seed; OCR must get nearly every character of that stretch right.
        int from = seed.IndexOf("7. 持续深化教师", StringComparison.Ordinal), to = seed.IndexOf("10. 完善教师", StringComparison.Ordinal);
        var expected = OcrAccuracy.Compact(seed[from..to])[2..];
        var actual = OcrAccuracy.Compact(read.Text[read.Text.IndexOf("持续深化教师", StringComparison.Ordinal)..]);
        double accuracy = OcrAccuracy.Of(expected, actual[..Math.Min(actual.Length, expected.Length)]);
        Assert.True(accuracy >= 0.95, $"character accuracy {accuracy:P1}");
        Assert.Contains("深化教师“区管校聘”管理改革", read.Text);
    }

    /// <summary>A scan in Traditional characters: chi_sim reads it with low confidence, so chi_tra reads it too and wins.</summary>
    [Fact]
    public void A_traditional_scan_is_read_with_the_traditional_model()
    {
        var read = new DocumentReader().Read(Fixture("liunan-2022-scan.png"));
        Assert.True(read.Ocr);
        var seed = OcrAccuracy.Compact(File.ReadAllText(TestCorpus.File("002")));
        var actual = OcrAccuracy.Compact(read.Text);
        // The band's first and last words, found in the seed as written (Traditional), bound the stretch it shows.
        int from = seed.IndexOf(actual[..6], StringComparison.Ordinal), to = seed.IndexOf(actual[^6..], from + 1, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "the scan's first and last words are in the seed as written");
        double accuracy = OcrAccuracy.Of(seed[from..(to + 6)], actual);
        Assert.True(accuracy >= 0.95, $"character accuracy {accuracy:P1}");
        Assert.Contains("鼓勵動員民辦幼兒園積極申報", read.Text);
    }

    [Fact]
    public void Ocr_confidence_is_the_length_weighted_mean_of_the_words()
    {
        var tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
            "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n" +
            "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\t教育局\n" +
            "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t60\t是\n";
        Assert.Equal((90 * 3 + 60) / 4.0, Ocr.MeanConfidence(tsv), 6);
        Assert.Equal(0, Ocr.MeanConfidence(""));
    }

    [Fact]
    public void A_scanned_pdf_page_is_read_by_ocr_and_ocr_can_be_turned_off()
    {
        var read = new DocumentReader().Read(Fixture("xincheng-2021-scan.pdf"));
        Assert.True(Assert.Single(read.Pages).Ocr);
        Assert.Contains("强化普通高中优质特色发展", read.Text);
        var off = Assert.Throws<UnreadableDocumentError>(() => new DocumentReader(new ReadLimits { Ocr = false }).Read(Fixture("xincheng-2021-scan.pdf")));
        Assert.Contains("OCR is off", off.Message);
        var image = Assert.Throws<UnreadableDocumentError>(() => new DocumentReader(new ReadLimits { Ocr = false }).Read(Fixture("xincheng-2021-scan.png")));
        Assert.Contains("OCR", image.Message);
    }
}
