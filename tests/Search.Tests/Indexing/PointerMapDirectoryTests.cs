using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Indexing;
using Search.Tests.Support;
using Xunit;
using Search.Querying;

namespace Search.Tests.Indexing;

/// <summary>The pointer-based mapped reads must return what Lucene's own mapped directory returns, byte for byte and value for value.</summary>
public sealed class PointerMapDirectoryTests
{
    [Fact]
    public void Reads_every_primitive_like_Lucenes_mapped_directory()
    {
        using var temp = new TempCorpus(copyCorpus: false);
        var folder = new DirectoryInfo(temp.Index);
        folder.Create();
        var random = new Random(23);
        var ops = new List<(int Kind, long Value)>();
        using (var lucene = FSDirectory.Open(folder))
        using (var output = lucene.CreateOutput("values.bin", IOContext.DEFAULT))
        {
            for (int i = 0; i < 20_000; i++)
            {
                int kind = random.Next(7);
                long value = kind switch
                {
                    0 => random.Next(256),
                    1 => (short)random.Next(),
                    2 => random.Next(int.MinValue, int.MaxValue),
                    3 => random.NextInt64(long.MinValue, long.MaxValue),
                    4 => random.Next(0, 5) switch { 0 => random.Next(128), 1 => -random.Next(1, 1000), _ => random.Next() >> random.Next(31) },
                    5 => random.NextInt64(0, long.MaxValue) >> random.Next(63),
                    _ => random.Next(0, 3000), // a block of bytes this long
                };
                ops.Add((kind, value));
                switch (kind)
                {
                    case 0: output.WriteByte((byte)value); break;
                    case 1: output.WriteInt16((short)value); break;
                    case 2: output.WriteInt32((int)value); break;
                    case 3: output.WriteInt64(value); break;
                    case 4: output.WriteVInt32((int)value); break;
                    case 5: output.WriteVInt64(value); break;
                    default: output.WriteBytes(Block(i, (int)value), (int)value); break;
                }
            }
        }

        using var expectedDirectory = new MMapDirectory(folder);
        using var actualDirectory = new PointerMapDirectory(folder);
        using var expected = expectedDirectory.OpenInput("values.bin", IOContext.DEFAULT);
        using var actual = actualDirectory.OpenInput("values.bin", IOContext.DEFAULT);
        Assert.Equal(expected.Length, actual.Length);
        var positions = new List<long>();
        for (int i = 0; i < ops.Count; i++)
        {
            positions.Add(actual.Position);
            var (kind, value) = ops[i];
            switch (kind)
            {
                case 0: Assert.Equal((byte)value, actual.ReadByte()); expected.ReadByte(); break;
                case 1: Assert.Equal(expected.ReadInt16(), actual.ReadInt16()); break;
                case 2: Assert.Equal(expected.ReadInt32(), actual.ReadInt32()); break;
                case 3: Assert.Equal(expected.ReadInt64(), actual.ReadInt64()); break;
                case 4: Assert.Equal((int)value, actual.ReadVInt32()); Assert.Equal((int)value, expected.ReadVInt32()); break;
                case 5: Assert.Equal(value, actual.ReadVInt64()); Assert.Equal(value, expected.ReadVInt64()); break;
                default:
                    var a = new byte[value + 3];
                    actual.ReadBytes(a, 3, (int)value);
                    Assert.Equal(Block(i, (int)value), a[3..]);
                    expected.Seek(expected.Position + value);
                    break;
            }
            Assert.Equal(expected.Position, actual.Position);
        }
        Assert.Equal(actual.Length, actual.Position);
        Assert.Throws<EndOfStreamException>(() => actual.ReadByte());
        Assert.Throws<EndOfStreamException>(() => actual.ReadInt32());

        // Clones read on from where they were cloned and move independently; seeks land where they say.
        for (int k = 0; k < 500; k++)
        {
            int i = random.Next(ops.Count);
            actual.Seek(positions[i]);
            var clone = (IndexInput)actual.Clone();
            expected.Seek(positions[i]);
            var bytes = (int)Math.Min(64, actual.Length - positions[i]);
            var fromClone = new byte[bytes];
            var fromLucene = new byte[bytes];
            clone.ReadBytes(fromClone, 0, bytes);
            expected.ReadBytes(fromLucene, 0, bytes);
            Assert.Equal(fromLucene, fromClone);
            Assert.Equal(positions[i], actual.Position);
        }
        Assert.Throws<EndOfStreamException>(() => actual.Seek(actual.Length + 1));
    }

    [Fact]
    public void Searches_a_compound_file_index_like_a_ram_copy()
    {
        using var temp = new TempCorpus(copyCorpus: false);
        var folder = new DirectoryInfo(temp.Index);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { UseCompoundFile = true };
        config.MergePolicy.NoCFSRatio = 1.0;
        var random = new Random(5);
        string[] words = ["policy", "school", "teacher", "district", "plan", "measure", "rural", "county"];
        using (var fs = FSDirectory.Open(folder))
        using (var writer = new IndexWriter(fs, config))
        {
            for (int i = 0; i < 3_000; i++)
            {
                var doc = new Document
                {
                    new TextField("body", string.Join(' ', Enumerable.Range(0, random.Next(1, 40)).Select(_ => words[random.Next(words.Length)])), Field.Store.YES),
                    new NumericDocValuesField("n", i),
                };
                writer.AddDocument(doc);
                if (i % 700 == 699) writer.Commit();
            }
        }
        Assert.Contains(folder.GetFiles(), f => f.Extension == ".cfs");

        using var pointer = new PointerMapDirectory(folder);
        using var ram = new RAMDirectory(FSDirectory.Open(folder), IOContext.DEFAULT);
        using var a = DirectoryReader.Open(pointer);
        using var b = DirectoryReader.Open(ram);
        var sa = new IndexSearcher(a);
        var sb = new IndexSearcher(b);
        foreach (var query in new Query[]
                 {
                     new TermQuery(new Term("body", "teacher")),
                     new PhraseQuery { new Term("body", "rural"), new Term("body", "county") },
                     new BooleanQuery { { new TermQuery(new Term("body", "plan")), Occur.MUST }, { new TermQuery(new Term("body", "school")), Occur.MUST_NOT } },
                 })
        {
            var ha = sa.Search(query, 5_000).ScoreDocs;
            var hb = sb.Search(query, 5_000).ScoreDocs;
            Assert.NotEmpty(ha);
            Assert.Equal(hb.Select(h => (h.Doc, h.Score)), ha.Select(h => (h.Doc, h.Score)));
            Assert.Equal(hb.Take(50).Select(h => sb.Doc(h.Doc).Get("body")), ha.Take(50).Select(h => sa.Doc(h.Doc).Get("body")));
        }
    }

    private static byte[] Block(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
