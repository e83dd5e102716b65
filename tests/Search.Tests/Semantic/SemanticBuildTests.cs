using Search.Ingest;
using Search.Semantic;
using Search.Semantic.Vectors;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;

namespace Search.Tests.Semantic;

[Collection(SemanticCorpusCollection.Name)]
public sealed class SemanticBuildTests(SemanticCorpusFixture corpus)
{
    [Fact]
    public void Fitting_twice_gives_identical_vectors_and_model_output()
    {
        string other = Path.Combine(corpus.Root, "semantic-again");
        var header = SemanticIndexBuilder.Build(corpus.Documents.Reverse(), other);
        Assert.Equal(File.ReadAllBytes(Path.Combine(corpus.Folder, MeasureVectorStore.VectorsFile)),
                     File.ReadAllBytes(Path.Combine(other, MeasureVectorStore.VectorsFile)));
        Assert.Equal(corpus.Index.Header.Checksum, header.Checksum);

        using var again = SemanticIndex.Open(other);
        const string text = "严格落实劝返三级联动机制，确保不因贫失学辍学";
        Assert.Equal(corpus.Index.Embedder.Embed(text), again.Embedder.Embed(text));
    }

    [Fact]
    public void Embedding_many_in_parallel_equals_embedding_one_by_one_in_order()
    {
        // Enough rows that the work is split over the cores (measures and their sentences, in a shuffled order).
        var texts = corpus.Documents.SelectMany(d => d.Measures).SelectMany(m => MeasureFeatureText.Passages(m.Text).Prepend(m.Text)).ToList();
        while (texts.Count < 3000) texts.AddRange(texts.Select(t => t + "。").ToList());
        texts = texts.OrderBy(t => t.GetHashCode(StringComparison.Ordinal)).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var many = corpus.Index.Embedder.EmbedMany(texts);
        Assert.Equal(texts.Count, many.Count);
        foreach (int i in new[] { 0, 1, texts.Count / 2 - 1, texts.Count / 2, texts.Count / 2 + 1, texts.Count - 1 }.Concat(Enumerable.Range(0, 40).Select(k => k * 71 % texts.Count)))
            Assert.Equal(corpus.Index.Embedder.Embed(texts[i]), many[i], (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void The_fast_projection_is_used_and_equals_the_ml_net_pipeline_on_every_measure_and_sentence()
    {
        var embedder = Assert.IsType<MlNetMeasureEmbedder>(corpus.Index.Embedder);
        var texts = corpus.Documents.SelectMany(d => d.Measures).SelectMany(m => MeasureFeatureText.Passages(m.Text).Prepend(m.Text)).ToList();
        var fast = embedder.EmbedMany(texts);
        Assert.True(embedder.UsesFastProjection);
        Assert.True(embedder.UsesFastFeatures);
        float worst = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            var reference = embedder.EmbedThroughPipeline(texts[i]);
            Assert.Equal(reference.Length, fast[i].Length);
            for (int j = 0; j < reference.Length; j++) worst = Math.Max(worst, Math.Abs(reference[j] - fast[i][j]));
        }
        Assert.InRange(worst, 0f, 1e-5f);
        // Not a constant: the vectors differ from text to text.
        Assert.NotEqual(fast[0], fast[1]);
    }

    [Theory]
    [InlineData(2, true, 32, 0, 1, 0, true, true)]     // one PCA block, no topics, no lead copies
    [InlineData(2, true, 256, 32, 2, 2, true, true)]   // topic block repeated twice
    [InlineData(2, true, 0, 0, 1, 2, false, false)]    // no PCA: ML.NET's pipeline embeds
    [InlineData(3, true, 64, 16, 1, 2, true, true)]    // character trigrams
    [InlineData(2, false, 64, 0, 1, 2, true, true)]    // characters only
    [InlineData(0, true, 64, 0, 1, 2, true, true)]     // words only
    [InlineData(2, true, 64, 0, 1, 2, true, true, false)]          // character bigrams without unigrams
    [InlineData(2, true, 64, 0, 1, 2, true, false, true, true)]    // word bigrams: ML.NET counts the features
    public void Every_recipe_embeds_as_ml_net_does(int chars, bool words, int denseRank, int topicRank, int topicWeight, int lead, bool fast, bool fastFeatures,
        bool charUnigrams = true, bool wordBigrams = false)
    {
        var recipe = new EmbeddingRecipe(CharNgramLength: chars, UseWords: words, DenseRank: denseRank, TopicRank: topicRank, TopicWeight: topicWeight, LeadWeight: lead,
            CharUnigrams: charUnigrams, WordBigrams: wordBigrams);
        var texts = corpus.Documents.SelectMany(d => d.Measures).Select(m => m.Text).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        using var embedder = MlNetMeasureEmbedder.Fit(texts, recipe);
        var many = embedder.EmbedMany(texts);
        Assert.Equal(fast, embedder.UsesFastProjection);
        Assert.Equal(fastFeatures, embedder.UsesFastFeatures);
        for (int i = 0; i < texts.Count; i += 7)
        {
            var reference = embedder.EmbedThroughPipeline(texts[i]);
            Assert.Equal(reference, many[i], (a, b) => Math.Abs(a - b) < 1e-5f);
            Assert.Equal(reference, embedder.Embed(texts[i]), (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Theory]
    [InlineData("教|育", "教育")]
    [InlineData("教", "教")]
    [InlineData("长|<\u2420>", "长 ")]
    [InlineData("<\u2420>|a", " a")]
    [InlineData("|||", "||")]
    [InlineData("a|b|c", "abc")]
    [InlineData("a|", null)]
    [InlineData("ab", null)]
    [InlineData("a|b|c|d", null)]
    [InlineData("", null)]
    public void Character_ngram_slot_names_parse_to_their_characters(string name, string? expected) =>
        Assert.Equal(expected, SparseFeaturizer.ParseCharNgram(name));

    [Fact]
    public void Lead_words_segmented_once_equal_the_words_of_the_repeated_lead()
    {
        using var features = new MeasureFeatureText();
        var recipe = EmbeddingRecipe.Default;
        int checkedTexts = 0;
        foreach (var text in corpus.Documents.SelectMany(d => d.Measures).SelectMany(m => MeasureFeatureText.Passages(m.Text).Prepend(m.Text)))
        {
            string lead = MeasureFeatureText.Lead(text);
            if (lead.Length == 0) continue;
            string repeated = string.Join("。", Enumerable.Repeat(lead, recipe.LeadWeight)) + "。" + text;
            var row = MlNetMeasureEmbedder.ToRow(features, text, recipe);
            Assert.Equal(features.WordsJoined(repeated), row.Words);
            Assert.Equal(MeasureFeatureText.Characters(repeated), row.Chars);
            checkedTexts++;
        }
        Assert.True(checkedTexts > 500, $"only {checkedTexts} texts with a lead");
    }

    [Fact]
    public void Term_table_counted_on_several_cores_equals_the_sum_of_its_parts()
    {
        using var features = new MeasureFeatureText();
        var texts = corpus.Documents.SelectMany(d => d.Measures).Select(m => m.Text).ToList();
        var once = SharedTermExplainer.Count(texts, features);
        // 24 copies are past the size at which counting is split over the cores; every count must be 24 times the single one.
        var many = SharedTermExplainer.Count(Enumerable.Repeat(texts, 24).SelectMany(t => t).ToList(), features);
        Assert.Equal(24 * once.Measures, many.Measures);
        Assert.Equal(once.DocumentFrequency.Keys, many.DocumentFrequency.Keys);
        Assert.Equal(once.BigramFrequency.Keys, many.BigramFrequency.Keys);
        Assert.All(once.DocumentFrequency, p => Assert.Equal(24 * p.Value, many.DocumentFrequency[p.Key]));
        Assert.All(once.BigramFrequency, p => Assert.Equal(24 * p.Value, many.BigramFrequency[p.Key]));
        Assert.True(once.DocumentFrequency["教育"] > 10);
    }

    [Fact]
    public void The_sentence_folder_holds_only_what_queries_read_and_its_checksum_covers_the_vectors()
    {
        string passages = Path.Combine(corpus.Folder, PassageVectors.Folder);
        var files = Directory.GetFiles(passages).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["header.json", "spans.bin", "vectors.f32"], files);
        var header = MeasureVectorStore.ReadHeader(passages);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(passages, "vectors.f32")))), header.Checksum);
        using var store = MeasureVectorStore.OpenVectors(passages);
        Assert.True(store.Count > corpus.Documents.Sum(d => d.Measures.Count), $"{store.Count} sentence rows");
    }

    [Fact]
    public void Remembered_words_are_the_words_segmented_afresh_and_are_forgotten_when_the_scope_closes()
    {
        using var features = new MeasureFeatureText();
        var texts = corpus.Documents.SelectMany(d => d.Measures).Select(m => m.Text).ToList();
        var fresh = texts.Select(t => features.Words(t)).ToList();
        IReadOnlyList<string> first;
        using (features.RememberWords())
        {
            Assert.Throws<InvalidOperationException>(() => features.RememberWords());
            var remembered = texts.Select(t => features.Words(t)).ToList();
            for (int i = 0; i < texts.Count; i++) Assert.Equal(fresh[i], remembered[i]);
            // A second reader inside the scope gets the very list the first one caused, not a new segmentation.
            first = features.Words(texts[0]);
            Assert.Same(remembered[0], first);
        }
        Assert.NotSame(first, features.Words(texts[0]));
        Assert.Equal(first, features.Words(texts[0]));
    }

    [Fact]
    public void Term_table_counted_in_batches_equals_the_table_counted_at_once()
    {
        using var features = new MeasureFeatureText();
        var texts = corpus.Documents.SelectMany(d => d.Measures).Select(m => m.Text).ToList();
        var once = SharedTermExplainer.Count(texts, features);
        var counter = new TermTableCounter(features);
        foreach (var batch in texts.Chunk(17)) counter.Add(batch);
        var batched = counter.Complete();
        Assert.Equal(once.Measures, batched.Measures);
        Assert.Equal(once.DocumentFrequency.ToList(), batched.DocumentFrequency.ToList());
        Assert.Equal(once.BigramFrequency.ToList(), batched.BigramFrequency.ToList());
    }

    [Fact]
    public void The_term_table_written_by_the_build_equals_the_table_counted_over_every_measure()
    {
        using var features = new MeasureFeatureText();
        var rows = SemanticIndexBuilder.Rows(corpus.Documents);
        var written = SharedTermExplainer.Load(corpus.Folder);
        var counted = SharedTermExplainer.Count(rows.Select(r => r.Text).ToList(), features);
        Assert.Equal(counted.Measures, written.Measures);
        Assert.Equal(counted.DocumentFrequency, written.DocumentFrequency);
        Assert.Equal(counted.BigramFrequency, written.BigramFrequency);
        Assert.True(written.DocumentFrequency.Count > 1000);
    }

    [Fact]
    public void Build_reports_each_stage_in_order_up_to_every_measure()
    {
        var rows = SemanticIndexBuilder.Rows(corpus.Documents);
        var reports = new List<SemanticBuildProgress>();
        SemanticIndexBuilder.Build(rows, Path.Combine(corpus.Root, "semantic-progress"), null, null, partitionsFrom: 2,
            progress: new Collect(reports));
        string[] stages = [SemanticBuildProgress.Fitting, SemanticBuildProgress.MeasureVectors, SemanticBuildProgress.Partitions, SemanticBuildProgress.SentenceVectors];
        Assert.Equal(stages, reports.Select(r => r.Stage).Distinct());
        Assert.Equal(new SemanticBuildProgress(SemanticBuildProgress.Fitting, 0, rows.Count), reports[0]);
        foreach (var stage in stages)
        {
            var done = reports.Where(r => r.Stage == stage).Select(r => r.Done).ToList();
            Assert.Equal(done.Order(), done);
            Assert.Equal(rows.Count, done[^1]);
        }
        Assert.All(reports, r => Assert.Equal(rows.Count, r.Total));
    }

    sealed class Collect(List<SemanticBuildProgress> reports) : IProgress<SemanticBuildProgress>
    {
        public void Report(SemanticBuildProgress value) => reports.Add(value);
    }

    [Fact]
    public void Header_describes_the_folder_and_vectors_are_unit_length()
    {
        var header = corpus.Index.Header;
        Assert.Equal(SemanticHeader.FormatName, header.Format);
        Assert.Equal(corpus.Documents.Sum(d => d.Measures.Count(m => !string.IsNullOrWhiteSpace(m.Text))), header.Count);
        Assert.Equal(corpus.Index.Embedder.Dimension, header.Dimension);
        for (int i = 0; i < corpus.Index.Store.Count; i++)
            Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(corpus.Index.Store.Vector(i)), 0.999f, 1.001f);
    }

    [Fact]
    public void Embedding_a_stored_measure_reproduces_its_stored_vector()
    {
        var row = corpus.Index.Store.Rows[7];
        var embedded = corpus.Index.Embedder.Embed(row.Text);
        var stored = corpus.Index.Store.Vector(7).ToArray();
        for (int i = 0; i < embedded.Length; i++) Assert.Equal(stored[i], embedded[i], 4);
    }

    [Fact]
    public void Corpus_change_is_detected_and_rebuild_replaces_the_folder_atomically()
    {
        Assert.True(SemanticIndexBuilder.IsCurrent(corpus.Documents, corpus.Folder));
        var changed = corpus.Documents.Skip(1).ToList();
        Assert.False(SemanticIndexBuilder.IsCurrent(changed, corpus.Folder));

        string folder = Path.Combine(corpus.Root, "semantic-rebuilt");
        SemanticIndexBuilder.Build(corpus.Documents, folder);
        var header = SemanticIndexBuilder.Build(changed, folder);
        Assert.True(SemanticIndexBuilder.IsCurrent(changed, folder));
        Assert.Equal(changed.Sum(d => d.Measures.Count), header.Count);
        // Only the finished folder is left behind: no temp or old copies.
        Assert.DoesNotContain(Directory.GetDirectories(corpus.Root), d => Path.GetFileName(d).Contains("semantic-rebuilt."));
        using var index = SemanticIndex.Open(folder);
        Assert.Equal(header.Count, index.Store.Count);
    }

    [Fact]
    public void A_large_store_is_written_with_partitions_that_similar_then_scans()
    {
        // The product writes partitions from MeasureVectorStore.QuantizedFrom measures; here from every size, on the real corpus.
        string folder = Path.Combine(corpus.Root, "semantic-partitioned");
        var rows = SemanticIndexBuilder.Rows(corpus.Documents);
        SemanticIndexBuilder.Build(rows, folder, null, null, partitionsFrom: 2);
        var partitions = VectorPartitions.Read(folder, rows.Count, corpus.Index.Store.Dimension)!;
        Assert.Equal(VectorPartitions.DefaultCount(rows.Count), partitions.Count);
        Assert.False(File.Exists(Path.Combine(corpus.Folder, VectorPartitions.FileName))); // the fixture's smaller default build has none

        using var index = SemanticIndex.Open(folder, quantized: true);
        index.Store.ProbeShare = 1; // every partition: the same answer as the full scan of the same codes
        using var full = SemanticIndex.Open(corpus.Folder, quantized: true);
        string measure = corpus.Index.Store.IdOf(0);
        var options = new SimilarOptions { Top = 5 };
        Assert.Equal(full.FindSimilar(SimilarTarget.ForMeasure(measure), options).Select(h => h.Id),
                     index.FindSimilar(SimilarTarget.ForMeasure(measure), options).Select(h => h.Id));
        Assert.NotNull(index.Store.Partitions);
    }

    [Fact]
    public void Near_duplicates_are_collapsed()
    {
        const string control = "扎实做好控辍保学工作，压实双线四包责任，严格落实劝返三级联动机制，确保适龄儿童不因贫失学辍学。";
        var documents = new[]
        {
            Document("a", "甲区", ["建立健全控辍保学工作机制，落实联控联保责任，开展劝返复学。", "加强师德师风建设，完善师德考核。", "推进学前教育普惠发展，扩大公办园学位。"]),
            Document("b", "乙区", [control, "加强校园安全工作，推进平安校园建设。"]),
            Document("c", "丙区", [control + "。", "深化教育评价改革，破除五唯。"]),
            Document("d", "丁区", ["控辍保学动态监测，劝返失学儿童，落实联控联保。", "加快推进教育信息化，建设智慧校园。"]),
        };
        string folder = Path.Combine(corpus.Root, "semantic-dup");
        SemanticIndexBuilder.Build(documents, folder);
        using var index = SemanticIndex.Open(folder);
        var target = SimilarTarget.ForMeasure("a-001");

        var all = index.FindSimilar(target, new SimilarOptions { Top = 3, NearDuplicate = 1f });
        Assert.Contains(all, h => h.Id == "b-001");
        Assert.Contains(all, h => h.Id == "c-001");

        var collapsed = index.FindSimilar(target, new SimilarOptions { Top = 3 });
        Assert.Single(collapsed, h => h.Id is "b-001" or "c-001");
        Assert.Contains(collapsed, h => h.Id == "d-001");
    }

    static PolicyDocument Document(string id, string district, string[] measures) => new(
        id, id + ".txt", id,
        new DocumentMetadata { Province = "测试省", City = "测试市", District = district, Year = 2021, Type = "工作计划" },
        [],
        measures.Select((t, i) => new Measure($"{id}-{i + 1:D3}", $"{i + 1}", null, t, [], [], 0, t.Length)).ToList(),
        [], [], string.Join("\n", measures));
}
