using Search.Semantic;
using Search.Semantic.Similar;

namespace Search.Tests.Semantic;

[Collection(SemanticCorpusCollection.Name)]
public sealed class SimilarMeasuresTests(SemanticCorpusFixture corpus, Xunit.Abstractions.ITestOutputHelper output)
{
    const string Xingning = "000_", Ningguo = "001_", Liunan = "002_", Xingqing = "003_";

    [Fact]
    public void Xingning_dropout_control_finds_dropout_control_of_Ningguo_Liunan_and_Xingqing_in_top_5()
    {
        string query = corpus.MeasureId(Xingning, "扎实做好控辍保学工作");
        var hits = corpus.Index.FindSimilar(SimilarTarget.ForMeasure(query), new SimilarOptions { Top = 5 });

        Assert.Equal(5, hits.Count);
        Assert.DoesNotContain(hits, h => h.District == "兴宁区");
        Assert.Contains(hits, h => h.Id == corpus.MeasureId(Ningguo, "联控联保"));
        Assert.Contains(hits, h => h.Id == corpus.MeasureId(Liunan, "全面加强控辍保学"));   // Traditional source, folded
        Assert.Contains(hits, h => h.Source.StartsWith(Xingqing, StringComparison.Ordinal)
                                   && Search.Analysis.TextFolder.FoldToString(h.Text).Contains("控辍保学", StringComparison.Ordinal));
        Assert.All(hits, h => Assert.NotEmpty(h.SharedTerms));
    }

    [Fact]
    public void Ranking_documents_orders_them_by_their_best_measure_cosine()
    {
        var index = corpus.Index;
        var docIds = index.Store.Rows.Select(r => r.DocId).Distinct().Reverse().Append("no-such-document").ToList();
        foreach (var text in new[] { "控辍保学 劝返复学", "学前教育 普惠", "教师培训" })
        {
            var query = index.Embedder.Embed(text);
            var expected = docIds.Where(d => index.Store.Rows.Any(r => r.DocId == d))
                .Select((d, order) => (d, order, best: Enumerable.Range(0, index.Store.Count).Where(i => index.Store.Rows[i].DocId == d)
                    .Max(i => System.Numerics.Tensors.TensorPrimitives.Dot(query, index.Store.Vector(i)))))
                .OrderByDescending(x => x.best).ThenBy(x => x.order).Select(x => x.d).ToList();
            Assert.Equal(expected, index.RankDocuments(text, docIds));
            Assert.Equal(5, expected.Count); // every corpus document, and nothing for the unknown id
        }
    }

    [Fact]
    public void Quantized_scan_gives_the_same_answer_on_the_corpus()
    {
        using var quantized = SemanticIndex.Open(corpus.Folder, quantized: true);
        Assert.False(quantized.Store.Quantized); // built by the first scan, not by opening
        foreach (var row in corpus.Index.Store.Rows.Take(40))
        {
            var options = new SimilarOptions { Top = 5, Explain = false };
            Assert.Equal(corpus.Index.FindSimilar(SimilarTarget.ForMeasure(row.Id), options).Select(h => h.Id),
                         quantized.FindSimilar(SimilarTarget.ForMeasure(row.Id), options).Select(h => h.Id));
        }
        Assert.True(quantized.Store.Quantized);
    }

    [Fact]
    public void Free_text_in_Traditional_characters_finds_the_same_measures_as_Simplified()
    {
        var simplified = corpus.Index.FindSimilar(SimilarTarget.ForText("全面加强控辍保学，劝返辍学学生"), new SimilarOptions { Top = 3 });
        var traditional = corpus.Index.FindSimilar(SimilarTarget.ForText("全面加強控輟保學，勸返輟學學生"), new SimilarOptions { Top = 3 });
        Assert.Equal(simplified.Select(h => h.Id), traditional.Select(h => h.Id));
        Assert.Contains(simplified, h => h.Id == corpus.MeasureId(Liunan, "全面加强控辍保学"));
    }

    [Fact]
    public void Never_returns_a_measure_from_the_target_measures_own_district()
    {
        foreach (var row in corpus.Index.Store.Rows)
        {
            var hits = corpus.Index.FindSimilar(SimilarTarget.ForMeasure(row.Id), new SimilarOptions { Top = 10, Explain = false });
            Assert.NotEmpty(hits);
            Assert.All(hits, h => Assert.NotEqual(row.District, h.District));
            Assert.DoesNotContain(hits, h => h.Id == row.Id);
        }
    }

    [Fact]
    public void All_districts_option_may_return_the_own_district_but_never_the_measure_itself()
    {
        string query = corpus.MeasureId(Xingning, "扎实做好控辍保学工作");
        var hits = corpus.Index.FindSimilar(SimilarTarget.ForMeasure(query), new SimilarOptions { Top = 138, OtherDistrictsOnly = false, Explain = false });
        Assert.Contains(hits, h => h.District == "兴宁区");
        Assert.DoesNotContain(hits, h => h.Id == query);
    }

    [Fact]
    public void Filters_apply_during_the_scan()
    {
        string query = corpus.MeasureId(Xingning, "扎实做好控辍保学工作");
        var target = SimilarTarget.ForMeasure(query);

        var ningguo = corpus.Index.FindSimilar(target, new SimilarOptions { Top = 50, District = "宁国市", Explain = false });
        Assert.Equal(corpus.Index.Store.Rows.Count(r => r.District == "宁国市"), ningguo.Count);
        Assert.All(ningguo, h => Assert.Equal("宁国市", h.District));

        var y2021 = corpus.Index.FindSimilar(target, new SimilarOptions { Top = 200, Year = 2021, Explain = false });
        Assert.NotEmpty(y2021);
        Assert.All(y2021, h => Assert.Equal(2021, corpus.Index.Store.Rows.Single(r => r.Id == h.Id).Year));

        var type = corpus.Index.Store.Rows.First(r => r.District == "兴庆区").Type!;
        var typed = corpus.Index.FindSimilar(target, new SimilarOptions { Top = 200, Type = type, Explain = false });
        Assert.NotEmpty(typed);
        Assert.All(typed, h => Assert.Equal(type, corpus.Index.Store.Rows.Single(r => r.Id == h.Id).Type));

        // Asking for the own district while excluding it leaves nothing; an unknown value matches nothing.
        Assert.Empty(corpus.Index.FindSimilar(target, new SimilarOptions { District = "兴宁区" }));
        Assert.Empty(corpus.Index.FindSimilar(target, new SimilarOptions { Province = "火星" }));
    }

    [Fact]
    public void Unknown_measure_id_is_a_user_error_naming_the_id()
    {
        var e = Assert.Throws<UnknownIdError>(() => corpus.Index.FindSimilar(SimilarTarget.ForMeasure("0000000000000000-999")));
        Assert.Contains("0000000000000000-999", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_text_is_a_user_error(string text) =>
        Assert.Throws<UserError>(() => corpus.Index.FindSimilar(SimilarTarget.ForText(text)));

    [Fact]
    public void One_megabyte_of_text_answers_quickly()
    {
        string measure = corpus.Index.Store.Rows.Single(r => r.Id == corpus.MeasureId(Liunan, "全面加强控辍保学")).Text;
        var text = string.Concat(Enumerable.Repeat(measure, 1_048_576 / measure.Length + 1))[..1_048_576];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var hits = corpus.Index.FindSimilar(SimilarTarget.ForText(text), new SimilarOptions { Top = 5 });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Equal(corpus.MeasureId(Liunan, "全面加强控辍保学"), hits[0].Id);
    }

    [Fact]
    public void Text_without_any_known_feature_returns_nothing_rather_than_noise() =>
        Assert.Empty(corpus.Index.FindSimilar(SimilarTarget.ForText("ℵℶℷ ☃☃☃ 12345")));

    [Fact]
    public void Top_must_be_positive() =>
        Assert.Throws<UserError>(() => corpus.Index.FindSimilar(SimilarTarget.ForText("控辍保学"), new SimilarOptions { Top = 0 }));

    [Fact]
    public void Warm_similar_answers_in_milliseconds()
    {
        string query = corpus.MeasureId(Xingning, "扎实做好控辍保学工作");
        corpus.Index.FindSimilar(SimilarTarget.ForMeasure(query));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        const int runs = 20;
        for (int i = 0; i < runs; i++) corpus.Index.FindSimilar(SimilarTarget.ForMeasure(query), new SimilarOptions { Top = 10 });
        double perQuery = sw.Elapsed.TotalMilliseconds / runs;

        const string text = "严格落实劝返三级联动机制，确保不因贫失学辍学";
        corpus.Index.FindSimilar(SimilarTarget.ForText(text));
        sw.Restart();
        for (int i = 0; i < runs; i++) corpus.Index.FindSimilar(SimilarTarget.ForText(text), new SimilarOptions { Top = 10 });
        double perText = sw.Elapsed.TotalMilliseconds / runs;

        sw.Restart();
        for (int i = 0; i < runs; i++) corpus.Index.FindSimilar(SimilarTarget.ForMeasure(query), new SimilarOptions { Top = 10, Explain = false });
        double unexplained = sw.Elapsed.TotalMilliseconds / runs;
        output.WriteLine($"warm similar: measure {perQuery:F2} ms, text {perText:F2} ms, measure without explanations {unexplained:F3} ms; build {corpus.BuildTime.TotalSeconds:F2} s");
        Assert.True(perQuery < 100, $"{perQuery:F1} ms per similar");
        Assert.True(perText < 100, $"{perText:F1} ms per similar text");
    }

    [Fact]
    public void Fitting_the_corpus_takes_seconds() =>
        Assert.True(corpus.BuildTime < TimeSpan.FromSeconds(30), $"build took {corpus.BuildTime}");

    [Fact]
    public void Similar_documents_come_from_other_districts_ranked_by_score()
    {
        string doc = corpus.Index.Store.Rows.First(r => r.District == "兴宁区").DocId;
        var similar = corpus.Index.SimilarDocuments(doc);
        Assert.Equal(4, similar.Count);
        Assert.DoesNotContain(similar, d => d.District == "兴宁区");
        Assert.Equal(similar.OrderByDescending(d => d.Score).Select(d => d.DocId), similar.Select(d => d.DocId));
        // A document is its measures' centroid: the score is the cosine of the two normalised sums of measure vectors.
        var store = corpus.Index.Store;
        float[] Centroid(string docId)
        {
            var sum = new float[store.Dimension];
            var vector = new float[store.Dimension];
            foreach (int row in Enumerable.Range(0, store.Count).Where(r => store.Rows[r].DocId == docId))
            {
                store.ReadVectors(row, 1, vector);
                System.Numerics.Tensors.TensorPrimitives.Add(sum, vector, sum);
            }
            return sum;
        }
        var target = Centroid(doc);
        foreach (var d in similar)
        {
            Assert.Equal(store.Rows.Count(r => r.DocId == d.DocId), d.Measures);
            var other = Centroid(d.DocId);
            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(target, other), d.Score, 4);
        }
        Assert.Throws<UnknownIdError>(() => corpus.Index.SimilarDocuments("nope"));
    }
}
