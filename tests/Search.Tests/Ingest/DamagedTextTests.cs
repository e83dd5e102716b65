using System.Text;
using Search.Ingest.Reading;
using Search.Tests.Support;

namespace Search.Tests.Ingest;

/// <summary>A UTF-8 file with a few damaged bytes is still read as UTF-8, not as a legacy code page's mojibake.</summary>
public class DamagedTextTests
{
    [Fact]
    public void Truncated_and_bit_flipped_utf8_decodes_as_utf8()
    {
        string text = File.ReadAllText(RepoPaths.CorpusFiles()[0]);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int lastLead = Array.FindLastIndex(bytes, b => b >= 0xE0); // start of the last 3-byte (CJK) char
        var damaged = bytes[..(lastLead + 1)].ToArray();          // cut inside it, as a truncated download would
        damaged[damaged.Length / 2] = 0xFF;                        // a byte that never occurs in UTF-8
        var (decoded, encoding) = TextDecoder.Decode(damaged);
        Assert.Equal("utf-8", encoding);
        Assert.Contains("控辍保学", decoded);
        Assert.InRange(decoded.AsSpan().Count('\uFFFD'), 1, 3);
    }

    [Fact]
    public void Gb18030_is_not_mistaken_for_damaged_utf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        string text = File.ReadAllText(RepoPaths.CorpusFiles()[0]);
        var (decoded, encoding) = TextDecoder.Decode(Encoding.GetEncoding("GB18030").GetBytes(text));
        Assert.Equal("gb18030", encoding);
        Assert.Equal(text, decoded);
    }
}
