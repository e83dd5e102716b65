namespace Search.Semantic.Vectors;

/// <summary>The measure vectors of a semantic folder: one contiguous float32 matrix with a row per measure, its row records
/// and row table, searched by dot product with filters applied during the scan.</summary>
/// <remarks>A facade over small parts: the file format (<see cref="VectorFolder"/>, <see cref="VectorWriter"/>), the row
/// records (<see cref="RowRecords"/>) and row table, a vector source (mapped, in memory, or read by position), the row filter,
/// the 4-bit codes and the scans. A small store is scanned exactly; a quantized one scans 4-bit codes and re-scores its
/// candidates exactly, over every row or, with <see cref="VectorPartitions"/>, over the partitions nearest the query.</remarks>
public sealed class MeasureVectorStore : IDisposable
{
    public const string VectorsFile = VectorFolder.VectorsFile;
    public const string RowsFile = VectorFolder.RowsFile;
    public const string HeaderFile = VectorFolder.HeaderFile;
    public const string ColumnsFile = VectorFolder.ColumnsFile;

    /// <summary>Measure count from which the product scans 4-bit codes (<c>quantized</c>) and the index writes partitions.</summary>
    public const int QuantizedFrom = 200_000;

    /// <summary>Share of the rows a partitioned scan reads: the partitions nearest the query until they hold this share.</summary>
    public const double DefaultProbeShare = 0.1;

    /// <summary>Rows of the first query's quantized scan among which a refined query is ranked (see <see cref="SearchRefined"/>).</summary>
    public const int RefinePool = QuantizedScan.RefinePool;

    readonly IVectorSource _source;
    readonly RowTable _table;
    readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    // In-memory stores look ids up here; opened stores binary-search their id-ordered rows (LazyRows.Find).
    readonly Dictionary<string, int>? _rowById;
    readonly IVectorScan _exact;
    readonly bool _quantizedScan;
    readonly string? _folder;
    readonly object _quantizeGate = new();
    VectorPartitions? _partitions;
    IVectorScan? _codes;

    public int Dimension => _source.Dimension;
    public int Count => _source.Count;

    /// <summary>The rows; an opened store reads each from rows.bin when it is asked for (so keep what you read).</summary>
    public IReadOnlyList<MeasureVectorRow> Rows { get; }

    MeasureVectorStore(IReadOnlyList<MeasureVectorRow> rows, IVectorSource source, RowTable? table, bool quantizedScan, string? folder)
    {
        Rows = rows; _source = source; _quantizedScan = quantizedScan; _folder = folder;
        if (table is null)
        {
            // An in-memory store: the same row table a written one has, and an id table instead of the binary search.
            var builder = new RowTableBuilder();
            foreach (var row in rows) builder.Add(row);
            table = builder.Build([]);
            _rowById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < rows.Count; i++) _rowById.TryAdd(rows[i].Id, i);
        }
        foreach (var symbol in table.Symbols) _symbols[symbol] = _symbols.Count;
        _table = table;
        _exact = new ExactScan(source, table);
    }

    /// <summary>Writes the matrix, the rows and a header (with checksum) into an existing folder; rows must be in id order.</summary>
    public static SemanticHeader Write(string folder, IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, string embedder, string corpusFingerprint)
    {
        if (rows.Count != vectors.Count) throw new ArgumentException("one vector per row");
        using var writer = new VectorWriter(folder, dimension);
        for (int i = 0; i < rows.Count; i++) writer.Add(rows[i], vectors[i]);
        return writer.Complete(embedder, corpusFingerprint);
    }

    public static SemanticHeader ReadHeader(string folder) => VectorFolder.ReadHeader(folder);

    /// <summary>Every row of a folder in row order, in one sequential pass.</summary>
    public static IEnumerable<MeasureVectorRow> ReadRows(string folder) => RowRecords.ReadAll(folder);

    /// <summary>Opens a folder written by <see cref="Write"/>: checks header, sizes and row table, then memory-maps the matrix
    /// (rows are read from rows.bin when asked for).</summary>
    /// <param name="verifyChecksum">True: hash vectors, rows and table against the header before use. Null (the default): only
    /// when the folder is at most <see cref="VectorFolder.VerifyOnOpenBytes"/>; hashing a large folder on every open costs
    /// seconds, and the writer already verified it (folders are renamed into place complete).</param>
    /// <param name="quantized">Scan 4-bit codes and re-score the candidates in float32 (built on the first scan, not here: a
    /// search that only ranks its own candidates never scans).</param>
    public static MeasureVectorStore Open(string folder, bool? verifyChecksum = null, bool quantized = false)
    {
        var header = VectorFolder.ReadHeader(folder);
        string vectorsPath = Path.Combine(folder, VectorsFile), rowsPath = Path.Combine(folder, RowsFile), columnsPath = Path.Combine(folder, ColumnsFile);
        foreach (var path in new[] { vectorsPath, rowsPath, columnsPath })
            if (!File.Exists(path)) throw new InvalidDataException($"semantic index in '{folder}' is incomplete: {Path.GetFileName(path)} is missing — rebuild the index");
        long expected = (long)header.Count * header.Dimension * sizeof(float), rowsLength = new FileInfo(rowsPath).Length;
        if (new FileInfo(vectorsPath).Length != expected)
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        if ((verifyChecksum ?? expected + rowsLength + new FileInfo(columnsPath).Length <= VectorFolder.VerifyOnOpenBytes) && VectorFolder.Checksum(folder) != header.Checksum)
            throw new InvalidDataException($"semantic index in '{folder}' is corrupt: checksum mismatch — rebuild the index");
        var opened = new List<IDisposable>();
        try
        {
            var table = RowTable.Map(columnsPath, header.Count, rowsLength);
            opened.Add(table);
            var rows = new LazyRows(rowsPath, table);
            opened.Add(rows);
            var source = new MappedVectors(vectorsPath, header.Count, header.Dimension);
            return new MeasureVectorStore(rows, source, table, quantized, folder);
        }
        catch
        {
            for (int i = opened.Count - 1; i >= 0; i--) opened[i].Dispose();
            throw;
        }
    }

    /// <summary>Opens only the vectors of a folder, for positional reads by row number (<see cref="CopyVectors"/>): no rows, no
    /// row table, no map, no scan (sentence vectors: many rows, a few read per candidate).</summary>
    public static MeasureVectorStore OpenVectors(string folder)
    {
        var header = VectorFolder.ReadHeader(folder);
        string vectorsPath = Path.Combine(folder, VectorsFile);
        if (!File.Exists(vectorsPath) || new FileInfo(vectorsPath).Length != (long)header.Count * header.Dimension * sizeof(float))
            throw new InvalidDataException($"semantic index in '{folder}' is inconsistent: header says {header.Count}×{header.Dimension}");
        return new MeasureVectorStore(new NoRows(header.Count), new PositionalVectors(vectorsPath, header.Count, header.Dimension),
            new RowTableBuilder().Build([]), quantizedScan: false, folder: null);
    }

    /// <summary>An in-memory store over given vectors (tests, benchmarks).</summary>
    public static MeasureVectorStore FromMemory(IReadOnlyList<MeasureVectorRow> rows, IReadOnlyList<float[]> vectors, int dimension, bool quantized = false)
    {
        var store = new MeasureVectorStore(rows, new InMemoryVectors(vectors, rows.Count, dimension), null, quantized, folder: null);
        if (quantized) store.Quantize();
        return store;
    }

    /// <summary>Which document a row belongs to, as an ordinal of <see cref="DocumentIds"/> (no row read).</summary>
    public int DocumentOf(int row)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row));
        using var lease = _table.Use();
        return _table.Doc(row);
    }

    /// <summary>The documents of the store, in order of first appearance.</summary>
    public IReadOnlyList<string> DocumentIds => _table.DocIds;

    /// <summary>The rows of a document (one run: the writer keeps each document's rows together), or an empty run for an unknown id.</summary>
    public (int First, int Count) RowsOfDocument(string docId) => _table.RowsOf(docId);

    /// <summary>Builds what <see cref="RowsOfDocument"/> looks up (once), e.g. on a background thread before the first query.</summary>
    public void PrepareDocumentRuns() => _table.PrepareDocumentRuns();

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
        return _source.Row(row);
    }

    /// <summary>Copies rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) into
    /// <paramref name="destination"/> (count × Dimension floats), from the map or with positional reads.</summary>
    public void CopyVectors(int first, int count, Span<float> destination) => _source.Copy(first, count, destination);

    /// <summary>Like <see cref="CopyVectors"/>, but a store opened from a folder reads the file (positional reads) even when it
    /// is mapped: the pages go to the page cache, not to this process's resident set.</summary>
    public void ReadVectors(int first, int count, Span<float> destination) => _source.Read(first, count, destination);

    /// <summary>Share of the rows a partitioned scan reads (see <see cref="DefaultProbeShare"/>); 1 reads every partition.</summary>
    public double ProbeShare { get; set; } = DefaultProbeShare;

    /// <summary>The partitions scans of this quantized store use (once its codes are built), or null: a full scan.</summary>
    public VectorPartitions? Partitions => Quantized ? _partitions : null;

    /// <summary>Why the folder's partitions were not used (the scan then reads every row), or null.</summary>
    public string? PartitionsProblem { get; private set; }

    /// <summary>True once the 4-bit copy that scans of a quantized store run over is built (on the first scan, or by <see cref="Warm"/>).</summary>
    public bool Quantized => Volatile.Read(ref _codes) is not null;

    /// <summary>Scans the partitions nearest each query instead of every row, rebuilding the codes in their order (for a store
    /// not opened from a folder, before it is shared; a folder's store reads its own <see cref="VectorPartitions.FileName"/>
    /// when it builds its codes).</summary>
    public void UsePartitions(VectorPartitions partitions)
    {
        if (partitions.Rows != Count || partitions.Dimension != Dimension) throw new ArgumentException("the partitions are of another store", nameof(partitions));
        lock (_quantizeGate)
        {
            _partitions = partitions;
            _codes = null;
        }
        if (_quantizedScan) Quantize();
    }

    /// <summary>Builds what the first scan would otherwise build (the 4-bit copy), so a server can pay for it before its first
    /// <c>similar</c> instead of during it.</summary>
    public void Warm()
    {
        if (_quantizedScan && Volatile.Read(ref _codes) is null) Quantize();
    }

    IVectorScan Quantize()
    {
        lock (_quantizeGate)
        {
            if (_codes is { } built) return built;
            if (_partitions is null && _folder is not null)
            {
                try { _partitions = VectorPartitions.Read(_folder, Count, Dimension); }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    PartitionsProblem = e.Message; // every row is still scanned: slower, never wrong
                }
            }
            var codes = QuantizedMatrix.Build(_source, _partitions);
            IVectorScan scan = _partitions is null ? new QuantizedScan(_source, _table, codes) : new PartitionedScan(_source, _table, codes, _partitions, () => ProbeShare);
            Volatile.Write(ref _codes, scan);
            return scan;
        }
    }

    /// <summary>Top-k by dot product among rows passing the filter (exact, or nominated by 4-bit codes and re-scored exactly for a
    /// quantized store); ties go to the lower row (rows are in id order).</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        CheckDimension(query, Dimension);
        if (!_source.CanScan) throw new InvalidOperationException("a store that reads its vectors on demand cannot be scanned");
        if (k <= 0 || Count == 0) return [];
        var f = Compile(filter);
        if (f.Impossible) return [];
        var q = query.ToArray();
        using var lease = _table.Use(); // the filter reads the mapped row table
        return Scan().Search(q, k, f);
    }

    /// <summary>Top-<paramref name="k"/> for a query refined after a first look: <paramref name="refine"/> gets the exact best
    /// <paramref name="firstK"/> hits of <paramref name="query"/> and returns the query to rank by.</summary>
    /// <remarks>A float32 store runs two exact scans; a quantized store scans its codes once (see <see cref="QuantizedScan.SearchRefined"/>).</remarks>
    public IReadOnlyList<VectorHit> SearchRefined(ReadOnlySpan<float> query, int k, int firstK, VectorFilter? filter, Func<IReadOnlyList<VectorHit>, float[]> refine)
    {
        CheckDimension(query, Dimension);
        if (!_source.CanScan) throw new InvalidOperationException("a store that reads its vectors on demand cannot be scanned");
        if (k <= 0 || firstK <= 0 || Count == 0) return [];
        var f = Compile(filter);
        if (f.Impossible) return [];
        var q = query.ToArray();
        using var lease = _table.Use();
        return Scan().SearchRefined(q, k, firstK, f, refine);
    }

    IVectorScan Scan() => _quantizedScan ? Volatile.Read(ref _codes) ?? Quantize() : _exact;

    RowFilter Compile(VectorFilter? filter) => RowFilter.Compile(filter,
        value => value is null ? -1 : _symbols.TryGetValue(value, out int s) ? s : -2,
        id => TryGetRow(id, out int row) ? row : -1);

    internal static ReadOnlySpan<float> CheckDimension(ReadOnlySpan<float> query, int dimension) =>
        query.Length == dimension ? query : throw new ArgumentException($"query has {query.Length} components, store has {dimension}");

    internal static float[] CheckDimension(float[] query, int dimension)
    {
        CheckDimension((ReadOnlySpan<float>)query, dimension);
        return query;
    }

    public void Dispose()
    {
        // A 4-bit copy being built (Warm on a background thread) reads the vectors: let it finish before they go.
        lock (_quantizeGate)
        {
            _source.Dispose();
            (Rows as LazyRows)?.Dispose();
            _table.Dispose();
        }
    }
}
