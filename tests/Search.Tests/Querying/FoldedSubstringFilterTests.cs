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

/// <summary>Phrase verification from doc values, stored folded text, or folded raw text.</summary>
public class FoldedSubstringFilterTests
{
    /// <summary>Three docs: folded text in doc values only, in a stored field only, and only the raw text.</summary>
    private static DirectoryReader Index(RAMDirectory directory)
    {
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            writer.AddDocument(new Document
            {
                new StringField(IndexFields.Id, "dv", Field.Store.YES),
                new BinaryDocValuesField(IndexFields.TextFolded, new BytesRef("控辍保学，劝返")),
                new StoredField(IndexFields.Text, "unrelated"),
            });
            writer.AddDocument(new Document
            {
                new StringField(IndexFields.Id, "stored", Field.Store.YES),
                new StoredField(IndexFields.TextFolded, "控辍保学，劝返"),
                new StoredField(IndexFields.Text, "unrelated"),
            });
            writer.AddDocument(new Document
            {
                new StringField(IndexFields.Id, "raw", Field.Store.YES),
                new StoredField(IndexFields.Text, "控輟保學，勸返"),
            });
        }
        return DirectoryReader.Open(directory);
    }

    private static List<string> Matching(IndexReader reader, string needle)
    {
        var searcher = new IndexSearcher(reader);
        var filter = new FoldedSubstringFilter(needle, IndexFields.TextFolded, IndexFields.Text, StandInAnalysis.Fold);
        var query = new FilteredQuery(new MatchAllDocsQuery(), filter, FilteredQuery.QUERY_FIRST_FILTER_STRATEGY);
        return searcher.Search(query, 10).ScoreDocs.Select(h => searcher.Doc(h.Doc).Get(IndexFields.Id)).Order().ToList();
    }

    [Fact]
    public void Reads_doc_values_then_stored_folded_then_folds_raw_text()
    {
        using var directory = new RAMDirectory();
        using var reader = Index(directory);
        Assert.Equal(["dv", "raw", "stored"], Matching(reader, "保学，劝"));
        Assert.Empty(Matching(reader, "unrelated"));
        Assert.Empty(Matching(reader, "保学,劝"));
    }

    [Fact]
    public void Byte_matching_respects_character_boundaries()
    {
        using var directory = new RAMDirectory();
        using var reader = Index(directory);
        // Every doc's folded text contains 学; none contains a character whose UTF-8 bytes merely overlap it.
        Assert.Equal(["dv", "raw", "stored"], Matching(reader, "学"));
        Assert.Empty(Matching(reader, "孥"));
    }

    [Fact]
    public void Filter_driven_iteration_is_also_exact()
    {
        using var directory = new RAMDirectory();
        using var reader = Index(directory);
        var searcher = new IndexSearcher(reader);
        var filter = new FoldedSubstringFilter("劝返", IndexFields.TextFolded, IndexFields.Text, StandInAnalysis.Fold);
        var query = new FilteredQuery(new MatchAllDocsQuery(), filter, FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY);
        Assert.Equal(3, searcher.Search(query, 10).TotalHits);
    }
}
