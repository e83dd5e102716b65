using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Search.Analysis.SmartCn;

/// <summary>Where to find the SmartCn jar and where to keep the compact dictionary cache.</summary>
public sealed record SmartCnOptions(string? JarPath = null, string? CacheDirectory = null)
{
    public const string JarEnvironmentVariable = "SEARCH_SMARTCN_JAR";
    public const string CacheEnvironmentVariable = "SEARCH_CACHE_DIR";
    public static SmartCnOptions Default { get; } = new();
}

/// <summary>SmartCn's word dictionary (as a trie), bigram table and stop words, loaded from the Lucene jar once and cached in a compact binary form.</summary>
public sealed class SmartCnDictionary
{
    const string CoreEntry = "org/apache/lucene/analysis/cn/smart/hhmm/coredict.mem";
    const string BigramEntry = "org/apache/lucene/analysis/cn/smart/hhmm/bigramdict.mem";
    const string StopEntry = "org/apache/lucene/analysis/cn/smart/stopwords.txt";
    const int CacheFormatVersion = 1;
    static readonly byte[] CacheMagic = "SCNDICT\0"u8.ToArray();
    static readonly ConcurrentDictionary<string, Lazy<SmartCnDictionary>> Loaded = new();

    // Trie over dictionary words: node ids index these arrays; children of a node are contiguous and sorted by char.
    internal readonly int[] RootOf;        // char -> node id, -1 if the char starts no dictionary entry
    internal readonly char[] NodeChar;
    internal readonly int[] FirstChild;
    internal readonly int[] ChildCount;
    internal readonly int[] WordFrequency; // -1 if the prefix is not a word
    internal readonly long[] BigramHashes;
    internal readonly int[] BigramFrequencies;
    public IReadOnlyList<string> StopWords { get; }
    public string Source { get; }
    /// <summary>How the dictionary was obtained this time: "cache" or "jar".</summary>
    public string LoadedFrom { get; }

    SmartCnDictionary(int[] rootOf, char[] nodeChar, int[] firstChild, int[] childCount, int[] wordFrequency,
        long[] bigramHashes, int[] bigramFrequencies, IReadOnlyList<string> stopWords, string source, string loadedFrom)
    {
        RootOf = rootOf; NodeChar = nodeChar; FirstChild = firstChild; ChildCount = childCount; WordFrequency = wordFrequency;
        BigramHashes = bigramHashes; BigramFrequencies = bigramFrequencies; StopWords = stopWords; Source = source; LoadedFrom = loadedFrom;
    }

    public int NodeCount => NodeChar.Length;

    /// <summary>The shared dictionary for these options (loaded once per process and jar).</summary>
    public static SmartCnDictionary Load(SmartCnOptions? options = null)
    {
        options ??= SmartCnOptions.Default;
        string jar = LocateJar(options.JarPath);
        return Loaded.GetOrAdd(Path.GetFullPath(jar), p => new Lazy<SmartCnDictionary>(() => LoadUncached(p, options.CacheDirectory))).Value;
    }

    /// <summary>Finds the jar: explicit path, then SEARCH_SMARTCN_JAR, then /usr/share/java; a missing jar is a user error that says what to install.</summary>
    public static string LocateJar(string? explicitPath)
    {
        string? path = explicitPath is { Length: > 0 } ? explicitPath : Environment.GetEnvironmentVariable(SmartCnOptions.JarEnvironmentVariable);
        if (path is { Length: > 0 })
        {
            if (File.Exists(path)) return path;
            throw new UserError($"SmartCn jar not found at '{path}' (set by option or {SmartCnOptions.JarEnvironmentVariable}); point it at a lucene-analyzers-smartcn-*.jar");
        }
        const string javaDir = "/usr/share/java";
        if (Directory.Exists(javaDir))
        {
            var candidates = Directory.GetFiles(javaDir, "lucene-analyzers-smartcn*.jar")
                .Where(f => !Path.GetFileName(f).Contains("sources", StringComparison.Ordinal))
                .OrderByDescending(f => Path.GetFileName(f) == "lucene-analyzers-smartcn-4.10.4.jar")
                .ThenBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count > 0) return candidates[0];
        }
        throw new UserError("SmartCn dictionaries not found: install them with 'apt-get install liblucene4.10-java' " +
            $"(provides /usr/share/java/lucene-analyzers-smartcn-4.10.4.jar) or set {SmartCnOptions.JarEnvironmentVariable} / --smartcn-jar to a lucene-analyzers-smartcn-*.jar");
    }

    /// <summary>Loads without the process-wide instance: from the cache in <paramref name="cacheDirectory"/> if valid, else from the jar (then caches); for benchmarks and tests.</summary>
    public static SmartCnDictionary LoadFresh(string jarPath, string cacheDirectory) => LoadUncached(Path.GetFullPath(jarPath), cacheDirectory);

    static SmartCnDictionary LoadUncached(string jarPath, string? cacheDirectory)
    {
        var jarInfo = new FileInfo(jarPath);
        string key = $"{jarInfo.FullName}|{jarInfo.Length}|{jarInfo.LastWriteTimeUtc.Ticks}";
        string? cacheFile = CacheFile(cacheDirectory, key);
        if (cacheFile != null && TryReadCache(cacheFile, key, jarPath) is { } cached)
            return cached;
        var dictionary = ParseJar(jarPath);
        if (cacheFile != null) TryWriteCache(cacheFile, key, dictionary);
        return dictionary;
    }

    static string? CacheFile(string? cacheDirectory, string key)
    {
        string? dir = cacheDirectory is { Length: > 0 } ? cacheDirectory : Environment.GetEnvironmentVariable(SmartCnOptions.CacheEnvironmentVariable);
        if (dir is not { Length: > 0 })
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            dir = xdg is { Length: > 0 } ? Path.Combine(xdg, "search") : home.Length > 0 ? Path.Combine(home, ".cache", "search") : null;
        }
        if (dir == null) return null;
        string name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        return Path.Combine(dir, $"smartcn-v{CacheFormatVersion}-{name}.bin");
    }

    // ---- parsing the jar ------------------------------------------------------------------

    /// <summary>Parses the dictionaries straight from the jar (no cache).</summary>
    public static SmartCnDictionary ParseJar(string jarPath)
    {
        byte[] core, bigram, stop;
        try
        {
            using var zip = ZipFile.OpenRead(jarPath);
            core = ReadEntry(zip, CoreEntry, jarPath);
            bigram = ReadEntry(zip, BigramEntry, jarPath);
            stop = ReadEntry(zip, StopEntry, jarPath);
        }
        catch (InvalidDataException e)
        {
            throw new UserError($"'{jarPath}' is not a readable jar: {e.Message}");
        }

        var coreStream = new JavaArrayStream(core, "coredict.mem");
        var wordIndexTable = coreStream.ReadObject() as short[];
        var charIndexTable = coreStream.ReadObject() as char[];
        var words = coreStream.ReadObject() as object?[];
        var frequencies = coreStream.ReadObject() as object?[];
        if (wordIndexTable == null || charIndexTable == null || words == null || frequencies == null || !coreStream.AtEnd)
            throw new UserError($"{jarPath}: coredict.mem does not have the expected four arrays");

        var bigramStream = new JavaArrayStream(bigram, "bigramdict.mem");
        var bigramHashes = bigramStream.ReadObject() as long[];
        var bigramFrequencies = bigramStream.ReadObject() as int[];
        if (bigramHashes == null || bigramFrequencies == null || bigramHashes.Length != bigramFrequencies.Length || !bigramStream.AtEnd)
            throw new UserError($"{jarPath}: bigramdict.mem does not have the expected two arrays");

        var trie = BuildTrie(wordIndexTable, charIndexTable, words, frequencies);
        return new SmartCnDictionary(trie.RootOf, trie.NodeChar, trie.FirstChild, trie.ChildCount, trie.WordFrequency,
            bigramHashes, bigramFrequencies, ParseStopWords(stop), jarPath, "jar");
    }

    static byte[] ReadEntry(ZipArchive zip, string name, string jarPath)
    {
        var entry = zip.GetEntry(name) ?? throw new UserError($"'{jarPath}' has no {name}: is it lucene-analyzers-smartcn-*.jar?");
        using var s = entry.Open();
        using var ms = new MemoryStream((int)Math.Max(0, Math.Min(entry.Length, 64 << 20)));
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Stop words as WordlistLoader reads them: skip lines starting with //, trim only chars ≤ U+0020, keep empty lines.</summary>
    internal static IReadOnlyList<string> ParseStopWords(byte[] utf8)
    {
        var text = new UTF8Encoding(false).GetString(utf8);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        for (string? line; (line = reader.ReadLine()) != null;)
        {
            if (line.StartsWith("//", StringComparison.Ordinal)) continue;
            int a = 0, b = line.Length;
            while (a < b && line[a] <= ' ') a++;
            while (b > a && line[b - 1] <= ' ') b--;
            result.Add(line[a..b]);
        }
        return result.ToArray();
    }

    sealed class TrieBuilderNode
    {
        public readonly SortedDictionary<char, TrieBuilderNode> Children = new();
        public int Frequency = -1;
    }

    static (int[] RootOf, char[] NodeChar, int[] FirstChild, int[] ChildCount, int[] WordFrequency) BuildTrie(
        short[] wordIndexTable, char[] charIndexTable, object?[] words, object?[] frequencies)
    {
        var roots = new SortedDictionary<char, TrieBuilderNode>();
        for (int slot = 0; slot < charIndexTable.Length; slot++)
        {
            char c = charIndexTable[slot];
            if (c == 0) continue;
            int row = wordIndexTable[slot];
            if (row < 0 || row >= words.Length || words[row] is not object?[] suffixes || frequencies[row] is not int[] freqs)
                continue;
            var root = roots[c] = new TrieBuilderNode();
            for (int k = 0; k < suffixes.Length && k < freqs.Length; k++)
            {
                var node = root;
                if (suffixes[k] is char[] suffix)
                    foreach (char d in suffix)
                    {
                        if (!node.Children.TryGetValue(d, out var child)) node.Children[d] = child = new TrieBuilderNode();
                        node = child;
                    }
                if (node.Frequency < 0) node.Frequency = freqs[k]; // first of equal entries wins, as a binary search over unique rows would
            }
        }

        // Breadth-first numbering keeps each node's children contiguous.
        var order = new List<(char C, TrieBuilderNode N)>();
        foreach (var (c, n) in roots) order.Add((c, n));
        var firstChild = new List<int>();
        var childCount = new List<int>();
        for (int i = 0; i < order.Count; i++)
        {
            var n = order[i].N;
            firstChild.Add(order.Count);
            childCount.Add(n.Children.Count);
            foreach (var (c, child) in n.Children) order.Add((c, child));
        }
        var rootOf = new int[65536];
        Array.Fill(rootOf, -1);
        for (int i = 0; i < roots.Count; i++) rootOf[order[i].C] = i;
        return (rootOf, order.Select(o => o.C).ToArray(), firstChild.ToArray(), childCount.ToArray(), order.Select(o => o.N.Frequency).ToArray());
    }

    // ---- lookups ----------------------------------------------------------------------------

    /// <summary>Child of a trie node for char c, or -1.</summary>
    internal int Child(int node, char c)
    {
        int lo = FirstChild[node], hi = lo + ChildCount[node] - 1;
        var chars = NodeChar;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            char m = chars[mid];
            if (m == c) return mid;
            if (m < c) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Dictionary frequency of a word (0 when absent), the SmartCn "frequency(W)".</summary>
    public int Frequency(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return 0;
        int node = RootOf[word[0]];
        for (int i = 1; i < word.Length && node >= 0; i++) node = Child(node, word[i]);
        return node >= 0 && WordFrequency[node] > 0 ? WordFrequency[node] : 0;
    }

    /// <summary>True when the word is an entry of the core dictionary (even with frequency 0).</summary>
    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return false;
        int node = RootOf[word[0]];
        for (int i = 1; i < word.Length && node >= 0; i++) node = Child(node, word[i]);
        return node >= 0 && WordFrequency[node] >= 0;
    }

    internal const long BigramKeyHashStart1 = unchecked((long)0xCBF29CE484222325UL); // FNV-1 offset basis
    internal const int BigramKeyHashStart2 = 5381;                                      // djb2 seed

    /// <summary>Feeds one char of a bigram key to both of SmartCn's hashes (FNV without final mixing, and its truncated djb2).</summary>
    internal static void MixBigramKey(ref long h1, ref int h2, char c)
    {
        unchecked
        {
            h1 = (h1 ^ (c & 0xFF)) * 1099511628211L;
            h1 = (h1 ^ (c >> 8)) * 1099511628211L;
            h2 = (h2 * 33 + c) & 0xFF;
            h2 = (h2 * 33 + c) >> 8;
        }
    }

    /// <summary>Bigram frequency for a key whose FNV (no final mix) and djb2-variant hashes were accumulated by the caller.</summary>
    internal int BigramFrequency(long hash1, int hash2)
    {
        const int p = 402137;
        var table = BigramHashes;
        if (table.Length != p) return LinearBigram(hash1);
        int a = (int)(hash1 % p);
        if (a < 0) a += p;
        int b = hash2 % p;
        if (b < 0) b += p;
        int idx = a;
        if (table[idx] == hash1) return BigramFrequencies[idx];
        if (b == 0) return 0; // the probe cannot move; Java would spin through the whole table and give up
        for (int i = 1; table[idx] != 0 && i < p; i++)
        {
            idx = (a + i * b) % p;
            if (table[idx] == hash1) return BigramFrequencies[idx];
        }
        return 0;
    }

    int LinearBigram(long hash1)
    {
        int i = Array.IndexOf(BigramHashes, hash1);
        return i >= 0 && hash1 != 0 ? BigramFrequencies[i] : 0;
    }

    /// <summary>Bigram frequency of the pair (first, second) as SmartCn looks it up ("first@second", hashed).</summary>
    public int BigramFrequency(string first, string second)
    {
        long h1 = BigramKeyHashStart1;
        int h2 = BigramKeyHashStart2;
        foreach (char c in first + "@" + second) MixBigramKey(ref h1, ref h2, c);
        return BigramFrequency(h1, h2);
    }

    /// <summary>Every word of the core dictionary (first char + suffix), in trie order; for tests and generators.</summary>
    public IEnumerable<string> Words()
    {
        var stack = new Stack<(int Node, string Prefix)>();
        for (int c = 65535; c >= 0; c--)
            if (RootOf[c] >= 0) stack.Push((RootOf[c], ((char)c).ToString()));
        while (stack.Count > 0)
        {
            var (node, prefix) = stack.Pop();
            if (WordFrequency[node] >= 0) yield return prefix;
            for (int k = FirstChild[node] + ChildCount[node] - 1; k >= FirstChild[node]; k--)
                stack.Push((k, prefix + NodeChar[k]));
        }
    }

    // ---- compact cache ----------------------------------------------------------------------

    static SmartCnDictionary? TryReadCache(string file, string key, string jarPath)
    {
        try
        {
            if (!File.Exists(file)) return null;
            byte[] bytes = File.ReadAllBytes(file);
            if (bytes.Length < 8 + 4 + 32 || !bytes.AsSpan(0, 8).SequenceEqual(CacheMagic)) return null;
            var payload = bytes.AsSpan(8 + 4 + 32);
            if (BitConverter.ToInt32(bytes, 8) != CacheFormatVersion) return null;
            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(12, 32))) return null;
            using var r = new BinaryReader(new MemoryStream(bytes, 44, bytes.Length - 44), Encoding.UTF8);
            if (r.ReadString() != key) return null;
            int nodes = r.ReadInt32();
            var rootOf = ReadArray<int>(r, 65536);
            var nodeChar = ReadArray<char>(r, nodes);
            var firstChild = ReadArray<int>(r, nodes);
            var childCount = ReadArray<int>(r, nodes);
            var wordFrequency = ReadArray<int>(r, nodes);
            int bigrams = r.ReadInt32();
            var hashes = ReadArray<long>(r, bigrams);
            var freqs = ReadArray<int>(r, bigrams);
            int stopCount = r.ReadInt32();
            var stop = new string[stopCount];
            for (int i = 0; i < stopCount; i++) stop[i] = r.ReadString();
            return new SmartCnDictionary(rootOf, nodeChar, firstChild, childCount, wordFrequency, hashes, freqs, stop, jarPath, "cache");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentException)
        {
            return null; // a broken cache is rebuilt, never fatal
        }
    }

    static void TryWriteCache(string file, string key, SmartCnDictionary d)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(key);
                w.Write(d.NodeCount);
                WriteArray(w, d.RootOf);
                WriteArray(w, d.NodeChar);
                WriteArray(w, d.FirstChild);
                WriteArray(w, d.ChildCount);
                WriteArray(w, d.WordFrequency);
                w.Write(d.BigramHashes.Length);
                WriteArray(w, d.BigramHashes);
                WriteArray(w, d.BigramFrequencies);
                w.Write(d.StopWords.Count);
                foreach (var s in d.StopWords) w.Write(s);
            }
            byte[] payload = ms.ToArray();
            string tmp = file + "." + Environment.ProcessId + ".tmp";
            using (var f = File.Create(tmp))
            {
                f.Write(CacheMagic);
                f.Write(BitConverter.GetBytes(CacheFormatVersion));
                f.Write(SHA256.HashData(payload));
                f.Write(payload);
            }
            File.Move(tmp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No writable cache folder: every process parses the jar instead, which is slower but correct.
        }
    }

    static void WriteArray<T>(BinaryWriter w, T[] a) where T : unmanaged => w.Write(MemoryMarshal.AsBytes(a.AsSpan()));

    static T[] ReadArray<T>(BinaryReader r, int n) where T : unmanaged
    {
        if (n < 0 || n > 16_000_000) throw new EndOfStreamException("bad array length in cache");
        var a = new T[n];
        var span = MemoryMarshal.AsBytes(a.AsSpan());
        if (r.Read(span) != span.Length) throw new EndOfStreamException();
        return a;
    }
}
