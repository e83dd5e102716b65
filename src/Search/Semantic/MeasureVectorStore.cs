using System.IO.MemoryMappedFiles;
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
    public const int CurrentVersion = 1;
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
    public const string RowsFile = "rows.json";
    public const string HeaderFile = "header.json";

    // Below this many rows a second thread costs more than it saves.
    const int ParallelThreshold = 32_768;

    readonly MemoryMappedFile? _file;
    readonly MemoryMappedViewAccessor? _view;
    readonly float* _vectors;
    readonly float[]? _owned;
    readonly int[] _district, _city, _province, _type, _year;
    readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _rowById = new(StringComparer.Ordinal);

    public int Dimension { get; }
    public int Count { get; }
    public IReadOnlyList<MeasureVectorRow> Rows { get; }

    MeasureVectorStore(IReadOnlyList<MeasureVectorRow> rows, int dimension, MemoryMappedFile? file, MemoryMappedViewAccessor? view, float* vectors, float[]? owned)
    {
        Rows = rows; Count = rows.Count; Dimension = dimension; _file = file; _view = view; _vectors = vectors; _owned = owned;
        _district = new int[Count]; _city = new int[Count]; _province = new int[Count]; _type = new int[Count]; _year = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            var r = rows[i];
            _district[i] = Symbol(r.District); _city[i] = Symbol(r.City); _province[i] = Symbol(r.Province); _type[i] = Symbol(r.Type);
            _year[i] = r.Year ?? int.MinValue;
            _rowById.TryAdd(r.Id, i);
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
        File.WriteAllBytes(Path.Combine(folder, RowsFile), JsonSerializer.SerializeToUtf8Bytes(rows));
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
    public static MeasureVectorStore Open(string folder, bool verifyChecksum = true)
    {
        var header = ReadHeader(folder);
        if (verifyChecksum && Checksum(folder) != header.Checksum)
            throw new InvalidDataException($"semantic index in '{folder}' is corrupt: checksum mismatch — rebuild the index");
        var rows = JsonSerializer.Deserialize<List<MeasureVectorRow>>(File.ReadAllBytes(Path.Combine(folder, RowsFile))) ?? [];
        string vectorsPath = Path.Combine(folder, VectorsFile);
        long expected = (long)header.Count * header.Dimension * sizeof(float);
        if (rows.Count != header.Count || new FileInfo(vectorsPath).Length != expected)
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        if (expected == 0) return new MeasureVectorStore(rows, header.Dimension, null, null, null, []);
        var file = MemoryMappedFile.CreateFromFile(vectorsPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, expected, MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        return new MeasureVectorStore(rows, header.Dimension, file, view, (float*)(p + view.PointerOffset), null);
    }

    /// <summary>An in-memory store over given vectors (tests, benchmarks).</summary>
    public static MeasureVectorStore FromMemory(IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension)
    {
        var owned = new float[(long)rows.Count * dimension];
        for (int i = 0; i < vectors.Count; i++) vectors[i].CopyTo(owned, (long)i * dimension);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(owned, System.Runtime.InteropServices.GCHandleType.Pinned);
        return new MeasureVectorStore(rows, dimension, null, null, (float*)handle.AddrOfPinnedObject(), owned) { _pin = handle };
    }

    System.Runtime.InteropServices.GCHandle _pin;

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
        return new ReadOnlySpan<float>(_vectors + (long)row * Dimension, Dimension);
    }

    /// <summary>Exact top-k by dot product among rows passing the filter; ties go to the lower row (rows are in id order).</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} components, store has {Dimension}");
        if (k <= 0 || Count == 0) return [];
        var f = Compile(filter);
        if (f.Impossible) return [];
        if (Count < ParallelThreshold) return Scan(query, 0, Count, k, f).Sorted();

        var q = query.ToArray();
        int parts = Math.Min(Environment.ProcessorCount, 8), size = (Count + parts - 1) / parts;
        var heaps = new TopK[parts];
        Parallel.For(0, parts, p => heaps[p] = Scan(q, p * size, Math.Min(Count, (p + 1) * size), k, f));
        var merged = new TopK(k);
        foreach (var h in heaps) foreach (var hit in h.Items) merged.Offer(hit.Row, hit.Score);
        return merged.Sorted();
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
        if (_pin.IsAllocated) _pin.Free();
    }
}
