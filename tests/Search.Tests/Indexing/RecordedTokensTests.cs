using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Indexing;
using Search.Ingest;
using Search.Querying;
using Search.Tests.Querying;
using Search.Tests.Searching;
using Search.Tests.Support;
using Xunit;
using Search.Schema;

namespace Search.Tests.Indexing;

/// <summary>Analysing each measure once and assembling the document doc from the measures' tokens must find the same
/// documents as analysing the document's whole clean text, except for a string of one n-gram (two characters, or three
/// around a common bigram) that only occurs across the edge of a measure (the tokens the assembled stream does not make).</summary>
public sealed class RecordedTokensTests(SyntheticIndexFixture f) : IClassFixture<SyntheticIndexFixture>
{
    [Fact]
    public void Real_and_synthetic_documents_tile_so_the_one_pass_path_is_taken()
    {
        var ingestor = new DocumentIngestor();
        foreach (var file in DocumentIngestor.CorpusFiles(RepoPaths.Corpus))
            Assert.True(IndexedDocuments.MeasuresTileCleanText(ingestor.Ingest(file.Path, RepoPaths.Corpus)), file.Path);
        var synthetic = DocumentIngestor.CorpusFiles(f.CorpusDir).Select(x => ingestor.Ingest(x.Path, f.CorpusDir)).ToList();
        Assert.All(synthetic, d => Assert.True(IndexedDocuments.MeasuresTileCleanText(d), d.Source));
    }

    [Fact]
    public void Document_phrase_hits_equal_those_of_whole_text_analysis()
    {
        var ingestor = new DocumentIngestor();
        var documents = DocumentIngestor.CorpusFiles(f.CorpusDir).Select(x => ingestor.Ingest(x.Path, f.CorpusDir)).ToList();
        using var analyzers = new SearchAnalyzers();
        using var live = new RAMDirectory();
        using (var writer = new IndexWriter(live, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.PerField) { Similarity = new BM25Similarity() }))
            foreach (var d in documents) writer.AddDocuments(IndexedDocuments.For(d, "h")); // the writer analyses every text itself
        using var liveReader = DirectoryReader.Open(live);
        var liveSearcher = new IndexSearcher(liveReader) { Similarity = new BM25Similarity() };

        var random = new Random(2024);
        int compared = 0, withHits = 0;
        f.Engine.Index.With(searcher =>
        {
            while (compared < 1500)
            {
                var d = documents[random.Next(documents.Count)];
                if (d.Measures.Count == 0) continue;
                var text = d.Measures[random.Next(d.Measures.Count)].Text;
                if (text.Length < 2) continue;
                int length = random.Next(1, 9), start = random.Next(0, Math.Max(1, text.Length - length + 1));
                var needle = text.Substring(start, Math.Min(length, text.Length - start));
                if (char.IsLowSurrogate(needle[0]) || char.IsHighSurrogate(needle[^1])) continue;
                var node = PhraseExactnessProperty.PhraseNodeFor(needle);
                var ours = DocIds(searcher, f.Engine.Builder.Build(node, searcher.IndexReader, IndexFields.KindDocument).Query);
                var reference = DocIds(liveSearcher, f.Engine.Builder.Build(node, liveReader, IndexFields.KindDocument).Query);
                Assert.Subset(reference, ours);
                foreach (var missing in reference.Except(ours))
                {
                    // Allowed only for a needle of one n-gram (two characters, or three around a common bigram) whose every
                    // occurrence in that document straddles a measure edge.
                    var doc = documents.Single(x => x.Id == missing);
                    var folded = TextFolder.FoldToString(needle);
                    Assert.True(folded.Length is 2 or 3, $"\"{needle}\" lost document {missing}");
                    Assert.DoesNotContain(doc.Measures, m => TextFolder.FoldToString(m.Text).Contains(folded, StringComparison.Ordinal));
                }
                compared++;
                if (ours.Count > 0) withHits++;
            }
            return 0;
        });
        Assert.True(withHits > 1000, $"only {withHits} needles had hits");
    }

    [Fact]
    public void Replayed_document_grams_equal_the_document_grams_analysis()
    {
        // The document doc's grams are the measures' recorded grams with interior unigrams left out; they must be token for
        // token what GramsAnalyzer.ForDocuments makes of the same text, or document search would see other positions.
        using var measureGrams = new GramsAnalyzer();
        using var documentGrams = GramsAnalyzer.ForDocuments();
        var ingestor = new DocumentIngestor();
        int texts = 0, dropped = 0;
        foreach (var file in DocumentIngestor.CorpusFiles(RepoPaths.Corpus))
            foreach (var text in ingestor.Ingest(file.Path, RepoPaths.Corpus).Measures.Select(m => m.Text).Append("學\uD840\uDC00習 a 好"))
            {
                var recorded = RecordedTokens.Record(measureGrams, IndexFields.TextGrams, text);
                var replayed = Read(new ReplayTokenStream([(recorded, 0)], text.Length, skipInteriorUnigrams: true));
                var analysed = Read(documentGrams.GetTokenStream(IndexFields.DocTextGrams, text));
                Assert.Equal(analysed, replayed);
                dropped += recorded.Count - replayed.Count;
                texts++;
            }
        Assert.True(texts > 100 && dropped > 10_000, $"{texts} texts, {dropped} unigrams left out");
    }

    private static List<(string Term, int Increment, int Start, int End)> Read(Lucene.Net.Analysis.TokenStream stream)
    {
        var result = new List<(string, int, int, int)>();
        using (stream)
        {
            var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
            var increment = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken()) result.Add((term.ToString(), increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
            stream.End();
        }
        return result;
    }

    [Fact]
    public void Single_characters_find_exactly_the_documents_whose_text_holds_them()
    {
        // Document text keeps a unigram only where a CJK run ends; a character inside a run is found as the prefix of the
        // gram at its position. As a phrase and as a term, it must find every document a substring scan finds.
        var ingestor = new DocumentIngestor();
        var documents = DocumentIngestor.CorpusFiles(f.CorpusDir).Select(x => ingestor.Ingest(x.Path, f.CorpusDir)).ToList();
        var folded = documents.Select(d => (d.Id, Text: TextFolder.FoldToString(d.CleanText))).ToList();
        var random = new Random(7);
        var characters = folded.SelectMany(d => d.Text).Where(c => c is >= '\u4E00' and <= '\u9FFF').Distinct().Order().ToList();
        int insideRuns = 0;
        f.Engine.Index.With(searcher =>
        {
            foreach (var c in Enumerable.Range(0, 60).Select(_ => characters[random.Next(characters.Count)].ToString()).Distinct())
            {
                var expected = folded.Where(d => d.Text.Contains(c, StringComparison.Ordinal)).Select(d => d.Id).ToHashSet();
                foreach (var node in new QueryNode[] { new PhraseNode(c), new TermNode(c) })
                    Assert.Equal(expected.Order(), DocIds(searcher, f.Engine.Builder.Build(node, searcher.IndexReader, IndexFields.KindDocument).Query).Order());
                // The unigram is indexed only at a run's end: the check must include characters that occur only inside runs.
                var unigram = new Lucene.Net.Index.Term(IndexFields.DocTextGrams, c);
                if (searcher.IndexReader.DocFreq(unigram) < expected.Count) insideRuns++;
            }
            return 0;
        });
        Assert.True(insideRuns > 10, $"only {insideRuns} characters occurred inside runs in documents that have no unigram of them");
    }

    private static HashSet<string> DocIds(IndexSearcher searcher, Query query) =>
        searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs.Select(h => searcher.Doc(h.Doc).Get(IndexFields.DocId)).ToHashSet();
}
