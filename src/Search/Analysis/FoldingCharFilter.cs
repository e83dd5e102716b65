using Lucene.Net.Analysis.CharFilters;

namespace Search.Analysis;

/// <summary>Char filter applying <see cref="TextFolder"/> folding in a streaming way; <c>CorrectOffset</c> maps back into the original text.</summary>
/// <remarks>
/// Input is read in blocks; a block is folded up to the last cluster whose end is known, the rest is
/// carried over, so work and memory are linear in the input whatever its line lengths. Offsets are
/// recorded with <see cref="BaseCharFilter.AddOffCorrectMap"/> only where the folded→original
/// difference changes (NFKC expansions/contractions, BMP→supplementary T→S targets), so for typical
/// Chinese text the correction map stays nearly empty.
/// </remarks>
public sealed class FoldingCharFilter : BaseCharFilter
{
    private const int BlockSize = 2048;

    private char[] pending = System.Buffers.ArrayPool<char>.Shared.Rent(BlockSize);
    private int pendingLength;
    private int pendingBase;          // original offset of pending[0]
    private bool inputEnded;

    private readonly FoldBuffer folded = new(BlockSize + 64);
    private int foldedPosition;       // next char of `folded` to hand out
    private int foldedBase;           // folded offset of folded.Chars[0]
    private int lastDiff;

    /// <summary>Wraps <paramref name="input"/>.</summary>
    public FoldingCharFilter(TextReader input) : base(input)
    {
    }

    /// <inheritdoc />
    public override int Read(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count == 0) return 0;
        if (foldedPosition == folded.Length && !Fill()) return 0;
        int n = Math.Min(count, folded.Length - foldedPosition);
        Array.Copy(folded.Chars, foldedPosition, buffer, index, n);
        foldedPosition += n;
        return n;
    }

    /// <inheritdoc />
    public override int Read()
    {
        if (foldedPosition == folded.Length && !Fill()) return -1;
        return folded.Chars[foldedPosition++];
    }

    /// <inheritdoc />
    public override int Peek()
    {
        if (foldedPosition == folded.Length && !Fill()) return -1;
        return folded.Chars[foldedPosition];
    }

    /// <summary>Produces the next block of folded chars; false at end of input.</summary>
    private bool Fill()
    {
        foldedBase += folded.Length;
        folded.Length = 0;
        foldedPosition = 0;
        while (true)
        {
            if (!inputEnded && pendingLength < BlockSize)
            {
                int read = m_input.Read(pending, pendingLength, BlockSize - pendingLength);
                if (read <= 0) inputEnded = true;
                else pendingLength += read;
            }
            if (pendingLength == 0 && inputEnded)
            {
                // Whatever the last cluster did, the end of the folded text is the end of the original.
                RecordDiff(foldedBase, pendingBase - foldedBase);
                return false;
            }

            int consumed = TextFolder.FoldSpan(pending.AsSpan(0, pendingLength), pendingBase, inputEnded, folded);
            Array.Copy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
            pendingBase += consumed;

            for (int t = 0; t < folded.Length; t++)
                RecordDiff(foldedBase + t, folded.Map[t] - (foldedBase + t));
            if (inputEnded && pendingLength == 0)
                RecordDiff(foldedBase + folded.Length, pendingBase - (foldedBase + folded.Length));
            if (folded.Length > 0) return true;
            // Nothing decidable yet (a cluster spans the whole block): the carried-over part is at most
            // one cluster (≤ 2 + 2 × MaxMarks chars), so the next read has room.
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && pending.Length > 0)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(pending);
            pending = [];
            folded.Dispose();
        }
        base.Dispose(disposing);
    }

    private void RecordDiff(int foldedOffset, int diff)
    {
        if (diff == lastDiff) return;
        AddOffCorrectMap(foldedOffset, diff);
        lastDiff = diff;
    }
}
