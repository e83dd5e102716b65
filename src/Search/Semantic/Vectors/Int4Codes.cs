using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Search.Semantic.Vectors;

/// <summary>4-bit codes of unit vectors: each row has its own scale and codes c + 8 with c in [-7, 7], two per byte (in each
/// block of 64 dimensions, byte j holds dimension j in its low nibble and 32 + j in its high one). A scan over them streams an
/// eighth of the float32 bytes; it only nominates candidates, which are then re-scored exactly.</summary>
static class Int4Codes
{
    /// <summary>Dimensions padded to whole 64-dimension blocks.</summary>
    public static int Padded(int dimension) => (dimension + 63) / 64 * 64;

    /// <summary>Writes the row's 4-bit codes; returns its scale (0 for a zero row, whose codes all mean 0).</summary>
    public static float EncodeRow(ReadOnlySpan<float> v, Span<byte> target)
    {
        target.Clear();
        // MaxMagnitude returns the signed element; the scale must be positive or the query side flips the ranking.
        float max = Math.Abs(TensorPrimitives.MaxMagnitude(v));
        float scale = max / 7f;
        for (int i = 0; i < target.Length * 2; i++)
        {
            int c = i < v.Length && scale > 0 ? (int)Math.Clamp(MathF.Round(v[i] / scale), -7, 7) : 0;
            int at = i / 64 * 32 + i % 32;
            target[at] |= (byte)(i % 64 < 32 ? c + 8 : (c + 8) << 4);
        }
        return scale;
    }

    /// <summary>The query as int8 (its own scale does not change a ranking) padded to the codes' length, and the sum of its
    /// values; null for a zero query, which ranks nothing.</summary>
    public static (sbyte[] Query, int Sum)? EncodeQuery(ReadOnlySpan<float> v, int padded)
    {
        float max = Math.Abs(TensorPrimitives.MaxMagnitude(v));
        if (max == 0) return null;
        var q = new sbyte[padded];
        float scale = max / 127f;
        int sum = 0;
        for (int i = 0; i < v.Length; i++) sum += q[i] = (sbyte)Math.Round(v[i] / scale);
        return (q, sum);
    }

    /// <summary>Σ query[i] · (code[i] − 8) over one row of codes: the unscaled approximate dot product.</summary>
    public static int DotInt4(ref sbyte query, ref byte codes, int padded, int querySum)
    {
        int sum = 0, blocks = padded / 64;
        if (Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            var low = Vector256.Create((byte)0x0F);
            var ones = Vector256.Create((short)1);
            for (int b = 0; b < blocks; b++)
            {
                var x = Vector256.LoadUnsafe(ref codes, (nuint)(b * 32));
                var lo = x & low;
                var hi = Vector256.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & low;
                // u8 × s8 pairs into s16: at most 2 · 15 · 127 per lane, no saturation.
                var pairs = Avx2.Add(Avx2.MultiplyAddAdjacent(lo, Vector256.LoadUnsafe(ref query, (nuint)(b * 64))),
                                     Avx2.MultiplyAddAdjacent(hi, Vector256.LoadUnsafe(ref query, (nuint)(b * 64 + 32))));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(pairs, ones));
            }
            sum = Vector256.Sum(acc);
        }
        else
        {
            for (int b = 0; b < blocks; b++)
                for (int j = 0; j < 32; j++)
                {
                    byte x = Unsafe.Add(ref codes, b * 32 + j);
                    sum += (x & 0x0F) * Unsafe.Add(ref query, b * 64 + j) + (x >> 4) * Unsafe.Add(ref query, b * 64 + 32 + j);
                }
        }
        return sum - 8 * querySum;
    }
}

/// <summary>The 4-bit copy of a store's matrix: codes and a scale per row, kept in partition order when the store has
/// partitions (so the rows of a partition are one run of codes), else in row order.</summary>
sealed class QuantizedMatrix
{
    readonly byte[] _codes;
    readonly float[] _scales;
    readonly int[]? _positionOf;

    /// <summary>The row at each position (partition order); null when positions are rows.</summary>
    public int[]? RowAt { get; }
    public int PaddedDimension { get; }

    QuantizedMatrix(byte[] codes, float[] scales, int padded, int[]? rowAt, int[]? positionOf)
    {
        _codes = codes; _scales = scales; PaddedDimension = padded; RowAt = rowAt; _positionOf = positionOf;
    }

    /// <summary>Encodes every row, read in blocks with positional reads, on every core.</summary>
    public static QuantizedMatrix Build(IVectorSource source, VectorPartitions? partitions)
    {
        int count = source.Count, dimension = source.Dimension;
        int[]? rowAt = null, positionOf = null;
        if (partitions is not null)
        {
            rowAt = partitions.RowOrderArray;
            positionOf = new int[count];
            for (int position = 0; position < count; position++) positionOf[rowAt[position]] = position;
        }
        int padded = Int4Codes.Padded(dimension), rowBytes = padded / 2;
        var codes = new byte[(long)count * rowBytes];
        var scales = new float[count];
        int cores = Environment.ProcessorCount;
        Parallel.For(0, cores, part =>
        {
            int from = (int)((long)count * part / cores), to = (int)((long)count * (part + 1) / cores);
            const int Chunk = 4096;
            var buffer = new float[Chunk * dimension];
            for (int start = from; start < to; start += Chunk)
            {
                int n = Math.Min(Chunk, to - start);
                source.Read(start, n, buffer);
                for (int i = 0; i < n; i++)
                {
                    int position = positionOf is null ? start + i : positionOf[start + i];
                    scales[position] = Int4Codes.EncodeRow(buffer.AsSpan(i * dimension, dimension), codes.AsSpan(checked((int)((long)position * rowBytes)), rowBytes));
                }
            }
        });
        return new QuantizedMatrix(codes, scales, padded, rowAt, positionOf);
    }

    /// <summary>The approximate dot product of an encoded query with a row's codes.</summary>
    public float Score(sbyte[] query, int querySum, int row) => ScoreAt(query, querySum, _positionOf is null ? row : _positionOf[row]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ScoreAt(sbyte[] query, int querySum, int position) =>
        Int4Codes.DotInt4(ref MemoryMarshal.GetArrayDataReference(query),
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)position * (PaddedDimension / 2)), PaddedDimension, querySum)
        * _scales[position];
}
