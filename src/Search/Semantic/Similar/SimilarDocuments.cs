using System.Numerics.Tensors;
using Search.Semantic.Vectors;

namespace Search.Semantic.Similar;

/// <summary>Documents similar to a document: the cosine of the centroids of their measure vectors (computed once per store).</summary>
public sealed class SimilarDocuments(MeasureVectorStore store)
{
    readonly Lazy<DocumentCentroids> _centroids = new(() => new DocumentCentroids(store));

    /// <summary>Documents whose measures, taken together, are closest to those of <paramref name="docId"/>; other districts only by default.</summary>
    public IReadOnlyList<SimilarDocument> Find(string docId, int top = 10, bool otherDistrictsOnly = true)
    {
        var centroids = _centroids.Value;
        if (!centroids.Index.TryGetValue(docId, out int self)) throw new UnknownIdError($"unknown document id '{docId}'");
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
}
