using System.Numerics.Tensors;

namespace Search.Semantic.Vectors;

/// <summary>The sentence vectors of a semantic folder (its <see cref="Folder"/> subfolder) and which sentence rows belong to
/// each measure row (<see cref="SpansFile"/>), so a match can be judged on the passage that names the query's instrument.</summary>
public sealed class PassageVectors : IDisposable
{
    /// <summary>The subfolder of a semantic folder that holds the sentence vectors.</summary>
    public const string Folder = "passages";

    /// <summary>Sentence rows of each measure row: the first sentence row of each measure, then the end.</summary>
    public const string SpansFile = "spans.bin";

    readonly int[] _firsts;

    /// <summary>The sentence vectors, read by position.</summary>
    public MeasureVectorStore Store { get; }

    PassageVectors(MeasureVectorStore store, int[] firsts) { Store = store; _firsts = firsts; }

    /// <summary>Opens the passages of a semantic folder whose measure store has <paramref name="measures"/> rows.</summary>
    public static PassageVectors Open(string semanticFolder, int measures)
    {
        string folder = Path.Combine(semanticFolder, Folder);
        var firsts = ReadSpans(folder, measures);
        var store = MeasureVectorStore.OpenVectors(folder);
        if (firsts[^1] != store.Count)
        {
            store.Dispose();
            throw new InvalidDataException($"'{folder}' has {store.Count} sentence vectors, its spans say {firsts[^1]}");
        }
        return new PassageVectors(store, firsts);
    }

    /// <summary>True when the folder has both files a semantic folder's passages need.</summary>
    public static bool Exist(string semanticFolder) =>
        File.Exists(Path.Combine(semanticFolder, Folder, VectorFolder.HeaderFile)) && File.Exists(Path.Combine(semanticFolder, Folder, SpansFile));

    /// <summary>The sentence rows of a measure row.</summary>
    public (int First, int Count) Of(int measureRow) => (_firsts[measureRow], _firsts[measureRow + 1] - _firsts[measureRow]);

    /// <summary>The best cosine between <paramref name="lead"/> and any sentence of the measure (0 when it has none).</summary>
    public float Best(float[] lead, int measureRow)
    {
        var span = Of(measureRow);
        if (span.Count == 0) return 0;
        int d = Store.Dimension;
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(span.Count * d);
        try
        {
            Store.CopyVectors(span.First, span.Count, buffer);
            float best = 0;
            for (int i = 0; i < span.Count; i++)
                best = Math.Max(best, TensorPrimitives.Dot(lead, buffer.AsSpan(i * d, d)));
            return best;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes <see cref="SpansFile"/> into the passages folder.</summary>
    public static void WriteSpans(string passagesFolder, IReadOnlyList<int> firsts)
    {
        using var stream = new FileStream(Path.Combine(passagesFolder, SpansFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(stream);
        w.Write(firsts.Count - 1);
        foreach (int first in firsts) w.Write(first);
        w.Flush();
        stream.Flush(true);
    }

    static int[] ReadSpans(string passagesFolder, int measures)
    {
        string path = Path.Combine(passagesFolder, SpansFile);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream);
        int count = r.ReadInt32();
        if (count != measures) throw new InvalidDataException($"'{path}' covers {count} measures, the store has {measures}");
        var firsts = new int[count + 1];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(firsts.AsSpan()));
        for (int i = 1; i < firsts.Length; i++)
            if (firsts[i] < firsts[i - 1]) throw new InvalidDataException($"'{path}' is not in order at measure {i}");
        return firsts;
    }

    public void Dispose() => Store.Dispose();
}
