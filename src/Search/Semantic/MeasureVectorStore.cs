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
    public const int CurrentVersion = 2; // 2: binary rows (JSON rows took seconds to parse at 200 k measures)
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

/// <summary>One contiguous float32 matrix of measure vectors, memory-mapped, scanned exactly with SIMD dot products and filters applied during the scan.</summary>
public sealed unsafe class MeasureVectorStore : IDisposable
{
    public const string VectorsFile = "vectors.f32";
    public const string RowsFile = "rows.bin";
    public const string HeaderFile = "header.json";

    // Below this many rows a second thread costs more than it saves.
    const int ParallelThreshold = 32_768;

    readonly MemoryMappedFile? _file;
    readonly MemoryMappedViewAccessor? _view;
    // Set instead of a mapping when the vectors are read on demand (CopyVectors only; see Open's mapVectors).
    Microsoft.Win32.SafeHandles.SafeFileHandle? _unmapped;
    readonly float* _vectors;
    readonly float[]? _owned;
    readonly int[] _district, _city, _province, _type, _year;
    readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _rowById = new(StringComparer.Ordinal);

    public int Dimension { get; }
    public int Count { get; }
    public IReadOnlyList<MeasureVectorRow> Rows { get; }

    MeasureVectorStore(IReadOnlyList<MeasureVectorRow> rows, int dimension, MemoryMappedFile? file, MemoryMappedViewAccessor? view, float* vectors, float[]? owned, bool indexIds = true)
    {
        Rows = rows; Count = rows.Count; Dimension = dimension; _file = file; _view = view; _vectors = vectors; _owned = owned;
        _district = new int[Count]; _city = new int[Count]; _province = new int[Count]; _type = new int[Count]; _year = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            var r = rows[i];
            _district[i] = Symbol(r.District); _city[i] = Symbol(r.City); _province[i] = Symbol(r.Province); _type[i] = Symbol(r.Type);
            _year[i] = r.Year ?? int.MinValue;
            if (indexIds) _rowById.TryAdd(r.Id, i);
        }
    }

    int Symbol(string? value) => value is null ? -1 : _symbols.TryGetValue(value, out int s) ? s : _symbols[value] = _symbols.Count;
    int Lookup(string? value) => value is null ? -1 : _symbols.TryGetValue(value, out int s) ? s : -2;

    /// <summary>Writes the matrix, the rows and a header (with checksum) into an existing folder; rows must be in id order.</summary>
    public static SemanticHeader Write(string folder, IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, string embedder, string corpusFingerprint)
    {
        if (rows.Count != vectors.Count) throw new ArgumentException("one vector per row");
        using (var stream = new FileStream(Path.Combine(folder, VectorsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var v in vectors)
            {
                if (v.Length != dimension) throw new ArgumentException($"vector of length {v.Length}, expected {dimension}");
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()));
            }
            stream.Flush(true);
        }
        WriteRows(Path.Combine(folder, RowsFile), rows);
        var header = new SemanticHeader(SemanticHeader.FormatName, SemanticHeader.CurrentVersion, embedder, dimension, rows.Count,
            Checksum(folder), corpusFingerprint, DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(folder, HeaderFile), JsonSerializer.Serialize(header, new JsonSerializerOptions { WriteIndented = true }));
        return header;
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

    /// <summary>Opens a folder written by <see cref="Write"/>: verifies header and checksum, then memory-maps the matrix.</summary>
    /// <param name="rowTexts">False for stores whose rows only serve as ids (sentence vectors): their texts are not kept in memory
    /// and no id lookup is built (1.3 M sentences at 10,000 documents held ~0.8 GB of strings in the server).</param>
    /// <param name="mapVectors">False for stores only read a few rows at a time (sentence vectors, read per candidate):
    /// rows are then read with positional reads (<see cref="CopyVectors"/>) instead of a memory map, so the pages they touch
    /// stay in the page cache instead of the server's resident set (1.1 GB of a 2.5 GB peak under load at 10,000
    /// documents). Such a store cannot be scanned.</param>
    public static MeasureVectorStore Open(string folder, bool verifyChecksum = true, bool int8 = false, bool rowTexts = true, bool mapVectors = true)
    {
        if (!mapVectors && int8) throw new ArgumentException("an unmapped store is not scanned, so it has no int8 copy", nameof(int8));
        var store = OpenFloat(folder, verifyChecksum, rowTexts, mapVectors);
        if (int8) store.Quantize();
        return store;
    }

    static MeasureVectorStore OpenFloat(string folder, bool verifyChecksum, bool rowTexts, bool mapVectors)
    {
        var header = ReadHeader(folder);
        if (verifyChecksum && Checksum(folder) != header.Checksum)
            throw new InvalidDataException($"semantic index in '{folder}' is corrupt: checksum mismatch — rebuild the index");
        var rows = ReadRows(Path.Combine(folder, RowsFile), rowTexts);
        string vectorsPath = Path.Combine(folder, VectorsFile);
        long expected = (long)header.Count * header.Dimension * sizeof(float);
        if (rows.Count != header.Count || new FileInfo(vectorsPath).Length != expected)
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        if (expected == 0) return new MeasureVectorStore(rows, header.Dimension, null, null, null, [], indexIds: rowTexts);
        if (!mapVectors)
            return new MeasureVectorStore(rows, header.Dimension, null, null, null, null, indexIds: rowTexts)
            {
                _unmapped = File.OpenHandle(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess),
            };
        var file = MemoryMappedFile.CreateFromFile(vectorsPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, expected, MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        return new MeasureVectorStore(rows, header.Dimension, file, view, (float*)(p + view.PointerOffset), null, indexIds: rowTexts);
    }

    /// <summary>An in-memory store over given vectors (tests, benchmarks).</summary>
    public static MeasureVectorStore FromMemory(IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, bool int8 = false)
    {
        var owned = new float[(long)rows.Count * dimension];
        for (int i = 0; i < vectors.Count; i++) vectors[i].CopyTo(owned, (long)i * dimension);
        var handle = GCHandle.Alloc(owned, GCHandleType.Pinned);
        var store = new MeasureVectorStore(rows, dimension, null, null, (float*)handle.AddrOfPinnedObject(), owned) { _pin = handle };
        if (int8) store.Quantize();
        return store;
    }

    // int8 copy of the matrix: a quarter of the bytes to stream per query. Rows are padded to whole 32-byte blocks and
    // carry their own scale; the scan over it only nominates candidates, which are then re-scored exactly in float32.
    sbyte[]? _quantized;
    float[]? _scales;
    int _paddedDimension;
    const int CandidateFactor = 4, CandidateSlack = 32;

    public bool Quantized => _quantized is not null;

    void Quantize()
    {
        _paddedDimension = (Dimension + 31) / 32 * 32;
        _quantized = new sbyte[(long)Count * _paddedDimension];
        _scales = new float[Count];
        for (int row = 0; row < Count; row++)
            _scales[row] = QuantizeInto(Vector(row), _quantized.AsSpan((int)((long)row * _paddedDimension), _paddedDimension));
    }

    static float QuantizeInto(ReadOnlySpan<float> v, Span<sbyte> target)
    {
        // MaxMagnitude returns the signed element; the scale must be positive or the query side flips the ranking.
        float max = Math.Abs(TensorPrimitives.MaxMagnitude(v));
        if (max == 0) return 0;
        float scale = max / 127f;
        for (int i = 0; i < v.Length; i++) target[i] = (sbyte)Math.Round(v[i] / scale);
        return scale;
    }

    internal static int DotInt8(ref sbyte a, ref sbyte b, int length)
    {
        int i = 0, sum = 0;
        if (Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            for (; i + 32 <= length; i += 32)
            {
                var (aLo, aHi) = Vector256.Widen(Vector256.LoadUnsafe(ref a, (nuint)i));
                var (bLo, bHi) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)i));
                acc = Avx2.Add(acc, Avx2.Add(Avx2.MultiplyAddAdjacent(aLo, bLo), Avx2.MultiplyAddAdjacent(aHi, bHi)));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < length; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    GCHandle _pin;

    /// <summary>Rows as length-prefixed UTF-8 strings: one sequential read, no JSON parsing, when a large store opens.</summary>
    static void WriteRows(string path, IReadOnlyList<MeasureVectorRow> rows)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8);
        w.Write(rows.Count);
        foreach (var r in rows)
        {
            w.Write(r.Id); w.Write(r.DocId); w.Write(r.Source); w.Write(r.Path); w.Write(r.Text);
            WriteOptional(w, r.Province); WriteOptional(w, r.City); WriteOptional(w, r.District);
            w.Write(r.Year ?? int.MinValue);
            WriteOptional(w, r.Type);
        }
        w.Flush();
        stream.Flush(true);
    }

    static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    static List<MeasureVectorRow> ReadRows(string path, bool texts = true)
    {
        // Rows of one document (and sentences of one measure) repeat the same metadata: keep one string of each run.
        string? lastDoc = null, lastSource = null, lastPath = null, lastProvince = null, lastCity = null, lastDistrict = null, lastType = null;
        static string? Same(string? value, ref string? last) => value is not null && value == last ? last : last = value;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8);
        int count = r.ReadInt32();
        if (count < 0 || count > 100_000_000) throw new InvalidDataException($"'{path}' declares {count} rows");
        var rows = new List<MeasureVectorRow>(count);
        for (int i = 0; i < count; i++)
        {
            string id = r.ReadString(), docId = Same(r.ReadString(), ref lastDoc)!, source = Same(r.ReadString(), ref lastSource)!,
                measurePath = Same(r.ReadString(), ref lastPath)!, text = r.ReadString();
            if (!texts) text = "";
            string? province = Same(ReadOptional(r), ref lastProvince), city = Same(ReadOptional(r), ref lastCity), district = Same(ReadOptional(r), ref lastDistrict);
            int year = r.ReadInt32();
            string? type = Same(ReadOptional(r), ref lastType);
            rows.Add(new MeasureVectorRow(id, docId, source, measurePath, text, province, city, district, year == int.MinValue ? null : year, type));
        }
        return rows;
    }

    static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    static string Checksum(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { VectorsFile, RowsFile })
        {
            using var stream = File.OpenRead(Path.Combine(folder, name));
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public bool TryGetRow(string id, out int row) => _rowById.TryGetValue(id, out row);

    public ReadOnlySpan<float> Vector(int row)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row));
        if (_unmapped is not null) throw new InvalidOperationException("this store reads its vectors on demand: use CopyVectors");
        return new ReadOnlySpan<float>(_vectors + (long)row * Dimension, Dimension);
    }

    /// <summary>Copies rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) into
    /// <paramref name="destination"/> (count × Dimension floats), from the map or with positional reads.</summary>
    public void CopyVectors(int first, int count, Span<float> destination)
    {
        if (first < 0 || count < 0 || (long)first + count > Count) throw new ArgumentOutOfRangeException(nameof(first));
        int length = count * Dimension;
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));
        if (_unmapped is null)
        {
            new ReadOnlySpan<float>(_vectors + (long)first * Dimension, length).CopyTo(destination);
            return;
        }
        var bytes = MemoryMarshal.AsBytes(destination[..length]);
        long offset = (long)first * Dimension * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(_unmapped, bytes, offset);
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
        if (_quantized is not null) return SearchQuantized(q, k, f);
        if (Count < ParallelThreshold) return Scan(query, 0, Count, k, f).Sorted();
        return Merge(Partitions((from, to) => Scan(q, from, to, k, f)), k);
    }

    TopK[] Partitions(Func<int, int, TopK> scan)
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
        var q8 = new sbyte[_paddedDimension];
        float qScale = QuantizeInto(query, q8);
        if (qScale == 0) return [];
        int candidates = k * CandidateFactor + CandidateSlack;
        var nominated = Merge(Partitions((from, to) => ScanQuantized(q8, from, to, candidates, f)), candidates);
        var exact = new TopK(k);
        foreach (var hit in nominated) exact.Offer(hit.Row, TensorPrimitives.Dot(query, Vector(hit.Row)));
        return exact.Sorted();
    }

    TopK ScanQuantized(sbyte[] query, int from, int to, int k, CompiledFilter f)
    {
        var top = new TopK(k);
        int d = _paddedDimension;
        ref sbyte q = ref MemoryMarshal.GetArrayDataReference(query);
        ref sbyte m = ref MemoryMarshal.GetArrayDataReference(_quantized!);
        for (int row = from; row < to; row++)
        {
            if (!f.Accepts(this, row)) continue;
            top.Offer(row, DotInt8(ref q, ref Unsafe.Add(ref m, (nint)row * d), d) * _scales![row]);
        }
        return top;
    }

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

        public bool Accepts(MeasureVectorStore s, int row) =>
            row != ExcludeRow
            && (ExcludeDistrict == -1 || s._district[row] != ExcludeDistrict)
            && (Province == -1 || s._province[row] == Province)
            && (City == -1 || s._city[row] == City)
            && (District == -1 || s._district[row] == District)
            && (Type == -1 || s._type[row] == Type)
            && (Year is null || s._year[row] == Year);
    }

    CompiledFilter Compile(VectorFilter? filter)
    {
        if (filter is null) return new CompiledFilter { ExcludeDistrict = -1, ExcludeRow = -1, Province = -1, City = -1, District = -1, Type = -1 };
        int province = Lookup(filter.Province), city = Lookup(filter.City), district = Lookup(filter.District), type = Lookup(filter.Type);
        int exclude = Lookup(filter.ExcludeDistrict);
        return new CompiledFilter
        {
            ExcludeDistrict = exclude < 0 ? -1 : exclude,
            ExcludeRow = filter.ExcludeId is not null && _rowById.TryGetValue(filter.ExcludeId, out int r) ? r : -1,
            Province = province, City = city, District = district, Type = type, Year = filter.Year,
            // A filter value no row carries matches nothing.
            Impossible = province == -2 || city == -2 || district == -2 || type == -2,
        };
    }

    /// <summary>Bounded min-heap keeping the k best hits; the worst is the lowest score, ties broken by the higher row.</summary>
    sealed class TopK(int k)
    {
        readonly PriorityQueue<VectorHit, (float Score, int NegRow)> _heap = new(k + 1);
        public IEnumerable<VectorHit> Items => _heap.UnorderedItems.Select(i => i.Element);

        public void Offer(int row, float score)
        {
            if (_heap.Count < k) { _heap.Enqueue(new VectorHit(row, score), (score, -row)); return; }
            _heap.TryPeek(out var worst, out _);
            if (score > worst.Score || (score == worst.Score && row < worst.Row))
                _heap.EnqueueDequeue(new VectorHit(row, score), (score, -row));
        }

        public IReadOnlyList<VectorHit> Sorted() =>
            Items.OrderByDescending(h => h.Score).ThenBy(h => h.Row).ToList();
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
        _unmapped?.Dispose();
        if (_pin.IsAllocated) _pin.Free();
    }
}
