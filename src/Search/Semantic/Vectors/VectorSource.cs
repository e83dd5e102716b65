using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Search.Semantic.Vectors;

/// <summary>Where a store's float32 vectors come from: a memory-mapped file, an array in memory, or a file read by position.</summary>
interface IVectorSource : IDisposable
{
    int Count { get; }
    int Dimension { get; }

    /// <summary>True when <see cref="Row"/> works, so the source can be scanned in place.</summary>
    bool CanScan { get; }

    /// <summary>A row in place (mapped or in memory).</summary>
    ReadOnlySpan<float> Row(int row);

    /// <summary>Copies rows [first, first + count) from wherever they are cheapest to reach (the map, memory, or the file).</summary>
    void Copy(int first, int count, Span<float> destination);

    /// <summary>Copies rows with positional reads when the source is a file, even a mapped one: the pages go to the page cache, not
    /// to this process's resident set (bulk reads: building 4-bit codes, re-scoring, ranking a search's documents).</summary>
    void Read(int first, int count, Span<float> destination);
}

/// <summary>Checks and positional reads shared by the sources.</summary>
static class VectorCopy
{
    public static void Check(IVectorSource source, int first, int count, Span<float> destination)
    {
        if (first < 0 || count < 0 || (long)first + count > source.Count) throw new ArgumentOutOfRangeException(nameof(first));
        if (destination.Length < count * source.Dimension) throw new ArgumentException("destination too small", nameof(destination));
    }

    public static void FromFile(SafeFileHandle file, int dimension, int first, int count, Span<float> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination[..(count * dimension)]);
        long offset = (long)first * dimension * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(file, bytes, offset);
            if (read == 0) throw new InvalidDataException("vectors file is shorter than its header says");
            bytes = bytes[read..];
            offset += read;
        }
    }
}

/// <summary>The vectors of a folder, memory-mapped for scans, with a positional handle beside the map for bulk reads.</summary>
sealed unsafe class MappedVectors : IVectorSource
{
    readonly MemoryMappedFile? _file;
    readonly MemoryMappedViewAccessor? _view;
    readonly SafeFileHandle _positional;
    readonly float* _vectors;

    public int Count { get; }
    public int Dimension { get; }
    public bool CanScan => true;

    public MappedVectors(string path, int count, int dimension)
    {
        Count = count; Dimension = dimension;
        long bytes = (long)count * dimension * sizeof(float);
        _positional = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        if (bytes == 0) return;
        try
        {
            _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _view = _file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _vectors = (float*)(p + _view.PointerOffset);
        }
        catch
        {
            _view?.Dispose();
            _file?.Dispose();
            _positional.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<float> Row(int row) => new(_vectors + (long)row * Dimension, Dimension);

    public void Copy(int first, int count, Span<float> destination)
    {
        VectorCopy.Check(this, first, count, destination);
        new ReadOnlySpan<float>(_vectors + (long)first * Dimension, count * Dimension).CopyTo(destination);
    }

    public void Read(int first, int count, Span<float> destination)
    {
        VectorCopy.Check(this, first, count, destination);
        VectorCopy.FromFile(_positional, Dimension, first, count, destination);
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
        _positional.Dispose();
    }
}

/// <summary>Vectors held in a pinned array (stores built in memory: tests, benchmarks).</summary>
sealed unsafe class InMemoryVectors : IVectorSource
{
    readonly float[] _owned;
    GCHandle _pin;
    readonly float* _vectors;

    public int Count { get; }
    public int Dimension { get; }
    public bool CanScan => true;

    public InMemoryVectors(IReadOnlyList<float[]> vectors, int count, int dimension)
    {
        Count = count; Dimension = dimension;
        _owned = new float[(long)count * dimension];
        for (int i = 0; i < vectors.Count; i++) vectors[i].CopyTo(_owned, (long)i * dimension);
        _pin = GCHandle.Alloc(_owned, GCHandleType.Pinned);
        _vectors = (float*)_pin.AddrOfPinnedObject();
    }

    public ReadOnlySpan<float> Row(int row) => new(_vectors + (long)row * Dimension, Dimension);

    public void Copy(int first, int count, Span<float> destination)
    {
        VectorCopy.Check(this, first, count, destination);
        _owned.AsSpan((int)((long)first * Dimension), count * Dimension).CopyTo(destination);
    }

    public void Read(int first, int count, Span<float> destination) => Copy(first, count, destination);

    public void Dispose()
    {
        if (_pin.IsAllocated) _pin.Free();
    }
}

/// <summary>Vectors read by position only: no map, no scan. Sentence vectors are used this way, a few rows per candidate; with a
/// map, the pages they touched stayed in a server's resident set.</summary>
sealed class PositionalVectors(string path, int count, int dimension) : IVectorSource
{
    readonly SafeFileHandle _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

    public int Count => count;
    public int Dimension => dimension;
    public bool CanScan => false;

    public ReadOnlySpan<float> Row(int row) => throw new InvalidOperationException("this store reads its vectors on demand: use CopyVectors");

    public void Copy(int first, int count, Span<float> destination)
    {
        VectorCopy.Check(this, first, count, destination);
        VectorCopy.FromFile(_file, dimension, first, count, destination);
    }

    public void Read(int first, int count, Span<float> destination) => Copy(first, count, destination);

    public void Dispose() => _file.Dispose();
}
