using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Indexing;
using Search.Ingest;
using Search.Tests.Support;
using Search.Schema;
using Search.Querying;
using Search.Semantic.Vectors;

namespace Search.Tests.Indexing;

/// <summary>Incremental, idempotent indexing of the real corpus: unchanged skipped, edits replace, removals delete, one commit.</summary>
public class CorpusIndexerTests
{
    static readonly SearchAnalyzers Analyzers = new();

    [Fact]
    public void Indexing_twice_reports_everything_unchanged_and_keeps_counts()
    {
        using var t = new TempCorpus();
        var indexer = new CorpusIndexer(Analyzers);
        var first = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((5, 0, 0, 0, 5), (first.Added, first.Updated, first.Deleted, first.Unchanged, first.Documents));
        int expectedMeasures = DocumentIngestor.CorpusFiles(t.Corpus).Sum(f => new DocumentIngestor().Ingest(f.Path, t.Corpus).Measures.Count);
        Assert.Equal(expectedMeasures, first.Measures);
        Assert.Empty(first.Failed);

        var second = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((0, 0, 0, 5, 5, expectedMeasures), (second.Added, second.Updated, second.Deleted, second.Unchanged, second.Documents, second.Measures));
    }

    [Fact]
    public void Editing_adding_and_deleting_files_updates_exactly_those_documents()
    {
        using var t = new TempCorpus();
        var indexer = new CorpusIndexer(Analyzers);
        var initial = indexer.Run(t.Corpus, t.Index);

        // Edit: append a new numbered item to document 001.
        string edited = t.File("001_");
        File.AppendAllText(edited, "\n三十九、新增措施：建立控辍保学动态监测平台，每月通报。\n");
        var afterEdit = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((0, 1, 0, 4, 5), (afterEdit.Added, afterEdit.Updated, afterEdit.Deleted, afterEdit.Unchanged, afterEdit.Documents));
        Assert.Contains("动态监测平台", StoredTextOf(t.Index, DocumentIngestor.DocumentId(Path.GetFileName(edited))));

        // Add: a copy of 003 under a new name is a new document with its own id.
        File.Copy(t.File("003_"), Path.Combine(t.Corpus, "sub-copy-003.txt"));
        var afterAdd = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((1, 0, 0, 5, 6), (afterAdd.Added, afterAdd.Updated, afterAdd.Deleted, afterAdd.Unchanged, afterAdd.Documents));

        // Delete: removing 004 deletes its document and all its measures.
        int measuresOf004 = new DocumentIngestor().Ingest(t.File("004_"), t.Corpus).Measures.Count;
        File.Delete(t.File("004_"));
        var afterDelete = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((0, 0, 1, 5, 5), (afterDelete.Added, afterDelete.Updated, afterDelete.Deleted, afterDelete.Unchanged, afterDelete.Documents));
        Assert.Equal(afterAdd.Measures - measuresOf004, afterDelete.Measures);
    }

    [Fact]
    public void An_incremental_run_embeds_the_same_measures_as_a_fresh_build_with_or_without_a_previous_semantic_folder()
    {
        using var t = new TempCorpus();
        var indexer = new CorpusIndexer(Analyzers);
        indexer.Run(t.Corpus, t.Index);
        File.AppendAllText(t.File("001_"), "\n三十九、新增措施：建立控辍保学动态监测平台，每月通报。\n");
        File.Delete(t.File("004_"));
        var run = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((1, 1, 3), (run.Updated, run.Deleted, run.Unchanged));
        // The kept documents' rows came from the previous semantic folder, the edited one's from its ingestion: the folder is
        // named by the fingerprint of every row, so it equals the fresh build's only if the rows are the same.
        string incremental = CommitMetadata.Latest(t.Index)!.SemanticFolderName!;
        var rows = Search.Semantic.Vectors.MeasureVectorStore.ReadRows(CommitMetadata.Latest(t.Index)!.SemanticFolder(t.Index)!).ToList();
        Assert.Contains(rows, r => r.Text.Contains("动态监测平台"));
        Assert.DoesNotContain(rows, r => r.Source.StartsWith("004_", StringComparison.Ordinal));

        string fresh = Path.Combine(t.Root, "fresh");
        indexer.Run(t.Corpus, fresh);
        Assert.Equal(incremental, CommitMetadata.Latest(fresh)!.SemanticFolderName);

        // Without a previous semantic folder the kept documents' rows come from their stored ingestion results.
        string plain = Path.Combine(t.Root, "plain");
        new CorpusIndexer(Analyzers, semantic: false).Run(t.Corpus, plain);
        Assert.Null(CommitMetadata.Latest(plain)!.SemanticFolderName);
        var refit = indexer.Run(t.Corpus, plain);
        Assert.Equal((0, 0, 4), (refit.Added, refit.Updated, refit.Unchanged));
        Assert.Equal(incremental, CommitMetadata.Latest(plain)!.SemanticFolderName);
    }

    [Theory]
    [InlineData("南宁市兴宁区教育局2020年工作计划\n一、加强管理。\n二、加强管理。\n")]
    [InlineData("南宁市兴宁区教育局2020年工作计划\n一、控辍保学。\n")]
    public void Tiny_corpora_index_with_or_without_vectors_and_never_fail(string text)
    {
        using var t = new TempCorpus(copyCorpus: false);
        File.WriteAllText(Path.Combine(t.Corpus, "tiny.txt"), text);
        var summary = new CorpusIndexer(Analyzers).Run(t.Corpus, t.Index);
        Assert.Equal(1, summary.Documents);
        using var engine = SearchEngine.Open(t.Index);
        Assert.Equal(1, engine.Search(new Search.Querying.SearchQuery("加强 OR 控辍保学")).GetResultOrThrow("q").Total);
        // One measure: no model and no warning. Two measures with the same features: a model ML.NET could not load again,
        // refused at index time with a warning instead of failing every later `similar` with an internal error.
        if (summary.Measures < 2) Assert.Null(summary.SemanticWarning);
        else Assert.Contains("too few different measures", summary.SemanticWarning);
        Assert.Null(engine.Semantic());
    }

    [Fact]
    public void A_semantic_folder_of_another_format_turns_similar_off_and_is_refitted_at_start_up()
    {
        using var t = new TempCorpus();
        new CorpusIndexer(Analyzers).Run(t.Corpus, t.Index);
        string folder = CommitMetadata.Latest(t.Index)?.SemanticFolder(t.Index)!;
        Assert.NotEqual(IndexCondition.UnreadableSemantic, IndexFreshness.Check(t.Index));
        // A folder written by an older build: same files, older version in the header.
        string header = Path.Combine(folder, Search.Semantic.Vectors.MeasureVectorStore.HeaderFile);
        File.WriteAllText(header, File.ReadAllText(header).Replace($"\"Version\": {Search.Semantic.Vectors.SemanticHeader.CurrentVersion}", "\"Version\": 2"));
        Assert.Equal(IndexCondition.UnreadableSemantic, IndexFreshness.Check(t.Index));
        using (var engine = SearchEngine.Open(t.Index))
        {
            Assert.Null(engine.Semantic()); // search works, similar is off, and the engine says why
            Assert.Contains("v2", engine.SemanticProblem);
        }

        using var library = PolicyLibrary.Open(t.Index, t.Corpus);
        Assert.NotEqual(IndexCondition.UnreadableSemantic, IndexFreshness.Check(t.Index));
        Assert.NotNull(library.Engine.Semantic());
        Assert.Equal(4, library.Engine.Search(new Search.Querying.SearchQuery("控辍保学")).GetResultOrThrow("q").Total);
    }

    [Fact]
    public void An_index_of_another_format_is_refused_for_reading_and_rebuilt_by_index()
    {
        using var t = new TempCorpus();
        new CorpusIndexer(Analyzers, semantic: false).Run(t.Corpus, t.Index);
        using (var directory = Lucene.Net.Store.FSDirectory.Open(t.Index))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null)))
        {
            writer.SetCommitData(new CommitMetadata("3", null, null).ToUserData());
            writer.Commit();
        }
        Assert.Equal("3", CommitMetadata.Latest(t.Index)?.Format);
        Assert.Equal(IndexCondition.OtherFormat, IndexFreshness.Check(t.Index));
        var refused = Assert.Throws<UserError>(() => SearchEngine.Open(t.Index));
        Assert.Contains($"has format 3 and this build reads format {IndexFormat.Version}: run 'index'", refused.Message);

        var rebuilt = new CorpusIndexer(Analyzers, semantic: false).Run(t.Corpus, t.Index);
        Assert.Equal((5, 0), (rebuilt.Added, rebuilt.Unchanged));
        Assert.NotEqual(IndexCondition.OtherFormat, IndexFreshness.Check(t.Index));
        using (var engine = SearchEngine.Open(t.Index))
            Assert.True(engine.Search(new Search.Querying.SearchQuery("\"义务教育\"")).GetResultOrThrow("q").Total > 0);

        // The server's start-up (serve, run.sh) rebuilds such an index instead of failing on it.
        using (var directory = Lucene.Net.Store.FSDirectory.Open(t.Index))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null)))
        {
            writer.SetCommitData(new CommitMetadata("3", null, null).ToUserData());
            writer.Commit();
        }
        using var library = PolicyLibrary.Open(t.Index, t.Corpus);
        Assert.Equal(IndexFormat.Version, CommitMetadata.Latest(t.Index)?.Format);
        Assert.Equal(4, library.Engine.Search(new Search.Querying.SearchQuery("控辍保学")).GetResultOrThrow("q").Total);
    }

    [Fact]
    public void A_bad_file_is_reported_and_the_rest_is_indexed()
    {
        using var t = new TempCorpus();
        File.WriteAllBytes(Path.Combine(t.Corpus, "broken.pdf"), [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x00, 0xFF]);
        var summary = new CorpusIndexer(Analyzers).Run(t.Corpus, t.Index);
        Assert.Equal(5, summary.Documents);
        var failure = Assert.Single(summary.Failed);
        Assert.Equal("broken.pdf", failure.Source);
    }

    [Fact]
    public void A_bad_file_tried_again_keeps_the_semantic_folder_and_an_edit_beside_it_refits_the_folder()
    {
        using var t = new TempCorpus();
        File.WriteAllBytes(Path.Combine(t.Corpus, "broken.pdf"), [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x00, 0xFF]);
        var indexer = new CorpusIndexer(Analyzers);
        indexer.Run(t.Corpus, t.Index);
        string first = CommitMetadata.Latest(t.Index)?.SemanticFolder(t.Index)!;
        string header = File.ReadAllText(Path.Combine(first, Search.Semantic.Vectors.MeasureVectorStore.HeaderFile));

        // Only the bad file to try again: nothing the index holds changed, so the commit names the same, untouched folder.
        var again = indexer.Run(t.Corpus, t.Index);
        Assert.Equal("broken.pdf", Assert.Single(again.Failed).Source);
        Assert.Equal(first, CommitMetadata.Latest(t.Index)?.SemanticFolder(t.Index));
        Assert.Equal(header, File.ReadAllText(Path.Combine(first, Search.Semantic.Vectors.MeasureVectorStore.HeaderFile)));
        using (var engine = SearchEngine.Open(t.Index)) Assert.NotNull(engine.Semantic());

        // The bad file again and an edited measure: the documents changed, so the vectors are fitted anew.
        File.AppendAllText(t.File("001_"), "\n三十九、新增措施：建立控辍保学动态监测平台，每月通报。\n");
        var edited = indexer.Run(t.Corpus, t.Index);
        Assert.Equal((1, 1), (edited.Updated, edited.Failed.Count));
        string refitted = CommitMetadata.Latest(t.Index)?.SemanticFolder(t.Index)!;
        Assert.NotEqual(first, refitted);
        Assert.False(System.IO.Directory.Exists(first));
    }

    [Fact]
    public void A_second_indexer_on_a_locked_folder_gets_a_clear_error()
    {
        using var t = new TempCorpus();
        var indexer = new CorpusIndexer(Analyzers);
        indexer.Run(t.Corpus, t.Index);
        File.AppendAllText(t.File("000_"), "\n追加一行。\n"); // something to do, so the indexer needs the lock
        using var dir = FSDirectory.Open(t.Index);
        using var holder = new IndexWriter(dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, Analyzers.PerField));
        var e = Assert.Throws<IndexLockedError>(() => indexer.Run(t.Corpus, t.Index));
        Assert.Contains("index is locked", e.Message);
    }

    static string StoredTextOf(string index, string docId)
    {
        using var opened = SearchIndex.Open(index);
        return opened.DocumentJson(docId);
    }
}
