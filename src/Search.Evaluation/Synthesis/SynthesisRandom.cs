namespace Search.Evaluation.Synthesis;

/// <summary>SplitMix64: a tiny generator whose output is fixed by its seed alone, across runtimes and thread schedules.</summary>
/// <remarks>System.Random's seeded sequence is an implementation detail of the runtime; synthetic corpora must stay byte-identical
/// across .NET versions so that benchmark figures taken months apart describe the same documents.</remarks>
public struct SynthesisRandom(ulong seed)
{
    ulong _state = seed;

    /// <summary>A generator for one (seed, stream) pair, e.g. one document of one corpus.</summary>
    public static SynthesisRandom For(int seed, long stream, int purpose = 0) =>
        new(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ Mix((ulong)stream + 0x632BE59BD9B4E019UL * (ulong)(purpose + 1))));

    public ulong NextULong() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => (int)((NextULong() >> 33) % (ulong)max);

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
