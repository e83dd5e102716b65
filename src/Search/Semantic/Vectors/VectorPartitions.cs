using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Search.Semantic.Vectors;

/// <summary>An inverted-file partition of a store's measure vectors: k-means centroids and the rows nearest each, written
/// beside the vectors at index time, so a scan reads only the partitions nearest its query instead of every row.</summary>
/// <remarks>
/// <para>Why: at a million measures the 4-bit scan of every row is most of a <c>similar</c> answer; the partitions nearest a query hold its neighbours, so a tenth of the rows gives (nearly) the same top 100. The recall against
/// exact float32 scans is measured by <c>bench</c> (<c>vector_recall</c>), not assumed.</para>
/// <para>Spherical k-means (vectors and centroids unit length, nearest = highest dot product): √n partitions, trained on a
/// seeded sample of 64 rows per partition for <see cref="Iterations"/> rounds, then every row assigned to its nearest
/// centroid (ties to the lower partition). Deterministic: one seed, sums in row order.</para>
/// </remarks>
public sealed class VectorPartitions
{
    public const string FileName = "partitions.bin";
    const int FormatVersion = 1;
    static readonly byte[] Magic = "SRCHIVF\0"u8.ToArray();

    /// <summary>Training rows drawn per partition.</summary>
    public const int SamplePerPartition = 64;

    /// <summary>k-means rounds on the training sample.</summary>
    public const int Iterations = 10;

    readonly float[] _centroids;
    readonly int[] _offsets;
    readonly int[] _rows;

    /// <summary>Number of partitions.</summary>
    public int Count => _offsets.Length - 1;
    public int Dimension { get; }
    /// <summary>Rows partitioned (the store's row count).</summary>
    public int Rows => _rows.Length;

    VectorPartitions(int dimension, float[] centroids, int[] offsets, int[] rows)
    {
        Dimension = dimension; _centroids = centroids; _offsets = offsets; _rows = rows;
    }

    /// <summary>Every row, grouped by partition (partition 0's rows first), ascending within a partition.</summary>
    public ReadOnlySpan<int> RowOrder => _rows;

    /// <summary><see cref="RowOrder"/> itself, for the store that lays its codes out in it (not to be written to).</summary>
    internal int[] RowOrderArray => _rows;

    /// <summary>Where partition <paramref name="partition"/>'s rows lie in <see cref="RowOrder"/>.</summary>
    public (int Start, int Length) Range(int partition) => (_offsets[partition], _offsets[partition + 1] - _offsets[partition]);

    /// <summary>Centroid of a partition (unit length, or zero for a partition trained empty).</summary>
    public ReadOnlySpan<float> Centroid(int partition) => _centroids.AsSpan(partition * Dimension, Dimension);

    /// <summary>The partitions nearest <paramref name="query"/> (highest dot product first, ties to the lower partition), as many
    /// as it takes to cover at least <paramref name="share"/> of the rows.</summary>
    public int[] Nearest(ReadOnlySpan<float> query, double share)
    {
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} components, partitions have {Dimension}");
        var scores = new float[Count];
        for (int p = 0; p < Count; p++) scores[p] = TensorPrimitives.Dot(query, Centroid(p));
        var order = Enumerable.Range(0, Count).ToArray();
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        long wanted = (long)Math.Ceiling(Math.Clamp(share, 0, 1) * Rows), covered = 0;
        int taken = 0;
        while (taken < order.Length && (covered < wanted || taken == 0))
            covered += Range(order[taken++]).Length;
        return order[..taken];
    }

    /// <summary>The default number of partitions for <paramref name="rows"/> rows: √rows, at least 1.</summary>
    public static int DefaultCount(int rows) => Math.Max(1, (int)Math.Round(Math.Sqrt(rows)));

    /// <summary>Partitions the rows of <paramref name="store"/> (vectors read with positional reads, in row order).</summary>
    public static VectorPartitions Build(MeasureVectorStore store, int? partitions = null, int seed = 1)
    {
        int n = store.Count, d = store.Dimension;
        if (n == 0) throw new ArgumentException("an empty store has nothing to partition", nameof(store));
        int k = Math.Clamp(partitions ?? DefaultCount(n), 1, n);

        // A seeded sample, in row order (sequential reads), and seeded initial centroids among it.
        var random = new Random(seed);
        var all = Enumerable.Range(0, n).ToArray();
        int sampleSize = (int)Math.Min(n, (long)k * SamplePerPartition);
        for (int i = 0; i < sampleSize; i++)
        {
            int j = i + random.Next(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var sample = all[..sampleSize];
        Array.Sort(sample);
        var training = new float[(long)sampleSize * d];
        for (int i = 0; i < sampleSize; i++) store.ReadVectors(sample[i], 1, training.AsSpan(i * d, d));
        var centroids = new float[(long)k * d];
        var initial = Enumerable.Range(0, sampleSize).OrderBy(_ => random.Next()).Take(k).Order().ToArray();
        for (int c = 0; c < k; c++) training.AsSpan(initial[c] * d, d).CopyTo(centroids.AsSpan(c * d, d));

        var assignment = new int[sampleSize];
        for (int round = 0; round < Iterations; round++)
        {
            Assign(training, sampleSize, d, centroids, k, assignment);
            var sums = new float[(long)k * d];
            var sizes = new int[k];
            for (int i = 0; i < sampleSize; i++)
            {
                TensorPrimitives.Add(sums.AsSpan(assignment[i] * d, d), training.AsSpan(i * d, d), sums.AsSpan(assignment[i] * d, d));
                sizes[assignment[i]]++;
            }
            for (int c = 0; c < k; c++)
            {
                var centroid = sums.AsSpan(c * d, d);
                // An emptied partition restarts at a sample row (seeded), instead of staying empty.
                if (sizes[c] == 0) training.AsSpan(random.Next(sampleSize) * d, d).CopyTo(centroid);
                float norm = TensorPrimitives.Norm(centroid);
                if (norm > 0) TensorPrimitives.Divide(centroid, norm, centroid);
            }
            centroids = sums;
        }

        // Every row to its nearest centroid, read in blocks in row order.
        var partitionOf = new int[n];
        const int Block = 8192;
        var buffer = new float[Block * d];
        for (int first = 0; first < n; first += Block)
        {
            int count = Math.Min(Block, n - first);
            store.ReadVectors(first, count, buffer);
            Assign(buffer, count, d, centroids, k, partitionOf.AsSpan(first, count));
        }
        var offsets = new int[k + 1];
        foreach (int p in partitionOf) offsets[p + 1]++;
        for (int p = 0; p < k; p++) offsets[p + 1] += offsets[p];
        var next = offsets[..k];
        var rows = new int[n];
        for (int row = 0; row < n; row++) rows[next[partitionOf[row]]++] = row;
        return new VectorPartitions(d, centroids, offsets, rows);
    }

    /// <summary>Nearest centroid of each of <paramref name="count"/> vectors (ties to the lower centroid), over the cores.</summary>
    static void Assign(float[] vectors, int count, int d, float[] centroids, int k, Span<int> assignment)
    {
        var result = new int[count];
        Parallel.For(0, Environment.ProcessorCount, part =>
        {
            int from = (int)((long)count * part / Environment.ProcessorCount), to = (int)((long)count * (part + 1) / Environment.ProcessorCount);
            for (int i = from; i < to; i++)
            {
                var v = vectors.AsSpan(i * d, d);
                int best = 0;
                float bestScore = float.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    float s = TensorPrimitives.Dot(v, centroids.AsSpan(c * d, d));
                    if (s > bestScore) { bestScore = s; best = c; }
                }
                result[i] = best;
            }
        });
        result.CopyTo(assignment);
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        using var stream = new FileStream(Path.Combine(folder, FileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(stream);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Dimension);
        w.Write(Count);
        w.Write(Rows);
        w.Write(MemoryMarshal.AsBytes(_centroids.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(_offsets.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(_rows.AsSpan()));
        w.Flush();
        stream.Flush(true);
    }

    /// <summary>Reads the partitions of a folder written for a store of <paramref name="rows"/> rows of
    /// <paramref name="dimension"/>; null when the folder has none (it was written before partitions, or is small), and
    /// <see cref="InvalidDataException"/> when the file does not partition exactly those rows.</summary>
    public static VectorPartitions? Read(string folder, int rows, int dimension)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || r.ReadInt32() != FormatVersion)
                throw new InvalidDataException($"'{path}' is not a partitions file of version {FormatVersion}");
            int d = r.ReadInt32(), k = r.ReadInt32(), n = r.ReadInt32();
            if (d != dimension || n != rows || k < 1 || k > n)
                throw new InvalidDataException($"'{path}' partitions {n} rows of {d} dimensions into {k}; the store has {rows} of {dimension}");
            long expected = Magic.Length + 4L * sizeof(int) + (long)k * d * sizeof(float) + (k + 1L) * sizeof(int) + (long)n * sizeof(int);
            if (stream.Length != expected) throw new InvalidDataException($"'{path}' has {stream.Length} bytes, {expected} expected");
            var centroids = new float[(long)k * d];
            var offsets = new int[k + 1];
            var members = new int[n];
            stream.ReadExactly(MemoryMarshal.AsBytes(centroids.AsSpan()));
            stream.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan()));
            stream.ReadExactly(MemoryMarshal.AsBytes(members.AsSpan()));
            if (offsets[0] != 0 || offsets[k] != n) throw new InvalidDataException($"'{path}': partition offsets do not cover the {n} rows");
            for (int p = 0; p < k; p++)
                if (offsets[p + 1] < offsets[p]) throw new InvalidDataException($"'{path}': partition offsets decrease at partition {p}");
            var seen = new bool[n];
            foreach (int row in members)
            {
                if ((uint)row >= (uint)n || seen[row]) throw new InvalidDataException($"'{path}': row {row} is out of range or in two partitions");
                seen[row] = true;
            }
            return new VectorPartitions(d, centroids, offsets, members);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is truncated");
        }
    }
}
