using Microsoft.Win32.SafeHandles;

namespace Search.Semantic.Vectors;

/// <summary>Per-row metadata of the vector matrix: which measure a row is and the fields filters look at.</summary>
public sealed record MeasureVectorRow(
    string Id, string DocId, string Source, string Path, string Text,
    string? Province, string? City, string? District, int? Year, string? Type);

/// <summary>The row records of <see cref="VectorFolder.RowsFile"/>: after the row count, each row as length-prefixed UTF-8
/// strings (one sequential read, no JSON parsing, when a large store is read whole).</summary>
public static class RowRecords
{
    public static void Write(BinaryWriter w, MeasureVectorRow r)
    {
        w.Write(r.Id); w.Write(r.DocId); w.Write(r.Source); w.Write(r.Path); w.Write(r.Text);
        WriteOptional(w, r.Province); WriteOptional(w, r.City); WriteOptional(w, r.District);
        w.Write(r.Year ?? int.MinValue);
        WriteOptional(w, r.Type);
    }

    public static MeasureVectorRow Read(BinaryReader r)
    {
        string id = r.ReadString(), docId = r.ReadString(), source = r.ReadString(), measurePath = r.ReadString(), text = r.ReadString();
        string? province = ReadOptional(r), city = ReadOptional(r), district = ReadOptional(r);
        int year = r.ReadInt32();
        string? type = ReadOptional(r);
        return new MeasureVectorRow(id, docId, source, measurePath, text, province, city, district, year == int.MinValue ? null : year, type);
    }

    /// <summary>Every row of a folder in row order, in one sequential pass (the build reads the rows of the documents it keeps
    /// this way).</summary>
    public static IEnumerable<MeasureVectorRow> ReadAll(string folder)
    {
        var header = VectorFolder.ReadHeader(folder);
        using var stream = new FileStream(Path.Combine(folder, VectorFolder.RowsFile), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8);
        int count = r.ReadInt32();
        if (count != header.Count) throw new InvalidDataException($"'{folder}': {VectorFolder.RowsFile} has {count} rows, the header says {header.Count}");
        for (int i = 0; i < count; i++) yield return Read(r);
    }

    static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}

/// <summary>The rows of an opened folder, each read from rows.bin (a positional read of its record) when it is asked for.</summary>
/// <remarks>Parsing every row at open cost seconds and gigabytes at millions of measures; a query reads a dozen.</remarks>
sealed class LazyRows(string path, RowTable table) : IReadOnlyList<MeasureVectorRow>, IDisposable
{
    readonly SafeFileHandle _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

    public int Count => table.Count;

    public MeasureVectorRow this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            using var r = new BinaryReader(new MemoryStream(Read(index, int.MaxValue), writable: false), System.Text.Encoding.UTF8);
            return RowRecords.Read(r);
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
        using (table.Use()) (start, recordLength) = table.Record(index);
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

/// <summary>The rows of a store opened for its vectors only.</summary>
sealed class NoRows(int count) : IReadOnlyList<MeasureVectorRow>
{
    public int Count => count;
    public MeasureVectorRow this[int index] => throw new InvalidOperationException("this store was opened for its vectors only");
    public IEnumerator<MeasureVectorRow> GetEnumerator() => throw new InvalidOperationException("this store was opened for its vectors only");
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
