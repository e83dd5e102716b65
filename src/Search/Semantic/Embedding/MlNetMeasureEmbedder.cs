using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Search.Analysis.SmartCn;

namespace Search.Semantic.Embedding;

/// <summary>ML.NET embedder: TF-IDF over folded character n-grams and SmartCn words, each block L2-normalised, optionally projected by PCA, L2-normalised again.</summary>
public sealed class MlNetMeasureEmbedder : IMeasureEmbedder, IDisposable
{
    public const string ModelFile = "model.zip";
    public const string RecipeFile = "embedder.json";
    const int Seed = 20_261_122;
    internal const string DenseColumn = "Dense";
    internal const string TopicColumn = "Topics";
    /// <summary>Rows of the first input on which the fast projection must agree with ML.NET before it is used.</summary>
    const int ProjectionCheckRows = 8;

    /// <summary>ML.NET input row: the two feature views of one text.</summary>
    public sealed class FeatureRow
    {
        public string Chars { get; set; } = "";
        public string Words { get; set; } = "";
    }

    /// <summary>ML.NET output row of the feature transforms alone (what <see cref="SparseProjection"/> projects).</summary>
    public sealed class SparseRow
    {
        public VBuffer<float> Sparse { get; set; }
    }

    /// <summary>ML.NET output row.</summary>
    public sealed class EmbeddingRow
    {
        public float[] Embedding { get; set; } = [];
    }

    readonly MLContext _ml;
    readonly ITransformer _model;
    readonly DataViewSchema _inputSchema;
    readonly MeasureFeatureText _features;
    readonly bool _ownsFeatures;
    readonly PredictionEngine<FeatureRow, EmbeddingRow> _engine;
    readonly object _gate = new();
    SparseProjection? _projection;
    SparseFeaturizer? _featurizer;
    SparseFeaturizer.Scratch? _featureScratch;
    PredictionEngine<FeatureRow, SparseRow>? _sparseEngine;
    float[] _scratch = [];
    bool _projectionChecked;

    public EmbeddingRecipe Recipe { get; }
    public int Dimension { get; }
    public const string KindPrefix = "mlnet-tfidf/";
    public string Kind => KindPrefix + Recipe.Describe();

    MlNetMeasureEmbedder(MLContext ml, ITransformer model, DataViewSchema inputSchema, EmbeddingRecipe recipe, MeasureFeatureText features, bool ownsFeatures)
    {
        _ml = ml; _model = model; _inputSchema = inputSchema; Recipe = recipe; _features = features; _ownsFeatures = ownsFeatures;
        var type = (VectorDataViewType)model.GetOutputSchema(inputSchema)["Embedding"].Type;
        Dimension = type.Size;
        _engine = ml.Model.CreatePredictionEngine<FeatureRow, EmbeddingRow>(model, inputSchema);
    }

    /// <summary>Fits the pipeline on the measure texts (in the given order, so a fixed order gives a fixed model).</summary>
    public static MlNetMeasureEmbedder Fit(IReadOnlyList<string> texts, EmbeddingRecipe recipe, MeasureFeatureText? features = null)
    {
        if (texts.Count < 2) throw new UserError("the semantic model needs at least two measures to fit");
        bool owns = features is null;
        features ??= new MeasureFeatureText();
        var ml = new MLContext(Seed);
        var rows = FitSample(texts).Select(t => ToRow(features, t, recipe)).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);

        var blocks = new List<string>();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (recipe.CharNgramLength > 0)
        {
            pipeline = pipeline
                .Append(ml.Transforms.Text.TokenizeIntoCharactersAsKeys("CharTokens", nameof(FeatureRow.Chars), useMarkerCharacters: false))
                .Append(ml.Transforms.Text.ProduceNgrams("CharGrams", "CharTokens", ngramLength: recipe.CharNgramLength, useAllLengths: recipe.CharUnigrams || recipe.CharNgramLength == 1,
                    weighting: NgramExtractingEstimator.WeightingCriteria.TfIdf))
                .Append(ml.Transforms.NormalizeLpNorm("CharGrams"));
            blocks.Add("CharGrams");
        }
        if (recipe.UseWords)
        {
            pipeline = pipeline
                .Append(ml.Transforms.Text.TokenizeIntoWords("WordTokens", nameof(FeatureRow.Words), [' ']))
                .Append(ml.Transforms.Conversion.MapValueToKey("WordKeys", "WordTokens"))
                .Append(ml.Transforms.Text.ProduceNgrams("WordGrams", "WordKeys", ngramLength: recipe.WordBigrams ? 2 : 1, useAllLengths: true,
                    weighting: NgramExtractingEstimator.WeightingCriteria.TfIdf))
                .Append(ml.Transforms.NormalizeLpNorm("WordGrams"));
            blocks.Add("WordGrams");
        }
        if (blocks.Count == 0) throw new ArgumentException("recipe has no features", nameof(recipe));
        pipeline = pipeline.Append(ml.Transforms.Concatenate("Sparse", [.. blocks]));
        string main = "Sparse";
        // A tiny corpus can have fewer distinct features than the wanted rank, which PCA refuses: cap the rank by them.
        int features0 = ((VectorDataViewType)pipeline.Fit(data).GetOutputSchema(data.Schema)["Sparse"].Type).Size;
        int Capped(int wanted) => Math.Max(1, Math.Min(Rank(wanted, texts.Count), features0));
        if (recipe.DenseRank > 0)
        {
            // No centring: with rank ≥ measures the projection is a rotation of the row space, so cosines of the
            // fitted measures are kept exactly; once the corpus outgrows the rank it becomes a truncated SVD (LSA).
            pipeline = pipeline.Append(ml.Transforms.ProjectToPrincipalComponents(DenseColumn, "Sparse", rank: Capped(recipe.DenseRank),
                overSampling: 20, ensureZeroMean: false, seed: Seed));
            main = DenseColumn;
        }
        if (recipe.TopicRank > 0)
        {
            // A low-rank view groups measures that share co-occurring vocabulary even when they share few exact terms.
            pipeline = pipeline
                .Append(ml.Transforms.NormalizeLpNorm("MainUnit", main))
                .Append(ml.Transforms.ProjectToPrincipalComponents(TopicColumn, "Sparse", rank: Capped(recipe.TopicRank),
                    overSampling: 20, ensureZeroMean: false, seed: Seed))
                .Append(ml.Transforms.NormalizeLpNorm("TopicsUnit", TopicColumn))
                .Append(ml.Transforms.Concatenate("Joined", ["MainUnit", .. Enumerable.Repeat("TopicsUnit", Math.Max(1, recipe.TopicWeight))]));
            main = "Joined";
        }
        pipeline = pipeline.Append(ml.Transforms.NormalizeLpNorm("Embedding", main));

        var model = pipeline.Fit(data);
        EnsureReloads(ml, model, data.Schema, texts.Count);
        return new MlNetMeasureEmbedder(ml, model, data.Schema, recipe, features, owns);
    }

    /// <summary>Saves and loads the fitted model in memory: ML.NET can fit a model it cannot load again (two measures with the
    /// same features fit a degenerate projection, and loading it throws), and such a model must not reach the index.</summary>
    static void EnsureReloads(MLContext ml, ITransformer model, DataViewSchema schema, int measures)
    {
        using var buffer = new MemoryStream();
        ml.Model.Save(model, schema, buffer);
        buffer.Position = 0;
        try
        {
            ml.Model.Load(buffer, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new UserError($"the semantic model fitted on these {measures} measures cannot be used (too few different measures): {e.GetBaseException().Message}");
        }
    }

    static int Rank(int wanted, int measures) => Math.Max(1, Math.Min(wanted, Math.Min(MaxFitMeasures, measures) - 1));

    /// <summary>Most measures the vocabulary, IDF and projections are fitted on; every measure is still embedded.</summary>
    /// <remarks>Fitting cost grows with measures × features × rank; past a few thousand measures a sample describes the
    /// vocabulary and its co-occurrences as well as all of them, and keeps a national corpus's fit in minutes, not hours.</remarks>
    public const int MaxFitMeasures = 4000;

    /// <summary>An evenly spaced, order-preserving sample (deterministic for a given input order).</summary>
    static IReadOnlyList<string> FitSample(IReadOnlyList<string> texts)
    {
        if (texts.Count <= MaxFitMeasures) return texts;
        var sample = new List<string>(MaxFitMeasures);
        for (int i = 0; i < MaxFitMeasures; i++) sample.Add(texts[(int)((long)i * texts.Count / MaxFitMeasures)]);
        return sample;
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static MlNetMeasureEmbedder Load(string folder, MeasureFeatureText? features = null)
    {
        var recipe = JsonSerializer.Deserialize<EmbeddingRecipe>(File.ReadAllText(Path.Combine(folder, RecipeFile)))
                     ?? throw new InvalidDataException("embedder.json is empty");
        bool owns = features is null;
        features ??= new MeasureFeatureText();
        var ml = new MLContext(Seed);
        using var stream = File.OpenRead(Path.Combine(folder, ModelFile));
        var model = ml.Model.Load(stream, out var schema);
        return new MlNetMeasureEmbedder(ml, model, schema, recipe, features, owns);
    }

    public void Save(string folder)
    {
        using (var stream = File.Create(Path.Combine(folder, ModelFile)))
            _ml.Model.Save(_model, _inputSchema, stream);
        File.WriteAllText(Path.Combine(folder, RecipeFile), JsonSerializer.Serialize(Recipe));
    }

    public float[] Embed(string text)
    {
        var row = ToRow(_features, text, Recipe);
        var projection = Projection(() => [row]);
        lock (_gate)
        {
            // One row: counted by the featurizer, or through a prediction engine (a data view and cursor per call would cost
            // more than the projection saves).
            if (projection is not null && _featurizer is not null) return projection.Embed(_featurizer.Featurize(row, _featureScratch!), _scratch);
            if (projection is not null) return projection.Embed(_sparseEngine!.Predict(row).Sparse, _scratch);
            return Finish(_engine.Predict(row).Embedding);
        }
    }

    /// <summary>Embeds through ML.NET's whole fitted pipeline (its PCA transforms included): the reference the fast
    /// projection is checked against.</summary>
    internal float[] EmbedThroughPipeline(string text)
    {
        var row = ToRow(_features, text, Recipe);
        lock (_gate) return Finish(_engine.Predict(row).Embedding);
    }

    /// <summary>Embeds many texts; each row's vector depends on its text alone, so the work is split over the cores.</summary>
    /// <remarks>A fitted transformer is thread-safe (only prediction engines are not); each part runs its own data view and
    /// cursor. At 10,000 documents this is ~1.3 M measure and sentence rows, the larger part of the semantic build.</remarks>
    public IReadOnlyList<float[]> EmbedMany(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        int parts = Math.Max(1, Math.Min(Environment.ProcessorCount, texts.Count / 512));
        var projection = Projection(() => texts.Take(ProjectionCheckRows).Select(t => ToRow(_features, t, Recipe)).ToList());
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            int from = (int)((long)texts.Count * part / parts), to = (int)((long)texts.Count * (part + 1) / parts);
            var rows = new List<FeatureRow>(to - from);
            for (int i = from; i < to; i++) rows.Add(ToRow(_features, texts[i], Recipe));
            int k = from;
            if (projection is not null)
            {
                foreach (var vector in Project(projection, rows)) result[k++] = vector;
            }
            else
            {
                foreach (var r in _ml.Data.CreateEnumerable<EmbeddingRow>(_model.Transform(_ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false))
                    result[k++] = Finish(r.Embedding);
            }
            if (k != to) throw new InvalidOperationException($"embedding returned {k - from} rows for {to - from} texts");
        });
        return result;
    }

    /// <summary>The fast projection, built on first use and used only if it agrees with ML.NET's pipeline on the rows
    /// <paramref name="sampleRows"/> gives (made only then, from the first texts the embedder is asked for).</summary>
    SparseProjection? Projection(Func<IReadOnlyList<FeatureRow>> sampleRows)
    {
        lock (_gate)
        {
            if (_projectionChecked) return _projection;
            var sample = sampleRows();
            if (sample.Count == 0) return null; // nothing to check it on yet; a later call decides
            var projection = SparseProjection.TryCreate(_ml, _model, _inputSchema, Recipe);
            SparseFeaturizer? featurizer = null;
            if (projection is not null && projection.Dimension == Dimension)
            {
                var reference = sample.Select(r => Finish(_engine.Predict(r).Embedding)).ToList();
                bool AgreesOnSample(SparseFeaturizer? f)
                {
                    var fast = Project(projection, f, sample);
                    return Enumerable.Range(0, sample.Count).All(i => SparseProjection.Agrees(fast[i], reference[i]));
                }
                featurizer = SparseFeaturizer.TryCreate(_ml, projection.FeatureSteps, _inputSchema, Recipe);
                if (featurizer is not null && !AgreesOnSample(featurizer)) featurizer = null;
                if (featurizer is null && !AgreesOnSample(null)) projection = null;
            }
            else projection = null;
            if (projection is not null)
            {
                if (featurizer is null) _sparseEngine = _ml.Model.CreatePredictionEngine<FeatureRow, SparseRow>(projection.Features, _inputSchema);
                else _featureScratch = featurizer.NewScratch();
                _scratch = projection.NewScratch();
            }
            _featurizer = projection is null ? null : featurizer;
            _projection = projection;
            _projectionChecked = true;
            return projection;
        }
    }

    /// <summary>True when embeddings are projected by <see cref="SparseProjection"/> rather than by ML.NET's PCA transform.</summary>
    internal bool UsesFastProjection => _projectionChecked && _projection is not null;

    /// <summary>True when the features are counted by <see cref="SparseFeaturizer"/> rather than by ML.NET's text transforms.</summary>
    internal bool UsesFastFeatures => UsesFastProjection && _featurizer is not null;

    List<float[]> Project(SparseProjection projection, IReadOnlyList<FeatureRow> rows) => Project(projection, _featurizer, rows);

    List<float[]> Project(SparseProjection projection, SparseFeaturizer? featurizer, IReadOnlyList<FeatureRow> rows)
    {
        if (featurizer is not null)
        {
            var featureScratch = featurizer.NewScratch();
            var projectionScratch = projection.NewScratch();
            return rows.Select(r => projection.Embed(featurizer.Featurize(r, featureScratch), projectionScratch)).ToList();
        }
        var view = projection.Features.Transform(_ml.Data.LoadFromEnumerable(rows));
        var column = view.Schema["Sparse"];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> sparse = default;
        var scratch = projection.NewScratch();
        var vectors = new List<float[]>(rows.Count);
        while (cursor.MoveNext())
        {
            getter(ref sparse);
            vectors.Add(projection.Embed(sparse, scratch));
        }
        return vectors;
    }

    float[] Finish(float[] v)
    {
        // A sparse output can come back shorter than its declared size when trailing slots are empty.
        if (v.Length != Dimension) Array.Resize(ref v, Dimension);
        return v;
    }

    internal static FeatureRow ToRow(MeasureFeatureText features, string text, EmbeddingRecipe recipe)
    {
        // Repeating the lead sentence raises its term frequencies: in these plans the first sentence names the
        // instrument, the rest lists whatever else the office bundled into the same item.
        if (recipe.LeadWeight > 0)
        {
            string lead = MeasureFeatureText.Lead(text);
            if (lead.Length > 0)
            {
                string chars = MeasureFeatureText.Characters(string.Join("。", Enumerable.Repeat(lead, recipe.LeadWeight)) + "。" + text);
                // Each copy is a sentence of its own, which SmartCn segments alone: segmenting one copy and repeating its
                // words gives what segmenting all copies gave, for a fraction of the segmentation time.
                var (leadWordList, sameWithoutEnd) = features.SentenceWords(lead);
                string leadWords = string.Join(' ', leadWordList);
                // A text that is its own lead (a sentence row of up to 80 characters) has the lead's words, unless its missing 。 changes them.
                string words = lead == text && sameWithoutEnd ? leadWords : features.WordsJoined(text);
                if (leadWords.Length > 0)
                    words = string.Join(' ', Enumerable.Repeat(leadWords, recipe.LeadWeight).Append(words).Where(w => w.Length > 0));
                return new() { Chars = chars, Words = words };
            }
        }
        return new() { Chars = MeasureFeatureText.Characters(text), Words = features.WordsJoined(text) };
    }

    public void Dispose()
    {
        _engine.Dispose();
        _sparseEngine?.Dispose();
        if (_ownsFeatures) _features.Dispose();
    }
}
