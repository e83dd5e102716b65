using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text.Json;

namespace Search.Semantic;

/// <summary>Per-row metadata of the vector matrix: which measure a row is and the fields filters look at.</summary>
public sealed record MeasureVectorRow(
    string Id, string DocId, string Source, string Path, string Text,
    string? Province, string? City, string? District, int? Year, string? Type);

/// <summary>What a semantic folder declares about itself; the checksum covers the vectors and the rows.</summary>
public sealed record SemanticHeader(
    string Format, int Version, string Embedder, int Dimension, int Count, string Checksum, string CorpusFingerprint, DateTimeOffset Created)
{
    public const string FormatName = "search-semantic";
    public const int CurrentVersion = 3; // 2: binary rows (JSON rows took seconds to parse at 200 k measures); 3: columns.bin (filter columns and row offsets: rows are read on demand) and passages/spans.bin
}

/// <summary>Filters applied while scanning: a row must pass all of them; null means "any".</summary>
public sealed record VectorFilter
{
    public string? ExcludeDistrict { get; init; }
    public string? ExcludeId { get; init; }
    public string? Province { get; init; }
    public string? City { get; init; }
    public string? District { get; init; }
    public int? Year { get; init; }
    public string? Type { get; init; }
}

/// <summary>A scored row of the matrix.</summary>
public readonly record struct VectorHit(int Row, float Score);

/// <summary>One contiguous float32 matrix of measure vectors, memory-mapped, scanned with SIMD dot products and filters applied during the scan.</summary>
/// <remarks>A small store is scanned exactly. A quantized one scans 4-bit codes and re-scores its candidates exactly, over
/// every row or, with <see cref="VectorPartitions"/>, over the partitions nearest the query.</remarks>
public sealed unsafe partial class MeasureVectorStore : IDisposable
{
    public const string VectorsFile = "vectors.f32";
    public const string RowsFile = "rows.bin";
    public const string HeaderFile = "header.json";
    /// <summary>What a scan and a lookup need of every row without reading rows.bin: doc and filter symbols, record offsets.</summary>
    public const string ColumnsFile = "columns.bin";
    // Folders up to this size are checksummed whenever they open; larger ones when they are written (see Open).
    const long VerifyOnOpenBytes = 256L << 20;

    // Below this many rows a second thread costs more than it saves.
    const int ParallelThreshold = 32_768;

    readonly MemoryMappedFile? _file;
    readonly MemoryMappedViewAccessor? _view;
    // Set instead of a mapping when only the vectors are opened (CopyVectors only; see OpenVectors).
    Microsoft.Win32.SafeHandles.SafeFileHandle? _unmapped;
    // Beside the mapping of a store opened from a folder: bulk reads that should not pull the whole file into this process's
    // resident set (building the quantized copy, re-scoring candidates, ranking a search's documents; see ReadVectors).
    Microsoft.Win32.SafeHandles.SafeFileHandle? _positional;
    readonly float* _vectors;
    readonly float[]? _owned;
    readonly ColumnTable _columns;
    readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    // In-memory stores look ids up here; opened stores binary-search their id-ordered rows (LazyRows.Find).
    readonly Dictionary<string, int>? _rowById;

    public int Dimension { get; }
    public int Count { get; }
    /// <summary>The rows; an opened store reads each from rows.bin when it is asked for (so keep what you read).</summary>
    public IReadOnlyList<MeasureVectorRow> Rows { get; }

    MeasureVectorStore(IReadOnlyList<MeasureVectorRow> rows, int dimension, MemoryMappedFile? file, MemoryMappedViewAccessor? view, float* vectors, float[]? owned,
        ColumnTable? columns = null)
    {
        Rows = rows; Count = rows.Count; Dimension = dimension; _file = file; _view = view; _vectors = vectors; _owned = owned;
        if (columns is null)
        {
            // An in-memory store: the same columns a written one has, and an id table instead of the binary search.
            var builder = new ColumnsBuilder();
            foreach (var row in rows) builder.Add(row);
            columns = builder.Build([]);
            _rowById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < Count; i++) _rowById.TryAdd(rows[i].Id, i);
        }
        foreach (var symbol in columns.Symbols) _symbols[symbol] = _symbols.Count;
        _columns = columns;
    }

    /// <summary>Which document a row belongs to, as an ordinal of <see cref="DocumentIds"/> (no row read).</summary>
    public int DocumentOf(int row)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row));
        using var lease = _columns.Use();
        return _columns.Doc(row);
    }

    /// <summary>The documents of the store, in order of first appearance.</summary>
    public IReadOnlyList<string> DocumentIds => _columns.DocIds;

    /// <summary>The rows of a document (one run: the writer keeps each document's rows together), or an empty run for an unknown id.</summary>
    public (int First, int Count) RowsOfDocument(string docId) => _columns.RowsOf(docId);

    /// <summary>Builds what <see cref="RowsOfDocument"/> looks up (once), e.g. on a background thread before the first query.</summary>
    public void PrepareDocumentRuns() => _columns.PrepareDocumentRuns();

    int Lookup(string? value) => value is null ? -1 : _symbols.TryGetValue(value, out int s) ? s : -2;

    /// <summary>Writes the matrix, the rows and a header (with checksum) into an existing folder; rows must be in id order.</summary>
    public static SemanticHeader Write(string folder, IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, string embedder, string corpusFingerprint)
    {
        if (rows.Count != vectors.Count) throw new ArgumentException("one vector per row");
        using var writer = new Writer(folder, dimension);
        for (int i = 0; i < rows.Count; i++) writer.Add(rows[i], vectors[i]);
        return writer.Complete(embedder, corpusFingerprint);
    }

    /// <summary>Writes a store row by row, so a large one (11 M sentence vectors at 100,000 documents, 12 GB of float32)
    /// never has to be held in memory; <see cref="Complete"/> writes the columns and the header that makes the folder readable.</summary>
    /// <remarks>Rows must come in ordinal id order: an opened store finds an id by binary search instead of holding an id table.</remarks>
    public sealed class Writer : IDisposable
    {
        readonly string _folder;
        readonly int _dimension;
        readonly FileStream _vectors;
        readonly FileStream? _rows;
        readonly MemoryStream _record = new();
        readonly BinaryWriter _recordWriter;
        readonly ColumnsBuilder _columns = new();
        readonly List<long> _offsets = [];
        long _position;
        string? _lastId;
        bool _disposed;

        int _count;

        /// <param name="vectorsOnly">Write the matrix and header only, for a store that is opened with <see cref="OpenVectors"/>
        /// (the sentence vectors: their rows would be 300 MB at 10,000 documents that nothing reads).</param>
        public Writer(string folder, int dimension, bool vectorsOnly = false)
        {
            _folder = folder;
            _dimension = dimension;
            _vectors = new FileStream(Path.Combine(folder, VectorsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _recordWriter = new BinaryWriter(_record, System.Text.Encoding.UTF8, leaveOpen: true);
            if (vectorsOnly) return;
            _rows = new FileStream(Path.Combine(folder, RowsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _rows.Write(new byte[sizeof(int)]); // the row count, patched by Complete
            _position = sizeof(int);
        }

        public int Count => _count;

        public void Add(MeasureVectorRow row, ReadOnlySpan<float> vector)
        {
            if (vector.Length != _dimension) throw new ArgumentException($"vector of length {vector.Length}, expected {_dimension}");
            if (_lastId is not null && string.CompareOrdinal(_lastId, row.Id) >= 0)
                throw new ArgumentException($"rows must be in ordinal id order: '{row.Id}' after '{_lastId}'");
            _lastId = row.Id;
            _vectors.Write(MemoryMarshal.AsBytes(vector));
            _count++;
            if (_rows is null) return;
            _record.SetLength(0);
            WriteRow(_recordWriter, row);
            _recordWriter.Flush();
            _offsets.Add(_position);
            _rows.Write(_record.GetBuffer(), 0, (int)_record.Length);
            _position += _record.Length;
            _columns.Add(row);
            if (!_columns.Contiguous) throw new ArgumentException($"rows of document '{row.DocId}' must follow one another");
        }

        public SemanticHeader Complete(string embedder, string corpusFingerprint)
        {
            if (_rows is not null)
            {
                _rows.Position = 0;
                _rows.Write(BitConverter.GetBytes(Count));
                _rows.Flush(true);
                _columns.Write(Path.Combine(_folder, ColumnsFile), [.. _offsets, _position]);
            }
            _vectors.Flush(true);
            Dispose();
            var header = new SemanticHeader(SemanticHeader.FormatName, SemanticHeader.CurrentVersion, embedder, _dimension, Count,
                _rows is null ? Checksum(_folder, VectorsFile) : Checksum(_folder), corpusFingerprint, DateTimeOffset.UtcNow);
            File.WriteAllText(Path.Combine(_folder, HeaderFile), JsonSerializer.Serialize(header, new JsonSerializerOptions { WriteIndented = true }));
            return header;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _recordWriter.Dispose();
            _rows?.Dispose();
            _vectors.Dispose();
        }
    }

    public static SemanticHeader ReadHeader(string folder)
    {
        string path = Path.Combine(folder, HeaderFile);
        if (!File.Exists(path)) throw new UserError($"no semantic index in '{folder}' (header.json missing)");
        var header = JsonSerializer.Deserialize<SemanticHeader>(File.ReadAllText(path)) ?? throw new InvalidDataException("empty header");
        if (header.Format != SemanticHeader.FormatName || header.Version != SemanticHeader.CurrentVersion)
            throw new UserError($"semantic index in '{folder}' has format {header.Format} v{header.Version}; this build reads {SemanticHeader.FormatName} v{SemanticHeader.CurrentVersion} — rebuild the index");
        return header;
    }

    /// <summary>Opens a folder written by <see cref="Write"/>: checks header, sizes and columns, then memory-maps the matrix (rows
    /// are read from rows.bin when asked for).</summary>
    /// <param name="verifyChecksum">True: hash vectors, rows and columns against the header before use. Null (the default):
    /// only when the folder is at most 256 MB. Hashing a large folder took seconds on every open (4.1 GB of measure vectors
    /// and rows at 100,000 documents, 15 GB of sentence vectors), and the writer already verified it: folders are written
    /// to a temp name and renamed into place complete, so an open sees either a whole folder or none.</param>
    public static MeasureVectorStore Open(string folder, bool? verifyChecksum = null, bool quantized = false)
    {
        var header = ReadHeader(folder);
        string vectorsPath = Path.Combine(folder, VectorsFile), rowsPath = Path.Combine(folder, RowsFile), columnsPath = Path.Combine(folder, ColumnsFile);
        foreach (var path in new[] { vectorsPath, rowsPath, columnsPath })
            if (!File.Exists(path)) throw new InvalidDataException($"semantic index in '{folder}' is incomplete: {Path.GetFileName(path)} is missing — rebuild the index");
        long expected = (long)header.Count * header.Dimension * sizeof(float), rowsLength = new FileInfo(rowsPath).Length;
        if (new FileInfo(vectorsPath).Length != expected)
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        if ((verifyChecksum ?? expected + rowsLength + new FileInfo(columnsPath).Length <= VerifyOnOpenBytes) && Checksum(folder) != header.Checksum)
            throw new InvalidDataException($"semantic index in '{folder}' is corrupt: checksum mismatch — rebuild the index");
        var columns = ColumnTable.Map(columnsPath, header.Count, rowsLength);
        LazyRows rows;
        try
        {
            rows = new LazyRows(rowsPath, columns);
        }
        catch
        {
            columns.Dispose();
            throw;
        }
        try
        {
            // The quantized copy is built on the first scan, not here: a search that only ranks its own candidates never scans (and
            // building the copy reads every vector: ~5 s at 2.2 M measures, which was most of a cold `search` at 100,000 documents).
            if (expected == 0) return new MeasureVectorStore(rows, header.Dimension, null, null, null, [], columns) { _quantizedScan = quantized };
            var file = MemoryMappedFile.CreateFromFile(vectorsPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = file.CreateViewAccessor(0, expected, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            return new MeasureVectorStore(rows, header.Dimension, file, view, (float*)(p + view.PointerOffset), null, columns)
            {
                _positional = File.OpenHandle(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess),
                _quantizedScan = quantized,
                _folder = folder,
            };
        }
        catch
        {
            rows.Dispose();
            columns.Dispose();
            throw;
        }
    }

    /// <summary>Opens only the vectors of a folder, for positional reads by row number (<see cref="CopyVectors"/>): no rows, no
    /// columns, no map, no scan. Sentence vectors are used this way: 11 M rows at 100,000 documents, whose row table alone is
    /// 0.4 GB, read a few rows per candidate; with a map, the pages they touched stayed in the server's resident set (1.1 GB of a
    /// 2.5 GB peak under load at 10,000 documents).</summary>
    public static MeasureVectorStore OpenVectors(string folder)
    {
        var header = ReadHeader(folder);
        string vectorsPath = Path.Combine(folder, VectorsFile);
        if (!File.Exists(vectorsPath) || new FileInfo(vectorsPath).Length != (long)header.Count * header.Dimension * sizeof(float))
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        var none = new ColumnsBuilder().Build([]);
        return new MeasureVectorStore(new NoRows(header.Count), header.Dimension, null, null, null, null, none)
        {
            _unmapped = File.OpenHandle(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess),
        };
    }

    /// <summary>The rows of a store opened for its vectors only.</summary>
    sealed class NoRows(int count) : IReadOnlyList<MeasureVectorRow>
    {
        public int Count => count;
        public MeasureVectorRow this[int index] => throw new InvalidOperationException("this store was opened for its vectors only");
        public IEnumerator<MeasureVectorRow> GetEnumerator() => throw new InvalidOperationException("this store was opened for its vectors only");
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>An in-memory store over given vectors (tests, benchmarks).</summary>
    public static MeasureVectorStore FromMemory(IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, bool quantized = false)
    {
        var owned = new float[(long)rows.Count * dimension];
        for (int i = 0; i < vectors.Count; i++) vectors[i].CopyTo(owned, (long)i * dimension);
        var handle = GCHandle.Alloc(owned, GCHandleType.Pinned);
        var store = new MeasureVectorStore(rows, dimension, null, null, (float*)handle.AddrOfPinnedObject(), owned) { _pin = handle, _quantizedScan = quantized };
        if (quantized) store.Quantize();
        return store;
    }

    // 4-bit copy of the matrix: an eighth of the float32 bytes to stream per query, and to keep in memory (631 MB as int8 at
    // 2.2 M measures × 288 dimensions, 350 MB as 4-bit codes). Each row has its own scale; codes are c + 8 with c in [-7, 7],
    // two per byte: in each block of 64 dimensions, byte j holds dimension j in its low nibble and 32 + j in its high one. The
    // scan over it only nominates candidates, which are then re-scored exactly in float32.
    byte[]? _quantized;
    float[]? _scales;
    int _paddedDimension;
    const int CandidateFactor = 8, CandidateSlack = 64;

    bool _quantizedScan;
    readonly object _quantizeGate = new();

    // With partitions (VectorPartitions), the codes and scales are kept in partition order, so the rows of a partition are one
    // run of codes: _rowAt[position] is the row at a position, _positionOf[row] its inverse. Without, position = row.
    string? _folder;
    VectorPartitions? _partitions;
    int[]? _rowAt, _positionOf;

    /// <summary>Measure count from which the product scans 4-bit codes (<c>quantized</c>) and the index writes partitions.</summary>
    public const int QuantizedFrom = 200_000;

    /// <summary>Share of the rows a partitioned scan reads: the partitions nearest the query until they hold this share.</summary>
    public const double DefaultProbeShare = 0.1;

    /// <summary>Share of the rows a partitioned scan reads (see <see cref="DefaultProbeShare"/>); 1 reads every partition.</summary>
    public double ProbeShare { get; set; } = DefaultProbeShare;

    /// <summary>The partitions scans of this quantized store use (once its codes are built), or null: a full scan.</summary>
    public VectorPartitions? Partitions => Quantized ? _partitions : null;

    /// <summary>Why the folder's partitions were not used (the scan then reads every row), or null.</summary>
    public string? PartitionsProblem { get; private set; }

    /// <summary>Scans the partitions nearest each query instead of every row, rebuilding the codes in their order (for a store
    /// not opened from a folder, before it is shared; a folder's store reads its own <see cref="VectorPartitions.FileName"/>
    /// when it builds its codes).</summary>
    public void UsePartitions(VectorPartitions partitions)
    {
        if (partitions.Rows != Count || partitions.Dimension != Dimension) throw new ArgumentException("the partitions are of another store", nameof(partitions));
        lock (_quantizeGate)
        {
            _partitions = partitions;
            _quantized = null;
            _rowAt = _positionOf = null;
        }
        if (_quantizedScan) Quantize();
    }

    /// <summary>True once the quantized copy that scans of a quantized store run over is built (on the first scan, or by <see cref="Warm"/>).</summary>
    public bool Quantized => Volatile.Read(ref _quantized) is not null;

    /// <summary>Builds what the first scan would otherwise build (the quantized copy), so a server can pay for it before its first
    /// <c>similar</c> instead of during it.</summary>
    public void Warm()
    {
        if (_quantizedScan && Volatile.Read(ref _quantized) is null) Quantize();
    }

    void Quantize()
    {
        lock (_quantizeGate)
        {
            if (_quantized is not null) return;
            if (_partitions is null && _folder is not null)
            {
                try { _partitions = VectorPartitions.Read(_folder, Count, Dimension); }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    PartitionsProblem = e.Message; // every row is still scanned: slower, never wrong
                }
            }
            int[]? positionOf = null;
            if (_partitions is not null)
            {
                _rowAt = _partitions.RowOrderArray;
                positionOf = new int[Count];
                for (int position = 0; position < Count; position++) positionOf[_rowAt[position]] = position;
            }
            int padded = (Dimension + 63) / 64 * 64, rowBytes = padded / 2;
            var quantized = new byte[(long)Count * rowBytes];
            var scales = new float[Count];
            Parallel.For(0, Environment.ProcessorCount, part =>
            {
                int from = (int)((long)Count * part / Environment.ProcessorCount), to = (int)((long)Count * (part + 1) / Environment.ProcessorCount);
                const int Chunk = 4096;
                var buffer = new float[Chunk * Dimension];
                for (int start = from; start < to; start += Chunk)
                {
                    int n = Math.Min(Chunk, to - start);
                    ReadVectors(start, n, buffer);
                    for (int i = 0; i < n; i++)
                    {
                        int position = positionOf is null ? start + i : positionOf[start + i];
                        scales[position] = EncodeRow(buffer.AsSpan(i * Dimension, Dimension), quantized.AsSpan(checked((int)((long)position * rowBytes)), rowBytes));
                    }
                }
            });
            _positionOf = positionOf;
            _paddedDimension = padded;
            _scales = scales;
            Volatile.Write(ref _quantized, quantized);
        }
    }

    /// <summary>Writes the row's 4-bit codes; returns its scale (0 for a zero row, whose codes all mean 0).</summary>
    internal static float EncodeRow(ReadOnlySpan<float> v, Span<byte> target)
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
    static (sbyte[] Query, int Sum)? EncodeQuery(ReadOnlySpan<float> v, int padded)
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
    internal static int DotInt4(ref sbyte query, ref byte codes, int padded, int querySum)
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

    GCHandle _pin;

    /// <summary>A row as length-prefixed UTF-8 strings (after the file's row count): one sequential read, no JSON parsing, when a large store opens.</summary>
    static void WriteRow(BinaryWriter w, MeasureVectorRow r)
    {
        w.Write(r.Id); w.Write(r.DocId); w.Write(r.Source); w.Write(r.Path); w.Write(r.Text);
        WriteOptional(w, r.Province); WriteOptional(w, r.City); WriteOptional(w, r.District);
        w.Write(r.Year ?? int.MinValue);
        WriteOptional(w, r.Type);
    }

    static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    /// <summary>The rows of an opened store, each read from rows.bin (a positional read of its record) when it is asked for.</summary>
    /// <remarks>Parsing every row at open took 7–10 s and ~3 GB at 2.2 M measures (100,000 documents); a query reads a dozen.</remarks>
    sealed class LazyRows(string path, ColumnTable columns) : IReadOnlyList<MeasureVectorRow>, IDisposable
    {
        readonly Microsoft.Win32.SafeHandles.SafeFileHandle _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

        public int Count => columns.Count;

        public MeasureVectorRow this[int index]
        {
            get
            {
                if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
                var record = Read(index, int.MaxValue);
                using var r = new BinaryReader(new MemoryStream(record, writable: false), System.Text.Encoding.UTF8);
                return ReadRow(r);
            }
        }

        /// <summary>The id of a row, reading only the start of its record.</summary>
        public string IdAt(int index)
        {
            var head = Read(index, 512);
            int length = 0, shift = 0, at = 0;
            byte b;
            do { b = head[at++]; length |= (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0 && at < 5);
            if (at + length > head.Length) head = Read(index, int.MaxValue);
            return System.Text.Encoding.UTF8.GetString(head, at, length);
        }

        /// <summary>The row holding <paramref name="id"/> (rows are in ordinal id order), or -1.</summary>
        public int Find(string id)
        {
            int lo = 0, hi = Count - 1;
            while (lo <= hi)
            {
                int mid = lo + (hi - lo) / 2, c = string.CompareOrdinal(IdAt(mid), id);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1; else hi = mid - 1;
            }
            return -1;
        }

        byte[] Read(int index, int max)
        {
            long start, recordLength;
            using (columns.Use()) (start, recordLength) = columns.Record(index);
            long length = Math.Min(max, recordLength);
            var buffer = new byte[length];
            int done = 0;
            while (done < length)
            {
                int n = RandomAccess.Read(_file, buffer.AsSpan(done), start + done);
                if (n == 0) throw new InvalidDataException($"'{path}' ends inside row {index}");
                done += n;
            }
            return buffer;
        }

        public IEnumerator<MeasureVectorRow> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public void Dispose() => _file.Dispose();
    }

    static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    static MeasureVectorRow ReadRow(BinaryReader r)
    {
        string id = r.ReadString(), docId = r.ReadString(), source = r.ReadString(), measurePath = r.ReadString(), text = r.ReadString();
        string? province = ReadOptional(r), city = ReadOptional(r), district = ReadOptional(r);
        int year = r.ReadInt32();
        string? type = ReadOptional(r);
        return new MeasureVectorRow(id, docId, source, measurePath, text, province, city, district, year == int.MinValue ? null : year, type);
    }

    /// <summary>Every row of a folder's rows.bin in row order, read in one sequential pass (the build reads the rows of the
    /// documents it keeps this way).</summary>
    public static IEnumerable<MeasureVectorRow> ReadRows(string folder)
    {
        var header = ReadHeader(folder);
        using var stream = new FileStream(Path.Combine(folder, RowsFile), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8);
        int count = r.ReadInt32();
        if (count != header.Count) throw new InvalidDataException($"'{folder}': {RowsFile} has {count} rows, the header says {header.Count}");
        for (int i = 0; i < count; i++) yield return ReadRow(r);
    }

    static string Checksum(string folder) => Checksum(folder, VectorsFile, RowsFile, ColumnsFile);

    static string Checksum(string folder, params string[] files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in files)
        {
            using var stream = File.OpenRead(Path.Combine(folder, name));
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The id of a row; an opened store reads only the start of its record.</summary>
    public string IdOf(int row) => Rows is LazyRows lazy ? lazy.IdAt(row) : Rows[row].Id;

    public bool TryGetRow(string id, out int row)
    {
        if (_rowById is not null) return _rowById.TryGetValue(id, out row);
        row = ((LazyRows)Rows).Find(id);
        return row >= 0;
    }

    public ReadOnlySpan<float> Vector(int row)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row));
        if (_unmapped is not null) throw new InvalidOperationException("this store reads its vectors on demand: use CopyVectors");
        return new ReadOnlySpan<float>(_vectors + (long)row * Dimension, Dimension);
    }

    /// <summary>Copies rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) into
    /// <paramref name="destination"/> (count × Dimension floats), from the map or with positional reads.</summary>
    public void CopyVectors(int first, int count, Span<float> destination) => Copy(first, count, destination, _unmapped);

    /// <summary>Like <see cref="CopyVectors"/>, but a store opened from a folder reads the file (positional reads) even when it
    /// is mapped: the pages go to the page cache, not to this process's resident set.</summary>
    /// <remarks>A server that read every vector through the map (the quantized copy's build, re-scoring, search fusion) held the whole
    /// 2.5 GB float32 file of 100,000 documents in its RSS.</remarks>
    public void ReadVectors(int first, int count, Span<float> destination) => Copy(first, count, destination, _unmapped ?? _positional);

    void Copy(int first, int count, Span<float> destination, Microsoft.Win32.SafeHandles.SafeFileHandle? handle)
    {
        if (first < 0 || count < 0 || (long)first + count > Count) throw new ArgumentOutOfRangeException(nameof(first));
        int length = count * Dimension;
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));
        if (handle is null)
        {
            new ReadOnlySpan<float>(_vectors + (long)first * Dimension, length).CopyTo(destination);
            return;
        }
        var bytes = MemoryMarshal.AsBytes(destination[..length]);
        long offset = (long)first * Dimension * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(handle, bytes, offset);
            if (read == 0) throw new InvalidDataException("vectors file is shorter than its header says");
            bytes = bytes[read..];
            offset += read;
        }
    }

    /// <summary>Exact top-k by dot product among rows passing the filter; ties go to the lower row (rows are in id order).</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} components, store has {Dimension}");
        if (_unmapped is not null) throw new InvalidOperationException("a store that reads its vectors on demand cannot be scanned");
        if (k <= 0 || Count == 0) return [];
        var f = Compile(filter);
        if (f.Impossible) return [];
        var q = query.ToArray();
        using var lease = _columns.Use(); // the filter reads the mapped columns
        if (_quantizedScan)
        {
            Warm();
            return SearchQuantized(q, k, f);
        }
        if (Count < ParallelThreshold) return Scan(query, 0, Count, k, f).Sorted();
        return Merge(ScanParts((from, to) => Scan(q, from, to, k, f)), k);
    }

    TopK[] ScanParts(Func<int, int, TopK> scan)
    {
        int parts = Count < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8), size = (Count + parts - 1) / parts;
        var heaps = new TopK[parts];
        if (parts == 1) heaps[0] = scan(0, Count);
        else Parallel.For(0, parts, p => heaps[p] = scan(p * size, Math.Min(Count, (p + 1) * size)));
        return heaps;
    }

    static IReadOnlyList<VectorHit> Merge(TopK[] heaps, int k)
    {
        var merged = new TopK(k);
        foreach (var h in heaps) foreach (var hit in h.Items) merged.Offer(hit.Row, hit.Score);
        return merged.Sorted();
    }

    IReadOnlyList<VectorHit> SearchQuantized(float[] query, int k, CompiledFilter f)
    {
        if (EncodeQuery(query, _paddedDimension) is not (var q8, var qSum)) return [];
        int candidates = k * CandidateFactor + CandidateSlack;
        var nominated = NominateByCodes(query, q8, qSum, candidates, f);
        return Rescore(query, nominated, k);
    }

    /// <summary>The exact (float32) top-k of <paramref name="nominated"/> rows, read with positional reads in row order.</summary>
    /// <remarks>Each row is one positional read (~2.5 µs, mostly the system call): `similar` re-scores ~860 rows, so a large set
    /// is split over the cores like the scan before it.</remarks>
    IReadOnlyList<VectorHit> Rescore(float[] query, IEnumerable<VectorHit> nominated, int k)
    {
        var rows = nominated.Select(h => h.Row).Order().ToArray();
        int parts = rows.Length < ParallelRescoreRows || Count < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var tops = new TopK[parts];
        void Part(int p)
        {
            var top = new TopK(k);
            var vector = new float[Dimension];
            for (int i = (int)((long)rows.Length * p / parts), end = (int)((long)rows.Length * (p + 1) / parts); i < end; i++)
            {
                ReadVectors(rows[i], 1, vector);
                top.Offer(rows[i], TensorPrimitives.Dot(query, vector));
            }
            tops[p] = top;
        }
        if (parts == 1) Part(0);
        else Parallel.For(0, parts, Part);
        return Merge(tops, k);
    }

    /// <summary>Fewest rows a re-scoring splits over the cores (below, handing off costs more than the reads).</summary>
    const int ParallelRescoreRows = 256;

    /// <summary>Rows of the first query's quantized scan among which a refined query is ranked (see <see cref="SearchRefined"/>).</summary>
    public const int RefinePool = 4096;

    /// <summary>Top-<paramref name="k"/> for a query refined after a first look: <paramref name="refine"/> gets the exact best
    /// <paramref name="firstK"/> hits of <paramref name="query"/> and returns the query to rank by.</summary>
    /// <remarks>A float32 store runs two exact scans. A quantized store scans its codes once: the refined query is ranked among the
    /// first query's <see cref="RefinePool"/> best rows by their codes, then re-scored exactly. A second full scan cost as much
    /// as the first (similar p50 17.5 → 35.3 ms at 2.2 M measures); the pool keeps the refined top 100 of a second scan almost
    /// whole because the refined query stays close to the first (recall measured at 100k in docs/BENCHMARKS.md, session 6).</remarks>
    public IReadOnlyList<VectorHit> SearchRefined(ReadOnlySpan<float> query, int k, int firstK, VectorFilter? filter, Func<IReadOnlyList<VectorHit>, float[]> refine)
    {
        if (!_quantizedScan)
        {
            var first = Search(query, firstK, filter);
            return first.Count == 0 ? first : Search(refine(first), k, filter);
        }
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} components, store has {Dimension}");
        if (k <= 0 || firstK <= 0 || Count == 0) return [];
        var f = Compile(filter);
        if (f.Impossible) return [];
        Warm();
        var q = query.ToArray();
        using var lease = _columns.Use(); // the filter reads the mapped columns
        if (EncodeQuery(q, _paddedDimension) is not (var q8, var qSum)) return [];
        int pool = Math.Max(RefinePool, Math.Max(k, firstK) * CandidateFactor + CandidateSlack);
        var nominated = NominateByCodes(q, q8, qSum, pool, f); // best first
        var firstHits = Rescore(q, nominated.Take(firstK * CandidateFactor + CandidateSlack), firstK);
        if (firstHits.Count == 0) return firstHits;
        var refined = refine(firstHits);
        if (refined.Length != Dimension) throw new ArgumentException("the refined query has another dimension", nameof(refine));
        if (EncodeQuery(refined, _paddedDimension) is not (var r8, var rSum)) return [];
        var approximate = new TopK(k * CandidateFactor + CandidateSlack);
        foreach (var hit in nominated) approximate.Offer(hit.Row, CodeScore(r8, rSum, hit.Row));
        return Rescore(refined, approximate.Items, k);
    }

    /// <summary>The best <paramref name="k"/> rows by their codes, best first: over the partitions nearest the query when the
    /// store has partitions and the filter only excludes, else over every row.</summary>
    /// <remarks>A filter that keeps one region, year or type may keep few rows of the nearest partitions, so it reads every row,
    /// in row order: its filter columns are then read in order, and only the codes of rows it keeps are looked up.</remarks>
    IReadOnlyList<VectorHit> NominateByCodes(float[] query, sbyte[] q8, int qSum, int k, CompiledFilter f)
    {
        if (_partitions is null || f.Restricts || ProbeShare >= 1)
            return Merge(ScanParts((from, to) => ScanRows(q8, qSum, from, to, k, f)), k);
        var ranges = _partitions.Nearest(query, ProbeShare).Order().Select(p => _partitions.Range(p)).ToArray();
        long total = ranges.Sum(r => (long)r.Length);
        int parts = total < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var tops = new TopK[parts];
        // Each part takes an equal share of the positions, cutting ranges where the shares end.
        void Part(int p)
        {
            long from = total * p / parts, to = total * (p + 1) / parts, before = 0;
            var top = new TopK(k);
            foreach (var (start, length) in ranges)
            {
                long a = Math.Max(from, before), b = Math.Min(to, before + length);
                if (a < b) ScanPositions(q8, qSum, (int)(start + a - before), (int)(start + b - before), top, f);
                before += length;
            }
            tops[p] = top;
        }
        if (parts == 1) Part(0);
        else Parallel.For(0, parts, Part);
        return Merge(tops, k);
    }

    TopK ScanRows(sbyte[] query, int querySum, int from, int to, int k, CompiledFilter f)
    {
        var top = new TopK(k);
        for (int row = from; row < to; row++)
            if (f.Accepts(this, row)) top.Offer(row, CodeScore(query, querySum, row));
        return top;
    }

    /// <summary>Scores the codes at positions [from, to) of a partitioned store; the filter (whose columns are in row order)
    /// is read only for the rows whose score would enter the top.</summary>
    void ScanPositions(sbyte[] query, int querySum, int from, int to, TopK top, CompiledFilter f)
    {
        var rowAt = _rowAt!;
        for (int position = from; position < to; position++)
        {
            int row = rowAt[position];
            float score = CodeScoreAt(query, querySum, position);
            if (top.Admits(score, row) && f.Accepts(this, row)) top.Offer(row, score);
        }
    }

    /// <summary>The approximate dot product of an encoded query with a row's codes.</summary>
    float CodeScore(sbyte[] query, int querySum, int row) => CodeScoreAt(query, querySum, _positionOf is null ? row : _positionOf[row]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    float CodeScoreAt(sbyte[] query, int querySum, int position) =>
        DotInt4(ref MemoryMarshal.GetArrayDataReference(query),
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_quantized!), (nint)position * (_paddedDimension / 2)), _paddedDimension, querySum)
        * _scales![position];

    TopK Scan(ReadOnlySpan<float> query, int from, int to, int k, CompiledFilter f)
    {
        var top = new TopK(k);
        int d = Dimension;
        for (int row = from; row < to; row++)
        {
            if (!f.Accepts(this, row)) continue;
            float score = TensorPrimitives.Dot(query, new ReadOnlySpan<float>(_vectors + (long)row * d, d));
            top.Offer(row, score);
        }
        return top;
    }

    readonly struct CompiledFilter
    {
        public int ExcludeDistrict { get; init; }
        public int ExcludeRow { get; init; }
        public int Province { get; init; }
        public int City { get; init; }
        public int District { get; init; }
        public int Type { get; init; }
        public int? Year { get; init; }
        public bool Impossible { get; init; }

        /// <summary>True when the filter keeps only some region, year or type (not only exclusions).</summary>
        public bool Restricts => Province != -1 || City != -1 || District != -1 || Type != -1 || Year is not null;

        public bool Accepts(MeasureVectorStore s, int row) =>
            row != ExcludeRow
            && (ExcludeDistrict == -1 || s._columns.District(row) != ExcludeDistrict)
            && (Province == -1 || s._columns.Province(row) == Province)
            && (City == -1 || s._columns.City(row) == City)
            && (District == -1 || s._columns.District(row) == District)
            && (Type == -1 || s._columns.Type(row) == Type)
            && (Year is null || s._columns.Year(row) == Year);
    }

    CompiledFilter Compile(VectorFilter? filter)
    {
        if (filter is null) return new CompiledFilter { ExcludeDistrict = -1, ExcludeRow = -1, Province = -1, City = -1, District = -1, Type = -1 };
        int province = Lookup(filter.Province), city = Lookup(filter.City), district = Lookup(filter.District), type = Lookup(filter.Type);
        int exclude = Lookup(filter.ExcludeDistrict);
        return new CompiledFilter
        {
            ExcludeDistrict = exclude < 0 ? -1 : exclude,
            ExcludeRow = filter.ExcludeId is not null && TryGetRow(filter.ExcludeId, out int r) ? r : -1,
            Province = province, City = city, District = district, Type = type, Year = filter.Year,
            // A filter value no row carries matches nothing.
            Impossible = province == -2 || city == -2 || district == -2 || type == -2,
        };
    }

    /// <summary>The k best hits offered (higher score first, then lower row): offers fill a buffer of 2k that is cut back to its
    /// k best (quickselect) when full, and once cut, the k-th best so far turns the rest away with one comparison.</summary>
    /// <remarks>Why not a binary heap: <c>similar</c> keeps a pool of 4,096 candidates, and with a heap each of the ~k·ln(n/k)
    /// hits that enter it paid a sift of log k tuple comparisons; at 219,000 measures the pool's heap cost more than the scan of
    /// the codes itself (3.9 of 7.9 ms). Cutting a full buffer costs O(k) per k entries. The kept set is the same: the order is
    /// total, so the k best are one set whichever way they are found.</remarks>
    internal sealed class TopK
    {
        readonly int _k;
        readonly VectorHit[] _buffer;
        int _count;
        bool _cut;
        VectorHit _worst; // once cut: the k-th best so far

        public TopK(int k)
        {
            if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k));
            _k = k;
            _buffer = new VectorHit[2 * k];
        }

        /// <summary>The k best offered so far (all of them when fewer), in no particular order.</summary>
        public IEnumerable<VectorHit> Items
        {
            get
            {
                if (_count > _k) Cut();
                return new ArraySegment<VectorHit>(_buffer, 0, _count);
            }
        }

        /// <summary>Whether an offer of this hit could be kept now (false once the k-th best so far is better).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Admits(float score, int row) => !_cut || Better(score, row, _worst);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(int row, float score)
        {
            if (_cut && !Better(score, row, _worst)) return;
            if (_count == _buffer.Length)
            {
                Cut();
                if (!Better(score, row, _worst)) return;
            }
            _buffer[_count++] = new VectorHit(row, score);
        }

        public IReadOnlyList<VectorHit> Sorted()
        {
            if (_count > _k) Cut();
            var sorted = _buffer.AsSpan(0, _count).ToArray();
            Array.Sort(sorted, static (a, b) => Better(a.Score, a.Row, b) ? -1 : Better(b.Score, b.Row, a) ? 1 : 0);
            return sorted;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool Better(float score, int row, VectorHit than) => score > than.Score || (score == than.Score && row < than.Row);

        /// <summary>Keeps the k best of the buffer in its first k slots and notes the worst of them.</summary>
        void Cut()
        {
            SelectBest(_buffer.AsSpan(0, _count), _k);
            _count = _k;
            var worst = _buffer[0];
            for (int i = 1; i < _k; i++)
                if (Better(worst.Score, worst.Row, _buffer[i])) worst = _buffer[i];
            _worst = worst;
            _cut = true;
        }

        /// <summary>Reorders <paramref name="hits"/> so that its <paramref name="k"/> best come first (Hoare partitions around a
        /// median of three, narrowing to the side that holds the k-th place).</summary>
        internal static void SelectBest(Span<VectorHit> hits, int k)
        {
            int lo = 0, hi = hits.Length - 1;
            while (hi > lo)
            {
                int mid = lo + (hi - lo) / 2;
                // Median of three into hits[mid], as the pivot.
                if (Better(hits[mid].Score, hits[mid].Row, hits[lo])) (hits[lo], hits[mid]) = (hits[mid], hits[lo]);
                if (Better(hits[hi].Score, hits[hi].Row, hits[lo])) (hits[lo], hits[hi]) = (hits[hi], hits[lo]);
                if (Better(hits[hi].Score, hits[hi].Row, hits[mid])) (hits[mid], hits[hi]) = (hits[hi], hits[mid]);
                var pivot = hits[mid];
                int i = lo, j = hi;
                while (i <= j)
                {
                    while (Better(hits[i].Score, hits[i].Row, pivot)) i++;
                    while (Better(pivot.Score, pivot.Row, hits[j])) j--;
                    if (i <= j)
                    {
                        (hits[i], hits[j]) = (hits[j], hits[i]);
                        i++;
                        j--;
                    }
                }
                // Now [lo, j] are at least as good as the pivot, [i, hi] at most as good, and anything between equals it.
                if (k - 1 <= j) hi = j;
                else if (k - 1 >= i) lo = i;
                else return;
            }
        }
    }

    public void Dispose()
    {
        // A quantized copy being built (Warm on a background thread) reads the map: let it finish before the map goes.
        lock (_quantizeGate) DisposeCore();
    }

    void DisposeCore()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
        _unmapped?.Dispose();
        _positional?.Dispose();
        (Rows as LazyRows)?.Dispose();
        _columns.Dispose();
        if (_pin.IsAllocated) _pin.Free();
    }
}
