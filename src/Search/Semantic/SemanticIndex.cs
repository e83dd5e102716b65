using System.Numerics.Tensors;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;
using Search.Semantic.Vectors;
using Search.Schema;

namespace Search.Semantic;

/// <summary>An opened semantic folder: the fitted embedder, the memory-mapped measure vectors, the sentence vectors and the term
/// table, answering "similar measures elsewhere", "similar documents" and the vector side of hybrid search.</summary>
/// <remarks>Folder layout: the measure vectors (<see cref="VectorFolder"/>), the model (<see cref="IMeasureEmbedder.Save"/>),
/// the term table (<see cref="SharedTermExplainer.TermsFile"/>), the sentence vectors (<see cref="PassageVectors"/>) and, for
/// large stores, partitions (<see cref="VectorPartitions"/>). Written by <see cref="SemanticIndexBuilder.Build(IReadOnlyList{MeasureVectorRow}, string, EmbeddingRecipe?, MeasureFeatureText?, IProgress{SemanticBuildProgress}?)"/>.</remarks>
public sealed class SemanticIndex : IDisposable
{
    readonly MeasureFeatureText _features;
    readonly IMeasureEmbedder _embedder;
    readonly Lazy<PassageVectors> _passages;
    readonly SimilarMeasures _similar;
    readonly SimilarDocuments _similarDocuments;

    public MeasureVectorStore Store { get; }

    /// <summary>Sentence vectors, opened on first use: they are the largest part of the folder and only the passage re-ranking of
    /// <c>similar</c> needs them, so search (hybrid fusion) and start-up do not pay for them.</summary>
    public MeasureVectorStore Passages => _passages.Value.Store;

    public IMeasureEmbedder Embedder => _embedder;
    public SemanticHeader Header { get; }
    public string Folder { get; }

    SemanticIndex(string folder, SemanticHeader header, MeasureFeatureText features, IMeasureEmbedder embedder, MeasureVectorStore store,
        SharedTermExplainer explainer)
    {
        Folder = folder; Header = header; _features = features; _embedder = embedder; Store = store;
        _passages = new Lazy<PassageVectors>(() => PassageVectors.Open(folder, store.Count));
        _similar = new SimilarMeasures(store, () => _passages.Value, embedder, explainer);
        _similarDocuments = new SimilarDocuments(store);
    }

    /// <summary>Opens a folder written by <see cref="SemanticIndexBuilder"/>; a missing or corrupt folder is reported, not guessed around.</summary>
    /// <remarks><paramref name="quantized"/> scans a 4-bit copy of the measure vectors and re-scores the nominated candidates in float32:
    /// an eighth of the memory traffic for large stores, at the risk of missing a candidate that rounding pushed out.</remarks>
    public static SemanticIndex Open(string folder, bool quantized = false)
    {
        var header = MeasureVectorStore.ReadHeader(folder);
        var opened = new List<IDisposable>();
        T Track<T>(T item) where T : IDisposable { opened.Add(item); return item; }
        try
        {
            var features = Track(new MeasureFeatureText());
            var store = Track(MeasureVectorStore.Open(folder, quantized: quantized));
            var embedder = Track(MeasureEmbedders.Load(folder, header.Embedder, features));
            if (embedder.Dimension != header.Dimension)
                throw new InvalidDataException($"model dimension {embedder.Dimension} ≠ vectors dimension {header.Dimension} in '{folder}'");
            var explainer = new SharedTermExplainer(SharedTermExplainer.Load(folder), features);
            if (!PassageVectors.Exist(folder)) throw new InvalidDataException($"'{folder}' has no passage vectors");
            return new SemanticIndex(folder, header, features, embedder, store, explainer);
        }
        catch
        {
            // Release what was opened (memory maps, model) in reverse order before reporting the failure.
            for (int i = opened.Count - 1; i >= 0; i--) opened[i].Dispose();
            throw;
        }
    }

    /// <summary>Builds now what the first <c>similar</c> or fused search would otherwise build: the quantized copy of a large store,
    /// the sentence spans, the lookup of each document's measures.</summary>
    public void Warm()
    {
        Store.Warm();
        Store.PrepareDocumentRuns();
        _ = _passages.Value;
    }

    /// <summary>The semantic folder of an index: the one its latest Lucene commit names (so vectors and index always agree), or null.</summary>
    public static string? Locate(string indexFolder) => Schema.CommitMetadata.Latest(indexFolder)?.SemanticFolder(indexFolder);

    /// <param name="terms">The BM25 side: when given, the vector candidates are re-ranked by reciprocal rank fusion with its
    /// MoreLikeThis ranking of them (the hybrid); without, the embedding alone ranks.</param>
    public IReadOnlyList<SimilarMeasure> FindSimilar(SimilarTarget target, SimilarOptions? options = null, MeasureTermRanker? terms = null) =>
        _similar.Find(target, options, terms);

    /// <summary>Documents whose measures, taken together, are closest to those of <paramref name="docId"/>; other districts only by default.</summary>
    public IReadOnlyList<SimilarDocument> SimilarDocuments(string docId, int top = 10, bool otherDistrictsOnly = true) =>
        _similarDocuments.Find(docId, top, otherDistrictsOnly);

    /// <summary>The given documents ordered by their best measure's cosine with <paramref name="text"/> (ties keep the given
    /// order); documents without measure vectors are left out.</summary>
    /// <remarks>For hybrid ranking of a result page: it scores only the candidates' measures (about 2,000 at 100 documents)
    /// instead of scanning every measure of the corpus for a global top 1,000.</remarks>
    public IReadOnlyList<string> RankDocuments(string text, IReadOnlyList<string> docIds)
    {
        if (string.IsNullOrWhiteSpace(text) || docIds.Count == 0) return [];
        var query = _embedder.Embed(text);
        if (TensorPrimitives.Norm(query) == 0) return [];
        var scored = new List<(string DocId, float Score, int Order)>(docIds.Count);
        int d = Store.Dimension;
        float[] buffer = [];
        for (int k = 0; k < docIds.Count; k++)
        {
            // A document's rows are one run: one read each.
            var (first, count) = Store.RowsOfDocument(docIds[k]);
            if (count == 0) continue;
            if (buffer.Length < count * d) buffer = new float[count * d];
            Store.ReadVectors(first, count, buffer);
            float best = float.NegativeInfinity;
            for (int row = 0; row < count; row++) best = Math.Max(best, TensorPrimitives.Dot(query, buffer.AsSpan(row * d, d)));
            scored.Add((docIds[k], best, k));
        }
        return scored.OrderByDescending(x => x.Score).ThenBy(x => x.Order).Select(x => x.DocId).ToList();
    }

    public void Dispose()
    {
        Store.Dispose();
        if (_passages.IsValueCreated) _passages.Value.Dispose();
        _embedder.Dispose();
        _features.Dispose();
    }
}
