using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>The lazy id comparator must order hits exactly as Lucene's string sort on the same field, across segments.</summary>
public sealed class IdTieBreakTests
{
    /// <summary>Seven segments of docs whose scores tie in groups, ids shuffled across segments, some docs without an id.</summary>
    internal static DirectoryReader BuildIndex(RAMDirectory directory)
    {
        var random = new Random(17);
        var ids = Enumerable.Range(0, 700).Select(i => $"doc-{i:D4}").OrderBy(_ => random.Next()).ToList();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))
        {
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            for (int i = 0; i < ids.Count; i++)
            {
                var doc = new Document();
                // 1 to 3 copies of the word: three score groups, hundreds of ties in each.
                doc.Add(new TextField("body", string.Join(' ', Enumerable.Repeat("policy", 1 + i % 3)), Field.Store.NO));
                if (i % 50 != 7) doc.Add(new SortedDocValuesField(IndexFields.Id, new BytesRef(ids[i])));
                doc.Add(new NumericDocValuesField(IndexFields.Date, 20200000 + i % 5));
                writer.AddDocument(doc);
                if (i % 100 == 99) writer.Commit(); // a new segment
            }
        }
        return DirectoryReader.Open(directory);
    }

    public static TheoryData<int, bool> Depths() => new() { { 1, false }, { 10, false }, { 100, false }, { 1000, false }, { 10, true }, { 100, true } };

    [Theory]
    [MemberData(nameof(Depths))]
    public void Orders_hits_like_Lucenes_string_sort(int depth, bool byDateFirst)
    {
        using var directory = new RAMDirectory();
        using var reader = BuildIndex(directory);
        Assert.True(reader.Leaves.Count >= 7);
        var searcher = new IndexSearcher(reader);
        var query = new TermQuery(new Term("body", "policy"));
        Sort SortWith(SortField id) => byDateFirst
            ? new Sort(new SortField(IndexFields.Date, SortFieldType.INT64, true), SortField.FIELD_SCORE, id)
            : new Sort(SortField.FIELD_SCORE, id);

        var expected = searcher.Search(query, null, depth, SortWith(new SortField(IndexFields.Id, SortFieldType.STRING)), true, false);
        var actual = searcher.Search(query, null, depth, SortWith(IdTieBreak.Field()), true, false);

        Assert.Equal(Math.Min(depth, 700), actual.ScoreDocs.Length);
        Assert.Equal(expected.ScoreDocs.Select(h => h.Doc), actual.ScoreDocs.Select(h => h.Doc));
        Assert.Equal(expected.ScoreDocs.Select(h => h.Score), actual.ScoreDocs.Select(h => h.Score));
        // Both report the id value (null where a doc has none) for callers that read it.
        var idColumn = byDateFirst ? 2 : 1;
        Assert.Equal(expected.ScoreDocs.Select(h => ((FieldDoc)h).Fields[idColumn]?.ToString()),
                     actual.ScoreDocs.Select(h => ((FieldDoc)h).Fields[idColumn]?.ToString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(699)]
    [InlineData(5000)]
    public void Relevance_collector_keeps_what_the_score_and_id_sort_keeps(int depth)
    {
        using var directory = new RAMDirectory();
        using var reader = BuildIndex(directory);
        var searcher = new IndexSearcher(reader);
        foreach (var query in new Query[] { new TermQuery(new Term("body", "policy")), new ConstantScoreQuery(new TermQuery(new Term("body", "policy"))) })
        {
            var expected = searcher.Search(query, null, depth, new Sort(SortField.FIELD_SCORE, IdTieBreak.Field()), true, false);

            var one = new RelevanceCollector(depth);
            searcher.Search(query, one);
            var actual = one.GetTopDocs();
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.ScoreDocs.Select(h => (h.Doc, h.Score)), actual.ScoreDocs.Select(h => (h.Doc, h.Score)));

            // Two collectors over alternate segments, merged: the same hits again.
            var weight = searcher.CreateNormalizedWeight(query);
            var parts = new[] { new RelevanceCollector(depth), new RelevanceCollector(depth) };
            foreach (var leaf in reader.Leaves)
            {
                var part = parts[leaf.Ord % 2];
                part.SetNextReader(leaf);
                weight.GetBulkScorer(leaf, false, leaf.AtomicReader.LiveDocs)?.Score(part);
            }
            var merged = RelevanceCollector.Merge(parts, depth);
            Assert.Equal(expected.TotalHits, merged.TotalHits);
            Assert.Equal(expected.ScoreDocs.Select(h => (h.Doc, h.Score)), merged.ScoreDocs.Select(h => (h.Doc, h.Score)));
        }
    }

    [Fact]
    public void Docs_without_an_id_come_first_among_ties()
    {
        using var directory = new RAMDirectory();
        using var reader = BuildIndex(directory);
        var searcher = new IndexSearcher(reader);
        var all = searcher.Search(new ConstantScoreQuery(new TermQuery(new Term("body", "policy"))), null, 700,
            new Sort(SortField.FIELD_SCORE, IdTieBreak.Field()), true, false);
        var ids = all.ScoreDocs.Select(h => ((FieldDoc)h).Fields[1] is BytesRef b ? b.Utf8ToString() : null).ToList();
        int missing = ids.Count(id => id is null);
        Assert.Equal(14, missing);
        Assert.All(ids.Take(missing), id => Assert.Null(id));
        var present = ids.Skip(missing).ToList();
        Assert.Equal(present.Order(StringComparer.Ordinal), present);
    }
}
