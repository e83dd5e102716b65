using System.Numerics.Tensors;
using Search.Schema;

namespace Search.Semantic;

/// <summary>What to find measures similar to: an indexed measure (by id) or free text.</summary>
public abstract record SimilarTarget
{
    public static SimilarTarget ForMeasure(string id) => new MeasureTarget(id);
    public static SimilarTarget ForText(string text) => new TextTarget(text);
}

/// <summary>An indexed measure as the target.</summary>
public sealed record MeasureTarget(string Id) : SimilarTarget;

/// <summary>Free text as the target.</summary>
public sealed record TextTarget(string Text) : SimilarTarget;

/// <summary>How many similar measures to return and which rows may be returned.</summary>
public sealed record SimilarOptions
{
    public int Top { get; init; } = 10;
    /// <summary>Leave out the target measure's own district (the point of "similar elsewhere"); ignored for free text.</summary>
    public bool OtherDistrictsOnly { get; init; } = true;
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    public int? Year { get; init; }
    public string? Type { get; init; }
    /// <summary>Hits whose vectors are at least this close to a better hit are dropped as near-duplicates; ≥ 1 keeps everything.</summary>
    public float NearDuplicate { get; init; } = 0.92f;
    public bool Explain { get; init; } = true;
    /// <summary>Weight of the passage score: the best cosine between the target's lead sentence and any sentence of the candidate.</summary>
    public double PassageWeight { get; init; } = SemanticIndex.DefaultPassageWeight;
    /// <summary>Weight of the first scan's best hits added to the query vector before the final scan (pseudo-relevance
    /// feedback; 0 = one scan).</summary>
    public double FeedbackWeight { get; init; } = SemanticIndex.DefaultFeedbackWeight;
}

/// <summary>A measure found similar, with the words that explain the match.</summary>
/// <param name="Score">What the list is ordered by: the hybrid's fused score (1 = first by both the embedding and BM25) when
/// BM25 took part, else <see cref="Similarity"/>.</param>
public sealed record SimilarMeasure(
    string Id, string DocId, string Source, string? District, string Path, string Text, double Score, IReadOnlyList<string> SharedTerms)
{
    /// <summary>The embedding's similarity: cosine of the measure vectors plus the weighted passage score (so up to 1 + passage weight).</summary>
    public double Similarity { get; init; } = Score;
}

/// <summary>A document found similar, scored by the cosine of its measures' centroid with the target's.</summary>
public sealed record SimilarDocument(string DocId, string Source, string? District, double Score, int Measures);

/// <summary>An opened semantic folder: embedder, memory-mapped vectors and term statistics, answering "similar measures elsewhere".</summary>
public sealed class SemanticIndex : IDisposable
{
    public const string PassagesFolder = "passages";
    public const double DefaultPassageWeight = 0.5;
    /// <summary>RRF weight of the vector list against the BM25 list in the similar-measure hybrid (k = 60).</summary>
    /// <remarks>Chosen on the development set <c>judged-similar-dev.json</c> (24 other query measures, judged before any model
    /// ran on them), never on the test set <c>judged-similar.json</c>: see docs/EVALUATION.md.</remarks>
    public const double HybridVectorWeight = 2.0;
    /// <summary>Vector candidates the hybrid's BM25 side scores and fuses (at least; more when more hits are asked for).</summary>
    public const int HybridDepth = 100;
    /// <summary>How many of the first scan's hits expand the query vector (pseudo-relevance feedback).</summary>
    public const int FeedbackNeighbours = 5;
    /// <summary>Weight of their mean vector against the target's (then re-normalised).</summary>
    /// <remarks>Both chosen on the development set (a plateau: 4–6 neighbours × weight 0.75–2 all beat no feedback there), never
    /// on the test set: docs/EVALUATION.md, session 6. Measures of one instrument share words with their neighbours more than
    /// with the target, so the neighbours' vectors pull in the instrument's other wordings.</remarks>
    public const double DefaultFeedbackWeight = 1.5;
    // Re-ranking by passages looks at this many whole-measure candidates per requested hit.
    const int RerankDepthFactor = 5, RerankMinDepth = 50;

    readonly MeasureFeatureText _features;
    readonly IMeasureEmbedder _embedder;
    readonly SharedTermExplainer _explainer;
    readonly Lazy<DocumentCentroids> _centroids;

    public MeasureVectorStore Store { get; }
    /// <summary>Sentence vectors, opened on first use: they are the largest part of the folder and only the passage re-ranking of
    /// <c>similar</c> needs them, so search (hybrid fusion) and start-up do not pay for them.</summary>
    public MeasureVectorStore Passages => _passages.Value.Store;
    readonly Lazy<(MeasureVectorStore Store, int[] Firsts)> _passages;

    /// <summary>Sentence rows of each measure row: <c>spans.bin</c> in the passages folder.</summary>
    public const string SpansFile = "spans.bin";
    public IMeasureEmbedder Embedder => _embedder;
    public SemanticHeader Header { get; }
    public string Folder { get; }

    SemanticIndex(string folder, SemanticHeader header, MeasureFeatureText features, IMeasureEmbedder embedder, MeasureVectorStore store,
        SharedTermExplainer explainer)
    {
        Folder = folder; Header = header; _features = features; _embedder = embedder; Store = store; _explainer = explainer;
        _passages = new Lazy<(MeasureVectorStore, int[])>(() =>
        {
            string passagesFolder = Path.Combine(folder, PassagesFolder);
            var firsts = ReadSpans(passagesFolder, store.Count);
            var passages = MeasureVectorStore.OpenVectors(passagesFolder);
            if (firsts[^1] != passages.Count)
            {
                passages.Dispose();
                throw new InvalidDataException($"'{passagesFolder}' has {passages.Count} sentence vectors, its spans say {firsts[^1]}");
            }
            return (passages, firsts);
        });
        _centroids = new Lazy<DocumentCentroids>(() => new DocumentCentroids(store));
    }

    /// <summary>Opens a folder written by <see cref="SemanticIndexBuilder.Build"/>; a missing or corrupt folder is reported, not guessed around.</summary>
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
            if (!File.Exists(Path.Combine(folder, PassagesFolder, MeasureVectorStore.HeaderFile)) || !File.Exists(Path.Combine(folder, PassagesFolder, SpansFile)))
                throw new InvalidDataException($"'{folder}' has no passage vectors");
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

    /// <summary>The query moved towards the mean of its best hits' vectors in <paramref name="store"/> (<see cref="FeedbackNeighbours"/>
    /// of them), unit length: the refinement <c>similar</c> applies (pseudo-relevance feedback).</summary>
    public static float[] WithFeedback(MeasureVectorStore store, float[] query, IReadOnlyList<VectorHit> hits, double weight)
    {
        int n = Math.Min(FeedbackNeighbours, hits.Count);
        var expanded = (float[])query.Clone();
        var neighbour = new float[store.Dimension];
        foreach (var hit in hits.Take(n))
        {
            // Positional reads: a server must not pull the vector file into its resident set (see ReadVectors).
            store.ReadVectors(hit.Row, 1, neighbour);
            TensorPrimitives.MultiplyAdd(neighbour, (float)(weight / n), expanded, expanded);
        }
        float norm = TensorPrimitives.Norm(expanded);
        if (norm > 0) TensorPrimitives.Divide(expanded, norm, expanded);
        return expanded;
    }

    /// <param name="terms">The BM25 side: when given, the vector candidates are re-ranked by reciprocal rank fusion with its
    /// MoreLikeThis ranking of them (the hybrid); without, the embedding alone ranks.</param>
    public IReadOnlyList<SimilarMeasure> FindSimilar(SimilarTarget target, SimilarOptions? options = null, MeasureTermRanker? terms = null)
    {
        options ??= new SimilarOptions();
        if (options.Top <= 0) throw new UserError("--top must be at least 1");
        float[] query;
        float[]? lead;
        string queryText;
        var filter = new VectorFilter
        {
            Province = options.Province, City = options.City, District = options.District, Year = options.Year, Type = options.Type,
        };
        switch (target)
        {
            case MeasureTarget m:
                if (string.IsNullOrWhiteSpace(m.Id)) throw new UserError("measure id is empty");
                if (!Store.TryGetRow(m.Id.Trim(), out int row))
                    throw new UserError($"unknown measure id '{m.Id}' (ids look like {Store.Rows.FirstOrDefault()?.Id ?? "<docId>-001"}; `search --json` and `ingest --json` print them)");
                var r = Store.Rows[row];
                query = new float[Store.Dimension];
                Store.ReadVectors(row, 1, query); // positional: a server's RSS must not grow by the mapped pages of random rows
                var (firstPassage, passageCount) = PassagesOf(row);
                if (options.PassageWeight > 0 && passageCount > 0)
                {
                    lead = new float[Passages.Dimension];
                    Passages.CopyVectors(firstPassage, 1, lead);
                }
                else lead = null;
                queryText = r.Text;
                filter = filter with { ExcludeId = r.Id, ExcludeDistrict = options.OtherDistrictsOnly ? r.District : null };
                break;
            case TextTarget t:
                if (string.IsNullOrWhiteSpace(t.Text)) throw new UserError("text is empty; give the measure text to compare with");
                queryText = t.Text;
                query = _embedder.Embed(t.Text);
                if (TensorPrimitives.Norm(query) == 0) return [];
                // The lead sentence only matters to passage re-ranking: without it, one embedding is enough.
                var leadText = options.PassageWeight > 0 ? MeasureFeatureText.Passages(t.Text) : [];
                lead = leadText.Count > 1 ? _embedder.Embed(leadText[0]) : query;
                break;
            default:
                throw new ArgumentException("unknown target", nameof(target));
        }

        // Fetch more than asked so collapsing near-duplicates still fills the page.
        bool collapse = options.NearDuplicate < 1f;
        int fetch = collapse ? options.Top * 3 + 10 : options.Top;
        int depth = fetch;
        if (options.PassageWeight > 0) depth = Math.Max(depth, Math.Max(RerankMinDepth, options.Top * RerankDepthFactor));
        if (terms is not null) depth = Math.Max(depth, HybridDepth);
        var hits = options.FeedbackWeight > 0
            ? Store.SearchRefined(query, depth, FeedbackNeighbours, filter, first => WithFeedback(Store, query, first, options.FeedbackWeight))
            : Store.Search(query, depth, filter);
        if (options.PassageWeight > 0 && lead is not null)
            hits = hits.Select(h => new VectorHit(h.Row, (float)(h.Score + options.PassageWeight * BestPassage(lead, h.Row))))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Row).ToList();
        var ranked = hits.Select(h => (h.Row, Score: (double)h.Score, Similarity: (double)h.Score)).ToList();
        if (terms is not null && ranked.Count > 1)
        {
            var ids = ranked.Select(h => Store.IdOf(h.Row)).ToList();
            var byId = ids.Zip(ranked).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            ranked = ReciprocalRankFusion.FuseCandidates(ids, terms.Rank(queryText, ids), vectorWeight: HybridVectorWeight)
                .Select(f => (byId[f.Id].Row, f.Score, byId[f.Id].Similarity)).ToList();
        }
        var kept = new List<(int Row, double Score, double Similarity)>(options.Top);
        var keptVectors = new List<float[]>(options.Top);
        foreach (var hit in ranked)
        {
            if (kept.Count == options.Top) break;
            if (collapse)
            {
                var vector = new float[Store.Dimension];
                Store.ReadVectors(hit.Row, 1, vector);
                if (keptVectors.Any(k => TensorPrimitives.Dot(k, vector) >= options.NearDuplicate)) continue;
                keptVectors.Add(vector);
            }
            kept.Add(hit);
        }
        var prepared = options.Explain ? _explainer.Prepare(queryText) : null;
        return kept.Select(h =>
        {
            var row = Store.Rows[h.Row];
            return new SimilarMeasure(row.Id, row.DocId, row.Source, row.District, row.Path, row.Text, Math.Round(h.Score, 6),
                prepared is null ? [] : _explainer.Explain(prepared, row.Text)) { Similarity = Math.Round(h.Similarity, 6) };
        }).ToList();
    }

    (int First, int Count) PassagesOf(int measureRow)
    {
        var firsts = _passages.Value.Firsts;
        return (firsts[measureRow], firsts[measureRow + 1] - firsts[measureRow]);
    }

    /// <summary>Writes <see cref="SpansFile"/>: the first sentence row of each measure row, then the end.</summary>
    internal static void WriteSpans(string passagesFolder, IReadOnlyList<int> firsts)
    {
        using var stream = new FileStream(Path.Combine(passagesFolder, SpansFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(stream);
        w.Write(firsts.Count - 1);
        foreach (int first in firsts) w.Write(first);
        w.Flush();
        stream.Flush(true);
    }

    static int[] ReadSpans(string passagesFolder, int measures)
    {
        string path = Path.Combine(passagesFolder, SpansFile);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream);
        int count = r.ReadInt32();
        if (count != measures) throw new InvalidDataException($"'{path}' covers {count} measures, the store has {measures}");
        var firsts = new int[count + 1];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(firsts.AsSpan()));
        for (int i = 1; i < firsts.Length; i++)
            if (firsts[i] < firsts[i - 1]) throw new InvalidDataException($"'{path}' is not in order at measure {i}");
        return firsts;
    }

    float BestPassage(float[] lead, int measureRow)
    {
        var span = PassagesOf(measureRow);
        if (span.Count == 0) return 0;
        int d = Passages.Dimension;
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(span.Count * d);
        try
        {
            Passages.CopyVectors(span.First, span.Count, buffer);
            float best = 0;
            for (int i = 0; i < span.Count; i++)
                best = Math.Max(best, TensorPrimitives.Dot(lead, buffer.AsSpan(i * d, d)));
            return best;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The given documents ordered by their best measure's cosine with <paramref name="text"/> (ties keep the given
    /// order); documents without measure vectors are left out.</summary>
    /// <remarks>For hybrid ranking of a result page: it scores only the candidates' measures (about 2,000 at 100 documents)
    /// instead of scanning every measure of the corpus for a global top 1,000, which cost ~40 % of a free-text query at 10k.</remarks>
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

    /// <summary>Documents whose measures, taken together, are closest to those of <paramref name="docId"/>; other districts only by default.</summary>
    public IReadOnlyList<SimilarDocument> SimilarDocuments(string docId, int top = 10, bool otherDistrictsOnly = true)
    {
        var centroids = _centroids.Value;
        if (!centroids.Index.TryGetValue(docId, out int self)) throw new UserError($"unknown document id '{docId}'");
        var target = centroids.Documents[self];
        return centroids.Documents
            .Where(d => d.DocId != docId && !(otherDistrictsOnly && target.District is not null && d.District == target.District))
            .Select(d => new SimilarDocument(d.DocId, d.Source, d.District, Math.Round(TensorPrimitives.Dot(target.Centroid, d.Centroid), 6), d.Measures))
            .OrderByDescending(d => d.Score).ThenBy(d => d.DocId, StringComparer.Ordinal)
            .Take(top).ToList();
    }

    sealed class DocumentCentroids
    {
        public sealed record Entry(string DocId, string Source, string? District, float[] Centroid, int Measures);
        public List<Entry> Documents { get; } = [];
        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

        public DocumentCentroids(MeasureVectorStore store)
        {
            // Vectors are read in blocks with positional reads (the mapped file would stay in a server's RSS); each document's
            // sum adds its rows in row order. Only one row per document is read whole (for its source and district).
            int dimension = store.Dimension;
            var sums = new Dictionary<int, (float[] Sum, int First, int Count)>();
            const int Block = 4096;
            var buffer = new float[Block * dimension];
            for (int first = 0; first < store.Count; first += Block)
            {
                int n = Math.Min(Block, store.Count - first);
                store.ReadVectors(first, n, buffer);
                for (int r = 0; r < n; r++)
                {
                    int document = store.DocumentOf(first + r);
                    if (!sums.TryGetValue(document, out var entry)) entry = (new float[dimension], first + r, 0);
                    TensorPrimitives.Add(entry.Sum, buffer.AsSpan(r * dimension, dimension), entry.Sum);
                    sums[document] = (entry.Sum, entry.First, entry.Count + 1);
                }
            }
            foreach (var (_, (sum, firstRow, count)) in sums.OrderBy(d => store.DocumentIds[d.Key], StringComparer.Ordinal))
            {
                float norm = TensorPrimitives.Norm(sum);
                if (norm > 0) TensorPrimitives.Divide(sum, norm, sum);
                var row = store.Rows[firstRow];
                Index[row.DocId] = Documents.Count;
                Documents.Add(new Entry(row.DocId, row.Source, row.District, sum, count));
            }
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        if (_passages.IsValueCreated) Passages.Dispose();
        _embedder.Dispose();
        _features.Dispose();
    }
}
