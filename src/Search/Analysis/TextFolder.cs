using System.Globalization;
using System.Text;

namespace Search.Analysis;

/// <summary>Result of <see cref="TextFolder.Fold"/>: the folded text and a map from folded char offsets to original char offsets.</summary>
public sealed class FoldedText
{
    internal FoldedText(string text, int[] toOriginal)
    {
        Text = text;
        ToOriginal = toOriginal;
    }

    /// <summary>The folded text.</summary>
    public string Text { get; }

    /// <summary>
    /// For each folded char index, the index of the original char it came from, plus one extra entry
    /// (at index <c>Text.Length</c>) holding the original length. Non-decreasing.
    /// </summary>
    public int[] ToOriginal { get; }

    /// <summary>Maps a folded offset (0..Text.Length inclusive) to an offset in the original text.</summary>
    public int MapOffset(int foldedOffset) => ToOriginal[foldedOffset];
}

/// <summary>
/// Search-time character folding: NFKC (which also folds full-width to half-width), Traditional to
/// Simplified Chinese at character level (Unihan kSimplifiedVariant, see Data/tc2sc.tsv), and
/// lower-casing (invariant, per code point, so every cased script, not only Latin).
/// </summary>
/// <remarks>
/// Folding is idempotent: <c>Fold(Fold(x).Text).Text == Fold(x).Text</c>. Text is processed in
/// clusters (a base code point plus up to <see cref="MaxMarks"/> following combining marks) because
/// NFKC can compose across chars; a cluster maps as a whole, and the chars it produces point into the
/// cluster's original span proportionally, so a cluster that grows (ﬁ → fi, ㈠ → (一)) maps all its
/// output chars to the cluster's first original char and a cluster that shrinks (e + U+0301 → é) maps
/// to its first char while the next cluster still starts at its true original offset.
/// Lone surrogates pass through unchanged (NFKC would throw on them).
/// </remarks>
public static class TextFolder
{
    /// <summary>
    /// Combining marks attached to one cluster at most; beyond that a new cluster starts. This is
    /// the Stream-Safe Text Format bound (UAX #15), and keeps a pathological run of marks linear.
    /// </summary>
    public const int MaxMarks = 30;

    /// <summary>Folds <paramref name="text"/>; see <see cref="TextFolder"/> for what folding means.</summary>
    public static FoldedText Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var buffer = new FoldBuffer(text.Length + 16);
        int consumed = FoldSpan(text.AsSpan(), 0, true, buffer);
        System.Diagnostics.Debug.Assert(consumed == text.Length);
        var map = new int[buffer.Length + 1];
        Array.Copy(buffer.Map, map, buffer.Length);
        map[buffer.Length] = text.Length;
        return new FoldedText(new string(buffer.Chars, 0, buffer.Length), map);
    }

    /// <summary>The Simplified form of one char by the Traditional→Simplified table alone (no NFKC, no case), or the char itself
    /// when it has none or its Simplified form is outside the BMP; length-preserving, for code that keeps char offsets.</summary>
    public static char ToSimplified(char c) =>
        FoldTables.Instance.TraditionalToSimplified.TryGetValue(c, out int s) && s <= 0xFFFF && !char.IsSurrogate((char)s) ? (char)s : c;

    /// <summary><see cref="ToSimplified(char)"/> applied to every char of a string (same length).</summary>
    public static string ToSimplified(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (int i = 0; i < t.Length; i++) span[i] = ToSimplified(t[i]);
    });

    /// <summary>Folds <paramref name="text"/> and returns only the folded string (no offset map is built).</summary>
    public static string FoldToString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tables = FoldTables.Instance;
        if (text.Length == 1 && tables.Simple[text[0]] is var single && single != FoldTables.NotSimple)
            return OneCharString(single); // highlighting folds char by char: keep that allocation-free
        using var buffer = new FoldBuffer(text.Length + 16);
        FoldSpan(text.AsSpan(), 0, true, buffer);
        return new string(buffer.Chars, 0, buffer.Length);
    }

    static readonly string?[] SingleCharStrings = new string?[65536];

    /// <summary>A one-char string, made once per char (code that folds char by char asks for them all the time).</summary>
    public static string OneCharString(char c) => SingleCharStrings[c] ??= c.ToString();

    /// <summary>
    /// Throughput probe for benchmarks: folds <paramref name="text"/> <paramref name="repetitions"/>
    /// times and returns megabytes (UTF-16 chars × 2 / 2^20) per second. Not used by tests as a timing assertion.
    /// </summary>
    public static double MeasureThroughputMBps(string text, int repetitions = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        _ = FoldTables.Instance; // keep table construction out of the measurement
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long chars = 0;
        for (int r = 0; r < repetitions; r++)
        {
            chars += text.Length;
            _ = Fold(text);
        }
        sw.Stop();
        return chars * 2.0 / (1 << 20) / Math.Max(sw.Elapsed.TotalSeconds, 1e-9);
    }

    /// <summary>
    /// Folds as much of <paramref name="src"/> as can be decided, appending to <paramref name="output"/>
    /// with original offsets <c>srcBase + i</c>. When <paramref name="final"/> is false, a cluster that
    /// touches the end of <paramref name="src"/> is left unconsumed (more marks may follow).
    /// Returns the number of chars consumed.
    /// </summary>
    internal static int FoldSpan(ReadOnlySpan<char> src, int srcBase, bool final, FoldBuffer output)
    {
        var tables = FoldTables.Instance;
        char[] simple = tables.Simple;
        bool[] mayCombine = tables.MayCombine;
        int n = src.Length;
        output.EnsureCapacity(output.Length + n);
        char[] dst = output.Chars;
        int[] map = output.Map;
        int j = output.Length;
        int i = 0;
        while (i < n)
        {
            char c = src[i];
            char f = simple[c];
            if (f != FoldTables.NotSimple)
            {
                if (i + 1 < n)
                {
                    if (!mayCombine[src[i + 1]])
                    {
                        dst[j] = f;
                        map[j++] = srcBase + i++;
                        continue;
                    }
                }
                else if (final)
                {
                    dst[j] = f;
                    map[j++] = srcBase + i++;
                    continue;
                }
                else
                {
                    break;
                }
            }

            int end = ClusterEnd(src, i, final, tables, out bool lone);
            if (end < 0)
                break; // undecidable until more input arrives

            string folded = lone ? src.Slice(i, 1).ToString() : tables.FoldCluster(src.Slice(i, end - i).ToString());
            int origLen = end - i;
            int outLen = folded.Length;
            output.Length = j;
            output.EnsureCapacity(j + outLen + (n - end));
            dst = output.Chars;
            map = output.Map;
            for (int t = 0; t < outLen; t++)
            {
                dst[j] = folded[t];
                map[j++] = srcBase + i + (int)((long)t * origLen / outLen);
            }
            i = end;
        }
        output.Length = j;
        return i;
    }

    /// <summary>
    /// End (exclusive) of the cluster starting at <paramref name="start"/>, or -1 when more input is
    /// needed to decide. <paramref name="lone"/> reports an unpaired surrogate (always its own cluster).
    /// </summary>
    private static int ClusterEnd(ReadOnlySpan<char> s, int start, bool final, FoldTables tables, out bool lone)
    {
        int n = s.Length;
        lone = false;
        char c = s[start];
        int k = start + 1;
        if (char.IsHighSurrogate(c))
        {
            if (k == n)
            {
                if (!final) return -1;
                lone = true;
                return k;
            }
            if (!char.IsLowSurrogate(s[k]))
            {
                lone = true;
                return k;
            }
            k++;
        }
        else if (char.IsLowSurrogate(c))
        {
            lone = true;
            return k;
        }

        for (int marks = 0; marks < MaxMarks; marks++)
        {
            if (k == n) return final ? k : -1;
            char m = s[k];
            if (!tables.MayCombine[m]) return k;
            if (char.IsHighSurrogate(m))
            {
                if (k + 1 == n) return final ? k : -1;
                char low = s[k + 1];
                if (!char.IsLowSurrogate(low) || !FoldTables.IsCombining(char.ConvertToUtf32(m, low)))
                    return k;
                k += 2;
            }
            else
            {
                k++;
            }
        }
        return k;
    }
}

/// <summary>Growable output of the folding core: folded chars and their original offsets (arrays rented from the shared pool).</summary>
/// <remarks>Pooled because a char filter is created for every analysed field value; fresh arrays per value cost more than the folding itself.</remarks>
internal sealed class FoldBuffer : IDisposable
{
    public char[] Chars;
    public int[] Map;
    public int Length;

    public FoldBuffer(int capacity)
    {
        Chars = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        Map = System.Buffers.ArrayPool<int>.Shared.Rent(Chars.Length);
    }

    public void EnsureCapacity(int needed)
    {
        if (needed <= Chars.Length && needed <= Map.Length) return;
        int size = Math.Max(needed, (int)Math.Min(Array.MaxLength, Chars.Length * 2L));
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(size);
        var map = System.Buffers.ArrayPool<int>.Shared.Rent(size);
        Array.Copy(Chars, chars, Length);
        Array.Copy(Map, map, Length);
        Release();
        Chars = chars;
        Map = map;
    }

    public void Dispose()
    {
        Release();
        Chars = [];
        Map = [];
        Length = 0;
    }

    void Release()
    {
        if (Chars.Length > 0) System.Buffers.ArrayPool<char>.Shared.Return(Chars);
        if (Map.Length > 0) System.Buffers.ArrayPool<int>.Shared.Return(Map);
    }
}

/// <summary>Lookup tables for folding, built once from the embedded Traditional→Simplified table and the runtime's Unicode data.</summary>
internal sealed class FoldTables
{
    /// <summary>Marker in <see cref="Simple"/> for chars that need the cluster path.</summary>
    public const char NotSimple = '\uFFFF';

    private static readonly Lazy<FoldTables> lazy = new(() => new FoldTables(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static FoldTables Instance => lazy.Value;

    /// <summary>BMP char → its folded char when that is a single non-surrogate char, else <see cref="NotSimple"/>.</summary>
    public readonly char[] Simple = new char[65536];

    /// <summary>True for BMP chars that may join the preceding cluster (combining marks, conjoining jamo V/T,
    /// chars whose NFKD starts with such) and for high surrogates (resolved exactly on the slow path).</summary>
    public readonly bool[] MayCombine = new bool[65536];

    /// <summary>Traditional → Simplified, code point to code point.</summary>
    public readonly Dictionary<int, int> TraditionalToSimplified;

    private FoldTables()
    {
        TraditionalToSimplified = LoadTable();
        for (int c = 0; c < 65536; c++)
        {
            char ch = (char)c;
            if (char.IsSurrogate(ch))
            {
                Simple[c] = NotSimple;
                MayCombine[c] = char.IsHighSurrogate(ch);
                continue;
            }
            MayCombine[c] = IsCombining(c);
            string folded = c < 0x80 ? AsciiFold(ch) : FoldCluster(ch.ToString());
            Simple[c] = folded.Length == 1 && !char.IsSurrogate(folded[0]) && folded[0] != NotSimple ? folded[0] : NotSimple;
        }
    }

    private static string AsciiFold(char c) => c is >= 'A' and <= 'Z' ? ((char)(c + 32)).ToString() : c.ToString();

    /// <summary>True when <paramref name="cp"/> can combine with what precedes it under NFKC.</summary>
    public static bool IsCombining(int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        if (IsMarkCategory(cp)) return true;
        // Conjoining Hangul vowels and trailing consonants compose with a preceding syllable/leading jamo.
        if (cp is >= 0x1160 and <= 0x11FF or >= 0xD7B0 and <= 0xD7FF) return true;
        if (cp > 0xFFFF) return false;
        // Compatibility chars whose NFKD starts with a combining char (U+FF9E halfwidth voiced mark,
        // U+314F compatibility jamo) compose with the preceding char after NFKC.
        string s = ((char)cp).ToString();
        string d;
        try
        {
            d = s.IsNormalized(NormalizationForm.FormKD) ? s : s.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (d == s) return false;
        int first = char.ConvertToUtf32(d, 0);
        return IsMarkCategory(first) || first is >= 0x1160 and <= 0x11FF or >= 0xD7B0 and <= 0xD7FF;
    }

    private static bool IsMarkCategory(int cp) => CharUnicodeInfo.GetUnicodeCategory(cp) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Folds one cluster (no lone surrogates): NFKC, then T→S and lower-case per code point, repeated to a fixed point.</summary>
    public string FoldCluster(string cluster)
    {
        string current = cluster;
        // A step can expose new work (a lower-cased char with a compatibility form, a T→S target
        // that NFKC would alter); iterating to a fixed point is what makes folding idempotent.
        for (int round = 0; round < 4; round++)
        {
            string next = Step(current);
            if (next == current) return current;
            current = next;
        }
        return current;
    }

    private string Step(string s)
    {
        string n;
        try
        {
            n = s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            n = s; // unassigned/invalid data: leave as-is rather than fail the document
        }
        StringBuilder? sb = null;
        for (int i = 0; i < n.Length;)
        {
            int cp;
            int width;
            if (char.IsHighSurrogate(n[i]) && i + 1 < n.Length && char.IsLowSurrogate(n[i + 1]))
            {
                cp = char.ConvertToUtf32(n[i], n[i + 1]);
                width = 2;
            }
            else
            {
                cp = n[i];
                width = 1;
            }
            int mapped = cp;
            if (TraditionalToSimplified.TryGetValue(mapped, out int simplified))
                mapped = simplified;
            if (!(mapped is >= 0xD800 and <= 0xDFFF))
                mapped = Rune.ToLowerInvariant(new Rune(mapped)).Value;
            if (mapped != cp && sb is null)
                sb = new StringBuilder(n.Length + 2).Append(n, 0, i);
            if (sb is not null)
            {
                if (mapped is >= 0xD800 and <= 0xDFFF) sb.Append((char)mapped);
                else sb.Append(char.ConvertFromUtf32(mapped));
            }
            i += width;
        }
        return sb?.ToString() ?? n;
    }

    private static Dictionary<int, int> LoadTable()
    {
        var asm = typeof(FoldTables).Assembly;
        using var stream = asm.GetManifestResourceStream("Search.Analysis.Data.tc2sc.tsv")
            ?? throw new InvalidOperationException("embedded resource Search.Analysis.Data.tc2sc.tsv is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new Dictionary<int, int>(8192);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int tab = line.IndexOf('\t');
            int src = int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int dst = int.Parse(line.AsSpan(tab + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            table[src] = dst;
        }
        return table;
    }
}
