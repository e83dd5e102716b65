using System.Security.Cryptography;
using System.Text.Json;

namespace Search.Semantic.Vectors;

/// <summary>What a vector folder declares about itself; the checksum covers the vectors and the rows.</summary>
public sealed record SemanticHeader(
    string Format, int Version, string Embedder, int Dimension, int Count, string Checksum, string CorpusFingerprint, DateTimeOffset Created)
{
    public const string FormatName = "search-semantic";
    /// <summary>Version 3: binary row records (<see cref="VectorFolder.RowsFile"/>) and the row table (<see cref="VectorFolder.ColumnsFile"/>).</summary>
    public const int CurrentVersion = 3;
}

/// <summary>The file format of a vector folder: a float32 matrix (<see cref="VectorsFile"/>), the row records
/// (<see cref="RowsFile"/>), the row table (<see cref="ColumnsFile"/>) and a header with a checksum (<see cref="HeaderFile"/>).</summary>
/// <remarks>A folder is written whole by <see cref="VectorWriter"/> to a temporary name and renamed into place, so a reader
/// sees either a complete folder or none. A folder opened for its vectors only has no rows and no table.</remarks>
public static class VectorFolder
{
    public const string VectorsFile = "vectors.f32";
    public const string RowsFile = "rows.bin";
    public const string HeaderFile = "header.json";
    /// <summary>What a scan and a lookup need of every row without reading rows.bin: doc and filter symbols, record offsets.</summary>
    public const string ColumnsFile = "columns.bin";

    /// <summary>Folders up to this size are checksummed whenever they open; larger ones only when they are written.</summary>
    public const long VerifyOnOpenBytes = 256L << 20;

    /// <summary>The folder's header; a missing header or one of another format is a <see cref="UserError"/> that says to rebuild.</summary>
    public static SemanticHeader ReadHeader(string folder)
    {
        string path = Path.Combine(folder, HeaderFile);
        if (!File.Exists(path)) throw new UserError($"no semantic index in '{folder}' (header.json missing)");
        var header = JsonSerializer.Deserialize<SemanticHeader>(File.ReadAllText(path)) ?? throw new InvalidDataException("empty header");
        if (header.Format != SemanticHeader.FormatName || header.Version != SemanticHeader.CurrentVersion)
            throw new UserError($"semantic index in '{folder}' has format {header.Format} v{header.Version}; this build reads {SemanticHeader.FormatName} v{SemanticHeader.CurrentVersion} — rebuild the index");
        return header;
    }

    public static void WriteHeader(string folder, SemanticHeader header) =>
        File.WriteAllText(Path.Combine(folder, HeaderFile), JsonSerializer.Serialize(header, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>SHA-256 over the matrix, the row records and the row table.</summary>
    public static string Checksum(string folder) => Checksum(folder, VectorsFile, RowsFile, ColumnsFile);

    public static string Checksum(string folder, params string[] files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var name in files)
        {
            using var stream = File.OpenRead(Path.Combine(folder, name));
            int n;
            while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
