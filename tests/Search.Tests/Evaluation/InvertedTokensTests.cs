using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Evaluation.Benchmarks;

namespace Search.Tests.Evaluation;

/// <summary>The bench's count of inverted tokens, on an index whose every count is known.</summary>
public sealed class InvertedTokensTests
{
    [Fact]
    public void Counts_tokens_postings_and_terms_of_fields_with_positions_only()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            writer.AddDocument(new Document { new TextField("body", "a b a c", Field.Store.NO), new StringField("id", "1", Field.Store.YES) });
            writer.Commit(); // a second segment: the counts must add up across segments
            writer.AddDocument(new Document { new TextField("body", "a d", Field.Store.NO), new TextField("title", "x", Field.Store.NO), new StringField("id", "2", Field.Store.YES) });
        }
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(2, reader.Leaves.Count);

        var counts = InvertedTokens.Of(reader);

        var fields = (SortedDictionary<string, object?>)counts["fields"]!;
        Assert.Equal(["body", "title"], fields.Keys); // "id" is indexed without frequencies: one term per doc, not counted
        var body = (Dictionary<string, object?>)fields["body"]!;
        Assert.Equal(6L, body["tokens"]);   // a b a c + a d
        Assert.Equal(5L, body["postings"]); // a, b, c in doc 1; a, d in doc 2
        Assert.Equal(4L, body["terms"]);    // a b c d
        Assert.Equal(7L, counts["tokens"]);
        Assert.Equal(6L, counts["postings"]);
    }
}
