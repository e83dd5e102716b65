using System.Numerics.Tensors;

namespace Search.Semantic.Vectors;

/// <summary>One way of finding a query's best rows among those a filter keeps: exact over float32, or nominated by 4-bit codes
/// (over every row or over the partitions nearest the query) and re-scored exactly. Ties go to the lower row.</summary>
interface IVectorScan
{
    /// <summary>The best <paramref name="k"/> rows, best first.</summary>
    IReadOnlyList<VectorHit> Search(float[] query, int k, RowFilter filter);

    /// <summary>The best <paramref name="k"/> rows for a query refined after a first look: <paramref name="refine"/> gets the exact
    /// best <paramref name="firstK"/> hits of <paramref name="query"/> and returns the query to rank by.</summary>
    IReadOnlyList<VectorHit> SearchRefined(float[] query, int k, int firstK, RowFilter filter, Func<IReadOnlyList<VectorHit>, float[]> refine);
}

/// <summary>Splits a scan of many rows over the cores.</summary>
static class ScanSplit
{
    /// <summary>Below this many rows a second thread costs more than it saves.</summary>
    public const int ParallelThreshold = 32_768;

    /// <summary>Fewest rows a re-scoring splits over the cores (below, handing off costs more than the reads).</summary>
    public const int ParallelRescoreRows = 256;

    public static int Parts(long rows) => rows < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8);

    /// <summary>Scans [0, count) in equal parts, one top per part.</summary>
    public static TopK[] Run(int count, Func<int, int, TopK> scan)
    {
        int parts = Parts(count), size = (count + parts - 1) / parts;
        var tops = new TopK[parts];
        if (parts == 1) tops[0] = scan(0, count);
        else Parallel.For(0, parts, p => tops[p] = scan(p * size, Math.Min(count, (p + 1) * size)));
        return tops;
    }

    public static TopK[] Run(int parts, Func<int, TopK> part)
    {
        var tops = new TopK[parts];
        if (parts == 1) tops[0] = part(0);
        else Parallel.For(0, parts, p => tops[p] = part(p));
        return tops;
    }
}

/// <summary>Dot products of the query with every row the filter keeps, in float32 (SIMD): exact, for stores small enough to stream.</summary>
sealed class ExactScan(IVectorSource source, RowTable table) : IVectorScan
{
    public IReadOnlyList<VectorHit> Search(float[] query, int k, RowFilter filter) =>
        TopK.Merge(ScanSplit.Run(source.Count, (from, to) => Scan(query, from, to, k, filter)), k);

    public IReadOnlyList<VectorHit> SearchRefined(float[] query, int k, int firstK, RowFilter filter, Func<IReadOnlyList<VectorHit>, float[]> refine)
    {
        var first = Search(query, firstK, filter);
        return first.Count == 0 ? first : Search(MeasureVectorStore.CheckDimension(refine(first), source.Dimension), k, filter);
    }

    TopK Scan(float[] query, int from, int to, int k, RowFilter filter)
    {
        var top = new TopK(k);
        for (int row = from; row < to; row++)
            if (filter.Accepts(table, row)) top.Offer(row, TensorPrimitives.Dot(query, source.Row(row)));
        return top;
    }
}

/// <summary>Nominates candidates by their 4-bit codes over every row, then re-scores them exactly in float32.</summary>
class QuantizedScan(IVectorSource source, RowTable table, QuantizedMatrix codes) : IVectorScan
{
    const int CandidateFactor = 8, CandidateSlack = 64;

    /// <summary>Rows of the first query's scan among which a refined query is ranked (see <see cref="SearchRefined"/>).</summary>
    public const int RefinePool = 4096;

    protected IVectorSource Source => source;
    protected RowTable Table => table;
    protected QuantizedMatrix Codes => codes;

    static int Candidates(int k) => k * CandidateFactor + CandidateSlack;

    public IReadOnlyList<VectorHit> Search(float[] query, int k, RowFilter filter)
    {
        if (Int4Codes.EncodeQuery(query, codes.PaddedDimension) is not (var q8, var qSum)) return [];
        return Rescore(query, Nominate(query, q8, qSum, Candidates(k), filter), k);
    }

    /// <remarks>The codes are scanned once: the refined query is ranked among the first query's <see cref="RefinePool"/> best rows
    /// by their codes, then re-scored exactly. A second full scan would cost as much as the first, and the refined query stays
    /// close enough to the first that the pool holds nearly all of its best rows (recall measured by <c>bench</c>).</remarks>
    public IReadOnlyList<VectorHit> SearchRefined(float[] query, int k, int firstK, RowFilter filter, Func<IReadOnlyList<VectorHit>, float[]> refine)
    {
        if (Int4Codes.EncodeQuery(query, codes.PaddedDimension) is not (var q8, var qSum)) return [];
        int pool = Math.Max(RefinePool, Candidates(Math.Max(k, firstK)));
        var nominated = Nominate(query, q8, qSum, pool, filter); // best first
        var firstHits = Rescore(query, nominated.Take(Candidates(firstK)), firstK);
        if (firstHits.Count == 0) return firstHits;
        var refined = refine(firstHits);
        if (refined.Length != source.Dimension) throw new ArgumentException("the refined query has another dimension", nameof(refine));
        if (Int4Codes.EncodeQuery(refined, codes.PaddedDimension) is not (var r8, var rSum)) return [];
        var approximate = new TopK(Candidates(k));
        foreach (var hit in nominated) approximate.Offer(hit.Row, codes.Score(r8, rSum, hit.Row));
        return Rescore(refined, approximate.Items, k);
    }

    /// <summary>The best <paramref name="k"/> rows by their codes, best first.</summary>
    protected virtual IReadOnlyList<VectorHit> Nominate(float[] query, sbyte[] q8, int qSum, int k, RowFilter filter) =>
        TopK.Merge(ScanSplit.Run(source.Count, (from, to) =>
        {
            var top = new TopK(k);
            for (int row = from; row < to; row++)
                if (filter.Accepts(table, row)) top.Offer(row, codes.Score(q8, qSum, row));
            return top;
        }), k);

    /// <summary>The exact (float32) top-k of <paramref name="nominated"/> rows, read with positional reads in row order.</summary>
    /// <remarks>Each row is one positional read (mostly the system call), so a large set is split over the cores like the scan.</remarks>
    IReadOnlyList<VectorHit> Rescore(float[] query, IEnumerable<VectorHit> nominated, int k)
    {
        var rows = nominated.Select(h => h.Row).Order().ToArray();
        int parts = rows.Length < ScanSplit.ParallelRescoreRows ? 1 : ScanSplit.Parts(source.Count);
        return TopK.Merge(ScanSplit.Run(parts, p =>
        {
            var top = new TopK(k);
            var vector = new float[source.Dimension];
            for (int i = (int)((long)rows.Length * p / parts), end = (int)((long)rows.Length * (p + 1) / parts); i < end; i++)
            {
                source.Read(rows[i], 1, vector);
                top.Offer(rows[i], TensorPrimitives.Dot(query, vector));
            }
            return top;
        }), k);
    }
}

/// <summary>A quantized scan that reads only the partitions nearest the query (<see cref="VectorPartitions"/>) until they hold
/// a share of the rows; a filter that keeps only some region, year or type reads every row instead, since it may keep few rows
/// of the nearest partitions.</summary>
sealed class PartitionedScan(IVectorSource source, RowTable table, QuantizedMatrix codes, VectorPartitions partitions, Func<double> probeShare)
    : QuantizedScan(source, table, codes)
{
    protected override IReadOnlyList<VectorHit> Nominate(float[] query, sbyte[] q8, int qSum, int k, RowFilter filter)
    {
        double share = probeShare();
        if (filter.Restricts || share >= 1) return base.Nominate(query, q8, qSum, k, filter);
        var ranges = partitions.Nearest(query, share).Order().Select(partitions.Range).ToArray();
        long total = ranges.Sum(r => (long)r.Length);
        int parts = ScanSplit.Parts(total);
        var rowAt = Codes.RowAt!;
        // Each part takes an equal share of the positions, cutting ranges where the shares end; the filter (whose columns are in
        // row order) is read only for the rows whose score would enter the top.
        return TopK.Merge(ScanSplit.Run(parts, p =>
        {
            long from = total * p / parts, to = total * (p + 1) / parts, before = 0;
            var top = new TopK(k);
            foreach (var (start, length) in ranges)
            {
                long a = Math.Max(from, before), b = Math.Min(to, before + length);
                for (int position = (int)(start + a - before), end = (int)(start + b - before); position < end; position++)
                {
                    int row = rowAt[position];
                    float score = Codes.ScoreAt(q8, qSum, position);
                    if (top.Admits(score, row) && filter.Accepts(Table, row)) top.Offer(row, score);
                }
                before += length;
            }
            return top;
        }), k);
    }
}
