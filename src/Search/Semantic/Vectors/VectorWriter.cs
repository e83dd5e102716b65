using System.Runtime.InteropServices;

namespace Search.Semantic.Vectors;

/// <summary>Writes a vector folder row by row, so a large one never has to be held in memory; <see cref="Complete"/> writes
/// the row table and the header that makes the folder readable.</summary>
/// <remarks>Rows must come in ordinal id order (an opened store finds an id by binary search instead of holding an id table),
/// and each document's rows one after another (a document's rows are one run).</remarks>
public sealed class VectorWriter : IDisposable
{
    readonly string _folder;
    readonly int _dimension;
    readonly FileStream _vectors;
    readonly FileStream? _rows;
    readonly MemoryStream _record = new();
    readonly BinaryWriter _recordWriter;
    readonly RowTableBuilder _table = new();
    readonly List<long> _offsets = [];
    long _position;
    string? _lastId;
    bool _disposed;

    /// <param name="vectorsOnly">Write the matrix and header only, for a folder opened with
    /// <see cref="MeasureVectorStore.OpenVectors"/> (sentence vectors: their rows would be large and nothing reads them).</param>
    public VectorWriter(string folder, int dimension, bool vectorsOnly = false)
    {
        _folder = folder;
        _dimension = dimension;
        _vectors = new FileStream(Path.Combine(folder, VectorFolder.VectorsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _recordWriter = new BinaryWriter(_record, System.Text.Encoding.UTF8, leaveOpen: true);
        if (vectorsOnly) return;
        _rows = new FileStream(Path.Combine(folder, VectorFolder.RowsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _rows.Write(new byte[sizeof(int)]); // the row count, patched by Complete
        _position = sizeof(int);
    }

    public int Count { get; private set; }

    public void Add(MeasureVectorRow row, ReadOnlySpan<float> vector)
    {
        if (vector.Length != _dimension) throw new ArgumentException($"vector of length {vector.Length}, expected {_dimension}");
        if (_lastId is not null && string.CompareOrdinal(_lastId, row.Id) >= 0)
            throw new ArgumentException($"rows must be in ordinal id order: '{row.Id}' after '{_lastId}'");
        _lastId = row.Id;
        _vectors.Write(MemoryMarshal.AsBytes(vector));
        Count++;
        if (_rows is null) return;
        _record.SetLength(0);
        RowRecords.Write(_recordWriter, row);
        _recordWriter.Flush();
        _offsets.Add(_position);
        _rows.Write(_record.GetBuffer(), 0, (int)_record.Length);
        _position += _record.Length;
        _table.Add(row);
        if (!_table.Contiguous) throw new ArgumentException($"rows of document '{row.DocId}' must follow one another");
    }

    public SemanticHeader Complete(string embedder, string corpusFingerprint)
    {
        if (_rows is not null)
        {
            _rows.Position = 0;
            _rows.Write(BitConverter.GetBytes(Count));
            _rows.Flush(true);
            _table.Write(Path.Combine(_folder, VectorFolder.ColumnsFile), [.. _offsets, _position]);
        }
        _vectors.Flush(true);
        Dispose();
        var header = new SemanticHeader(SemanticHeader.FormatName, SemanticHeader.CurrentVersion, embedder, _dimension, Count,
            _rows is null ? VectorFolder.Checksum(_folder, VectorFolder.VectorsFile) : VectorFolder.Checksum(_folder), corpusFingerprint, DateTimeOffset.UtcNow);
        VectorFolder.WriteHeader(_folder, header);
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
