using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace Search.Semantic.Vectors;

/// <summary>The row table (columns.bin) of a vector folder: per row its document and filter symbols (-1 = none; year int.MinValue = none),
/// and the offset of each row's record in rows.bin (plus the end).</summary>
/// <remarks>File layout: row count, symbol table, document-id table, then <see cref="PerRow"/> int32 per row (document,
/// province, city, district, type, year), then count + 1 int64 record offsets.</remarks>
sealed unsafe class RowTable : IDisposable
{
    public const int PerRow = 6;
    const int DocColumn = 0, ProvinceColumn = 1, CityColumn = 2, DistrictColumn = 3, TypeColumn = 4, YearColumn = 5;

    public string[] Symbols { get; }
    public string[] DocIds { get; }
    public int Count { get; }
    /// <summary>False when some document's rows are not one run (possible in an in-memory store only: the writer refuses it).</summary>
    public bool DocumentsContiguous { get; }

    readonly int* _values;
    readonly long* _offsets;
    // In memory: pinned arrays the pointers point into. Opened: a map of the file.
    readonly int[]? _ownedValues;
    readonly long[]? _ownedOffsets;
    readonly MemoryMappedFile? _file;
    readonly MemoryMappedViewAccessor? _view;
    readonly Lazy<Dictionary<string, int>> _documentNumbers;
    readonly Lazy<int[]> _documentStarts;

    RowTable(string[] symbols, string[] docIds, int count, bool contiguous, int* values, long* offsets,
        int[]? ownedValues, long[]? ownedOffsets, MemoryMappedFile? file, MemoryMappedViewAccessor? view)
    {
        Symbols = symbols; DocIds = docIds; Count = count; DocumentsContiguous = contiguous;
        _values = values; _offsets = offsets; _ownedValues = ownedValues; _ownedOffsets = ownedOffsets; _file = file; _view = view;
        _documentNumbers = new(() =>
        {
            var numbers = new Dictionary<string, int>(DocIds.Length, StringComparer.Ordinal);
            for (int i = 0; i < DocIds.Length; i++) numbers.TryAdd(DocIds[i], i);
            return numbers;
        });
        _documentStarts = new(() =>
        {
            using var lease = Use();
            // One pass over the document column (documents are numbered in order of first appearance, so it never
            // decreases): the first row of each document, then the end. In the heap, 4 bytes a document, because a lookup in
            // the mapped column touched ~20 pages per document, which at 100,000 documents the page cache does not keep.
            var starts = new int[DocIds.Length + 1];
            int next = 0;
            for (int row = 0; row < Count; row++)
            {
                int doc = Doc(row);
                if (doc < next - 1) throw new InvalidDataException($"{VectorFolder.ColumnsFile}: the rows of document {doc} do not follow one another");
                while (next <= doc) starts[next++] = row;
            }
            while (next <= DocIds.Length) starts[next++] = Count;
            return starts;
        });
    }

    /// <summary>Columns held in memory (an in-memory store, or one being written).</summary>
    public static RowTable InMemory(string[] symbols, string[] docIds, int[] values, long[] offsets, bool contiguous)
    {
        var pinnedValues = GC.AllocateUninitializedArray<int>(Math.Max(1, values.Length), pinned: true);
        values.CopyTo(pinnedValues, 0);
        var pinnedOffsets = GC.AllocateUninitializedArray<long>(Math.Max(1, offsets.Length), pinned: true);
        offsets.CopyTo(pinnedOffsets, 0);
        return new RowTable(symbols, docIds, values.Length / PerRow, contiguous,
            (int*)Unsafe.AsPointer(ref pinnedValues[0]), offsets.Length == 0 ? null : (long*)Unsafe.AsPointer(ref pinnedOffsets[0]),
            pinnedValues, pinnedOffsets, null, null);
    }

    /// <summary>Maps columns.bin after reading its symbol and document tables, and checks its size against the header's row
    /// count and its last offset against the length of rows.bin.</summary>
    /// <remarks>Reading and transposing every row at open would make a cold <c>search</c> read a large file, often not in the
    /// page cache, for the hundred rows it uses. Per-row checks (offsets increasing, document numbers in range) run on the rows
    /// that are read.</remarks>
    public static RowTable Map(string path, int expectedCount, long rowsLength)
    {
        string[] symbols, docIds;
        long tablesEnd, fileLength;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var r = new BinaryReader(stream, System.Text.Encoding.UTF8))
        {
            fileLength = stream.Length;
            int count = r.ReadInt32();
            if (count != expectedCount) throw new InvalidDataException($"'{path}' has {count} rows, the header says {expectedCount}");
            symbols = new string[CheckedCount(r.ReadInt32(), path)];
            for (int i = 0; i < symbols.Length; i++) symbols[i] = r.ReadString();
            docIds = new string[CheckedCount(r.ReadInt32(), path)];
            for (int i = 0; i < docIds.Length; i++) docIds[i] = r.ReadString();
            tablesEnd = stream.Position;
        }
        long expectedLength = tablesEnd + (long)expectedCount * PerRow * sizeof(int) + (expectedCount + 1L) * sizeof(long);
        if (fileLength != expectedLength) throw new InvalidDataException($"'{path}' has {fileLength} bytes, {expectedLength} expected for {expectedCount} rows");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            view = file.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            acquired = true;
            p += view.PointerOffset;
            var values = (int*)(p + tablesEnd);
            var offsets = (long*)(p + tablesEnd + (long)expectedCount * PerRow * sizeof(int));
            if (offsets[0] != sizeof(int) || offsets[expectedCount] != rowsLength)
                throw new InvalidDataException($"'{path}': row offsets run from {offsets[0]} to {offsets[expectedCount]}, {VectorFolder.RowsFile} has {rowsLength} bytes");
            return new RowTable(symbols, docIds, expectedCount, contiguous: true, values, offsets, null, null, file, view);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Keeps the map of an opened table alive while a reader works on it: a <see cref="Dispose"/> meanwhile (a server
    /// shutting down under a background warm-up or a query) unmaps only when the last lease ends, and a lease taken after
    /// it throws <see cref="ObjectDisposedException"/> instead of reading unmapped memory.</summary>
    public Lease Use()
    {
        if (_view is null) return default;
        var handle = _view.SafeMemoryMappedViewHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        return new Lease(added ? handle : null);
    }

    /// <summary>A reader's hold on the map (see <see cref="Use"/>).</summary>
    public readonly struct Lease(System.Runtime.InteropServices.SafeHandle? handle) : IDisposable
    {
        public void Dispose() => handle?.DangerousRelease();
    }

    static int CheckedCount(int n, string path) =>
        n is >= 0 and <= 100_000_000 ? n : throw new InvalidDataException($"'{path}' declares {n} entries");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    int Value(int row, int column) => _values[(long)row * PerRow + column];

    public int Doc(int row)
    {
        int doc = Value(row, DocColumn);
        return (uint)doc < (uint)DocIds.Length ? doc : throw new InvalidDataException($"{VectorFolder.ColumnsFile}: row {row} refers to document {doc} of {DocIds.Length}");
    }

    public int Province(int row) => Value(row, ProvinceColumn);
    public int City(int row) => Value(row, CityColumn);
    public int District(int row) => Value(row, DistrictColumn);
    public int Type(int row) => Value(row, TypeColumn);
    public int Year(int row) => Value(row, YearColumn);

    /// <summary>Where row <paramref name="row"/>'s record lies in rows.bin.</summary>
    public (long Start, long Length) Record(int row)
    {
        if (_offsets is null) throw new InvalidOperationException("an in-memory store has no row records");
        long start = _offsets[row], end = _offsets[row + 1];
        if (start < sizeof(int) || end <= start) throw new InvalidDataException($"{VectorFolder.ColumnsFile}: row offsets are not increasing at row {row}");
        return (start, end - start);
    }

    /// <summary>The rows of a document: one run (see <see cref="PrepareDocumentRuns"/>).</summary>
    public (int First, int Count) RowsOf(string docId)
    {
        if (!DocumentsContiguous) throw new InvalidOperationException("this store's documents are not one run of rows each");
        if (!_documentNumbers.Value.TryGetValue(docId, out int doc)) return (0, 0);
        var starts = _documentStarts.Value;
        return (starts[doc], starts[doc + 1] - starts[doc]);
    }

    /// <summary>Builds the document lookups now (one pass over the document column, 4 bytes of heap a document), so that the
    /// first query that needs them does not pay for it.</summary>
    public void PrepareDocumentRuns()
    {
        if (!DocumentsContiguous) return;
        _ = _documentNumbers.Value;
        _ = _documentStarts.Value;
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }
}

/// <summary>Collects the row table of rows one at a time (the writer, and in-memory stores), numbering symbols and documents
/// in order of first appearance.</summary>
sealed class RowTableBuilder
{
    readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal), _docs = new(StringComparer.Ordinal);
    readonly List<int> _values = [];
    int _lastDoc = -1;

    /// <summary>False once a document's rows were interrupted by another document's.</summary>
    public bool Contiguous { get; private set; } = true;

    public void Add(MeasureVectorRow row)
    {
        int doc = Number(_docs, row.DocId);
        if (doc < _lastDoc) Contiguous = false;
        _lastDoc = Math.Max(_lastDoc, doc);
        _values.Add(doc);
        _values.Add(Symbol(row.Province)); _values.Add(Symbol(row.City)); _values.Add(Symbol(row.District)); _values.Add(Symbol(row.Type));
        _values.Add(row.Year ?? int.MinValue);
    }

    int Symbol(string? value) => value is null ? -1 : Number(_symbols, value);

    static int Number(Dictionary<string, int> numbers, string value) =>
        numbers.TryGetValue(value, out int n) ? n : numbers[value] = numbers.Count;

    string[] Symbols => [.. _symbols.OrderBy(p => p.Value).Select(p => p.Key)];
    string[] DocIds => [.. _docs.OrderBy(p => p.Value).Select(p => p.Key)];

    public RowTable Build(long[] offsets) => RowTable.InMemory(Symbols, DocIds, [.. _values], offsets, Contiguous);

    /// <summary>Writes columns.bin in the layout <see cref="RowTable.Map"/> reads.</summary>
    public void Write(string path, IReadOnlyList<long> offsets)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8);
        w.Write(_values.Count / RowTable.PerRow);
        w.Write(_symbols.Count);
        foreach (var symbol in Symbols) w.Write(symbol);
        w.Write(_docs.Count);
        foreach (var doc in DocIds) w.Write(doc);
        foreach (int value in _values) w.Write(value);
        foreach (long offset in offsets) w.Write(offset);
        w.Flush();
        stream.Flush(true);
    }
}
