using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Indexing;
using Search.Querying;
using Xunit;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>Document text keeps no unigram inside a CJK run, so a lone query character is looked up as the prefix of the grams
/// at its position; when more grams start with it than a chain step may list, its position is verified against the text.</summary>
public sealed class LoneCharacterTests
{
    [Fact]
    public void A_lone_character_with_too_many_grams_to_list_is_verified_not_dropped()
    {
        using var analyzers = new SearchAnalyzers();
        using var directory = new RAMDirectory();
        // 学 starts more distinct grams than MaxExpansions (学一，学丁，…; folding merges some of the characters) and 学期.
        var filler = string.Join("，", Enumerable.Range(0, LuceneQueryBuilder.MaxExpansions * 2).Select(i => "学" + (char)(0x4E00 + i)));
        var texts = new[] { ("hit", "计划a学期"), ("trap", "计划a他们"), ("filler", filler) };
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.PerField) { Similarity = new BM25Similarity() }))
            foreach (var (id, text) in texts)
                writer.AddDocument(new Document
                {
                    new StringField(IndexFields.Kind, IndexFields.KindDocument, Field.Store.YES),
                    new StringField(IndexFields.Id, id, Field.Store.YES),
                    new TextField(IndexFields.DocText, text, Field.Store.NO),
                    new TextField(IndexFields.DocTextGrams, text, Field.Store.NO),
                    new StoredField(IndexFields.Text, text),
                    new BinaryDocValuesField(IndexFields.TextFolded, new BytesRef(TextFolder.FoldToString(text))),
                });
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var builder = new LuceneQueryBuilder(analyzers.Words, analyzers.Grams, TextFolder.FoldToString);
        string[] Ids(QueryNode node) => searcher.Search(builder.Build(node, reader, IndexFields.KindDocument).Query, 10).ScoreDocs
            .Select(h => searcher.Doc(h.Doc).Get(IndexFields.Id)).Order(StringComparer.Ordinal).ToArray();

        // The trap is real: with 学's position unchecked, the grams chain of a学 is a alone, which the trap holds.
        Assert.Equal(2, searcher.Search(new TermQuery(new Term(IndexFields.DocTextGrams, "a")), 10).TotalHits);
        int startingWith学 = 0;
        var terms = MultiFields.GetTerms(reader, IndexFields.DocTextGrams).GetEnumerator();
        while (terms.MoveNext())
            if (terms.Term.Utf8ToString().StartsWith('学')) startingWith学++;
        Assert.True(startingWith学 > LuceneQueryBuilder.MaxExpansions, $"{startingWith学} grams start with 学");
        // The segmenter cuts 学期 as one word, so only the grams find a学 in the hit: verified, they find it and not the trap.
        Assert.Equal(["hit"], Ids(new TermNode("a学")));
        Assert.Equal(["hit"], Ids(new PhraseNode("a学")));
    }
}
