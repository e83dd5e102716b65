using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Search.Semantic.Embedding;

/// <summary>The fitted TF-IDF featurization of an <see cref="MlNetMeasureEmbedder"/> (character n-grams and words, each
/// block L2-normalised, then concatenated) computed with plain tables instead of ML.NET's data views.</summary>
/// <remarks>Through ML.NET each row went through a character tokenizer, an n-gram finder, a word tokenizer, a key map, a
/// second n-gram finder, two normalisers and a concatenation, each with its own buffers and index sorts: about a quarter of
/// a 10,000-document semantic build. The vocabulary is read from the n-gram transforms' slot names and each slot's IDF
/// from ML.NET's own un-normalised output for a probe text holding that n-gram once, so nothing internal is read. The
/// table is accepted only if, for every slot's probe, this class gives exactly the slots and values ML.NET gives; the
/// embedder then also checks whole embeddings against ML.NET's pipeline before using it.</remarks>
internal sealed class SparseFeaturizer
{
    const string CharColumn = "CharGrams", WordColumn = "WordGrams";
    // The largest character n-gram packed into one 64-bit key (three UTF-16 units and the length).
    const int MaxCharNgram = 3;

    readonly int _charLength, _charMinLength;      // n-gram lengths extracted: _charMinLength.._charLength (0: no block)
    readonly Dictionary<long, int> _charSlots;          // every character n-gram (counting reads it for lengths ≥ 2)
    readonly int[]? _charUnigramSlots;                  // single characters, by UTF-16 unit (-1: not in the vocabulary)
    readonly float[] _charIdf;
    readonly float[] _wordIdf;
    readonly bool _words;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;

    int CharSize => _charIdf.Length;

    /// <summary>Length of the feature vector (both blocks).</summary>
    public int Length => _charIdf.Length + _wordIdf.Length;

    SparseFeaturizer(int charLength, int charMinLength, Dictionary<long, int> charSlots, float[] charIdf, bool words, Dictionary<string, int> wordSlots, float[] wordIdf)
    {
        _charLength = charLength; _charMinLength = charMinLength; _charSlots = charSlots; _charIdf = charIdf;
        if (charLength > 0 && charMinLength == 1)
        {
            _charUnigramSlots = new int[char.MaxValue + 1];
            Array.Fill(_charUnigramSlots, -1);
            foreach (var (key, slot) in charSlots)
                if (key >> 48 == 1) _charUnigramSlots[(int)(key & 0xFFFF)] = slot;
        }
        _words = words; _wordIdf = wordIdf;
        _wordLookup = wordSlots.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The featurizer of the fitted feature transforms <paramref name="features"/> (the steps before the PCA), or
    /// null when the recipe has a shape it does not cover (word bigrams, character n-grams over three) or any slot's probe
    /// disagrees with ML.NET.</summary>
    public static SparseFeaturizer? TryCreate(MLContext ml, IReadOnlyList<ITransformer> features, DataViewSchema inputSchema, EmbeddingRecipe recipe)
    {
        if (recipe.WordBigrams || recipe.CharNgramLength > MaxCharNgram) return null;
        var ngramSteps = features.Select((t, i) => (t, i)).Where(p => p.t is NgramExtractingTransformer).Select(p => p.i).ToList();
        int expected = (recipe.CharNgramLength > 0 ? 1 : 0) + (recipe.UseWords ? 1 : 0);
        if (expected == 0 || ngramSteps.Count != expected) return null;

        int charLength = recipe.CharNgramLength;
        int charMinLength = recipe.CharUnigrams || charLength == 1 ? 1 : charLength;
        var charSlots = new Dictionary<long, int>();
        float[] charIdf = [];
        var wordSlots = new Dictionary<string, int>(StringComparer.Ordinal);
        float[] wordIdf = [];
        var charProbes = new List<string>();
        var wordProbes = new List<string>();

        // Raw (un-normalised) TF-IDF columns: the chain up to each n-gram step; a block's own normaliser comes after it.
        ITransformer Prefix(int lastStep) => new TransformerChain<ITransformer>([.. features.Take(lastStep + 1)]);
        if (charLength > 0)
        {
            var names = SlotNames(Prefix(ngramSteps[0]), inputSchema, CharColumn);
            if (names is null) return null;
            charIdf = new float[names.Count];
            for (int slot = 0; slot < names.Count; slot++)
            {
                var chars = ParseCharNgram(names[slot]);
                if (chars is null || chars.Length < charMinLength || chars.Length > charLength || !charSlots.TryAdd(Key(chars), slot)) return null;
                charProbes.Add(chars);
            }
        }
        if (recipe.UseWords)
        {
            var names = SlotNames(Prefix(ngramSteps[^1]), inputSchema, WordColumn);
            if (names is null) return null;
            wordIdf = new float[names.Count];
            for (int slot = 0; slot < names.Count; slot++)
            {
                if (names[slot].Length == 0 || names[slot].Contains(' ') || !wordSlots.TryAdd(names[slot], slot)) return null;
                wordProbes.Add(names[slot]);
            }
        }
        var featurizer = new SparseFeaturizer(charLength, charMinLength, charSlots, charIdf, recipe.UseWords, wordSlots, wordIdf);

        // Each probe holds its own n-gram exactly once, so ML.NET's raw value at that slot is the slot's IDF.
        var charRaw = charLength > 0 ? RawRows(ml, Prefix(ngramSteps[0]), charProbes.Select(p => new MlNetMeasureEmbedder.FeatureRow { Chars = p }), CharColumn) : [];
        var wordRaw = recipe.UseWords ? RawRows(ml, Prefix(ngramSteps[^1]), wordProbes.Select(p => new MlNetMeasureEmbedder.FeatureRow { Words = p }), WordColumn) : [];
        for (int slot = 0; slot < charRaw.Count; slot++) charIdf[slot] = ValueAt(charRaw[slot], slot);
        for (int slot = 0; slot < wordRaw.Count; slot++) wordIdf[slot] = ValueAt(wordRaw[slot], slot);
        // An n-gram in every fitted row has IDF ln(N/N) = 0: its feature is 0 whatever its count, so its probe shows nothing.
        if (charIdf.Any(v => !(v >= 0)) || wordIdf.Any(v => !(v >= 0))) return null;

        // Every probe, counted here, must give exactly ML.NET's raw slots and values.
        var probe = featurizer.NewScratch();
        for (int i = 0; i < charProbes.Count; i++)
        {
            featurizer.CountChars(charProbes[i], probe.Chars);
            if (!SameRaw(featurizer.Raw(probe.Chars, charIdf), charRaw[i])) return null;
        }
        for (int i = 0; i < wordProbes.Count; i++)
        {
            featurizer.CountWords(wordProbes[i], probe.Words);
            if (!SameRaw(featurizer.Raw(probe.Words, wordIdf), wordRaw[i])) return null;
        }
        return featurizer;
    }

    /// <summary>Scratch one thread needs for <see cref="Featurize"/> (<see cref="NewScratch"/>).</summary>
    public sealed class Scratch
    {
        internal readonly Counts Chars, Words;
        internal int[] Indices = [];
        internal float[] Values = [];
        internal Scratch(int charSlots, int wordSlots) { Chars = new Counts(charSlots); Words = new Counts(wordSlots); }
    }

    /// <summary>Term counts of one row: a count per slot, and the slots touched so that clearing costs what counting did.</summary>
    internal sealed class Counts(int slots)
    {
        readonly int[] _count = new int[slots];
        readonly int[] _touched = new int[slots];
        int _n;
        public void Add(int slot)
        {
            if (_count[slot]++ == 0) _touched[_n++] = slot;
        }
        public int this[int slot] => _count[slot];
        public Span<int> Touched => _touched.AsSpan(0, _n);
        public void Clear()
        {
            foreach (int slot in Touched) _count[slot] = 0;
            _n = 0;
        }
    }

    public Scratch NewScratch() => new(CharSize, _wordIdf.Length);

    /// <summary>The sparse feature row ML.NET's feature transforms produce for <paramref name="row"/>.</summary>
    public VBuffer<float> Featurize(MlNetMeasureEmbedder.FeatureRow row, Scratch scratch)
    {
        scratch.Chars.Clear();
        scratch.Words.Clear();
        if (_charLength > 0) CountChars(row.Chars, scratch.Chars);
        if (_words) CountWords(row.Words, scratch.Words);
        int count = scratch.Chars.Touched.Length + scratch.Words.Touched.Length;
        if (scratch.Indices.Length < count)
        {
            scratch.Indices = new int[Math.Max(count, scratch.Indices.Length * 2)];
            scratch.Values = new float[scratch.Indices.Length];
        }
        int n = Block(scratch.Chars, _charIdf, 0, scratch, 0);
        n = Block(scratch.Words, _wordIdf, CharSize, scratch, n);
        // The scratch arrays back the buffer: it is valid until the next call with this scratch.
        return new VBuffer<float>(Length, n, scratch.Values, scratch.Indices);
    }

    // Writes one block's slots in order as tf·idf, L2-normalised, from position n; returns the next position.
    static int Block(Counts counts, float[] idf, int offset, Scratch scratch, int n)
    {
        var touched = counts.Touched;
        if (touched.IsEmpty) return n;
        touched.Sort();
        int start = n;
        foreach (int slot in touched)
        {
            if (idf[slot] == 0) continue;
            scratch.Indices[n] = slot + offset;
            scratch.Values[n] = counts[slot] * idf[slot];
            n++;
        }
        var values = scratch.Values.AsSpan(start, n - start);
        float norm = TensorPrimitives.Norm(values);
        if (norm > 0) TensorPrimitives.Divide(values, norm, values);
        return n;
    }

    void CountChars(string text, Counts counts)
    {
        var unigrams = _charUnigramSlots;
        for (int i = 0; i < text.Length; i++)
        {
            if (unigrams is not null && unigrams[text[i]] is int one and >= 0) counts.Add(one);
            for (int length = Math.Max(2, _charMinLength); length <= _charLength && i + length <= text.Length; length++)
                if (_charSlots.TryGetValue(Key(text.AsSpan(i, length)), out int slot))
                    counts.Add(slot);
        }
    }

    void CountWords(string text, Counts counts)
    {
        foreach (var range in text.AsSpan().Split(' '))
        {
            var word = text.AsSpan(range);
            if (!word.IsEmpty && _wordLookup.TryGetValue(word, out int slot)) counts.Add(slot);
        }
    }

    List<(int Slot, float Value)> Raw(Counts counts, float[] idf)
    {
        var raw = new List<(int, float)>();
        foreach (int slot in counts.Touched)
            if (counts[slot] * idf[slot] is var value and not 0) raw.Add((slot, value));
        raw.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        counts.Clear();
        return raw;
    }

    static bool SameRaw(List<(int Slot, float Value)> ours, List<(int Slot, float Value)> theirs)
    {
        if (ours.Count != theirs.Count) return false;
        for (int i = 0; i < ours.Count; i++)
            if (ours[i].Slot != theirs[i].Slot || Math.Abs(ours[i].Value - theirs[i].Value) > 1e-6f * Math.Max(1f, Math.Abs(theirs[i].Value)))
                return false;
        return true;
    }

    static float ValueAt(List<(int Slot, float Value)> row, int slot)
    {
        foreach (var (s, v) in row) if (s == slot) return v;
        return 0;
    }

    // Up to three UTF-16 units and the length in one key: 16 bits each, the length in the top bits.
    static long Key(ReadOnlySpan<char> gram)
    {
        long key = (long)gram.Length << 48;
        for (int i = 0; i < gram.Length; i++) key |= (long)gram[i] << (16 * i);
        return key;
    }

    /// <summary>The characters of a character n-gram slot name: units joined by '|', control characters and the space
    /// written as their Unicode control pictures in angle brackets (space is "&lt;␠&gt;"). Null if the name is not of that form.</summary>
    internal static string? ParseCharNgram(string name)
    {
        var chars = new System.Text.StringBuilder(MaxCharNgram);
        int i = 0;
        while (true)
        {
            if (i >= name.Length) return null;
            if (name[i] == '<' && i + 2 < name.Length && name[i + 2] == '>' && name[i + 1] is >= '\u2400' and <= '\u2420')
            {
                chars.Append((char)(name[i + 1] - '\u2400'));
                i += 3;
            }
            else chars.Append(name[i++]);
            if (i == name.Length) return chars.Length <= MaxCharNgram ? chars.ToString() : null;
            if (name[i] != '|') return null;
            i++;
        }
    }

    static IReadOnlyList<string>? SlotNames(ITransformer prefix, DataViewSchema inputSchema, string column)
    {
        var schema = prefix.GetOutputSchema(inputSchema);
        if (schema.GetColumnOrNull(column) is not { } col || col.Type is not VectorDataViewType { Size: > 0 } type) return null;
        if (col.Annotations.Schema.GetColumnOrNull("SlotNames") is null) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        col.Annotations.GetValue("SlotNames", ref names);
        var result = names.DenseValues().Select(n => n.ToString()).ToList();
        return result.Count == type.Size ? result : null;
    }

    static List<List<(int Slot, float Value)>> RawRows(MLContext ml, ITransformer prefix, IEnumerable<MlNetMeasureEmbedder.FeatureRow> rows, string column)
    {
        var view = prefix.Transform(ml.Data.LoadFromEnumerable(rows));
        var col = view.Schema[column];
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> buffer = default;
        var result = new List<List<(int, float)>>();
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            var row = new List<(int, float)>();
            var values = buffer.GetValues();
            var indices = buffer.GetIndices();
            for (int k = 0; k < values.Length; k++)
                if (values[k] != 0) row.Add((buffer.IsDense ? k : indices[k], values[k]));
            row.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            result.Add(row);
        }
        return result;
    }
}
