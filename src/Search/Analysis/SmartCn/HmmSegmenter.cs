namespace Search.Analysis.SmartCn;

/// <summary>One SmartCn-segmented word: its term text (in the segmenter's char pool) and offsets relative to the sentence.</summary>
internal readonly record struct SegmentedWord(int TermStart, int TermLength, int Start, int End);

/// <summary>Segments one sentence the way SmartCn's HHMM segmenter does: a word graph from the core dictionary, bigram-weighted edges, the cheapest path.</summary>
/// <remarks>Not thread-safe: each tokenizer owns one, and its buffers are reused across sentences so segmentation allocates nothing in the steady state.</remarks>
internal sealed class HmmSegmenter
{
    const byte Begin = 0, End = 1, ChineseWord = 2, String = 3, Number = 4, Delimiter = 5, FullWidthString = 6, FullWidthNumber = 7;
    const byte CtHanzi = 0, CtLetter = 1, CtDigit = 2, CtSpace = 3, CtDelimiter = 4, CtFullLetter = 5, CtFullDigit = 6, CtOther = 7;
    const double MaxFrequency = 2159997.0;
    const double Smoothing = 0.1;
    const double Tiny = 1.0 / MaxFrequency;

    static readonly byte[] CharTypes = BuildCharTypes();

    readonly SmartCnDictionary _dict;
    readonly int _stringWeight, _numberWeight, _beginWeight, _endWeight;
    readonly string _stringMark = "未##串", _numberMark = "未##数", _beginMark = "始##始", _endMark = "末##末";

    // Graph tokens, in index order (= start order, insertion order within a start).
    int _count;
    int[] _start = new int[64], _end = new int[64], _weight = new int[64], _charStart = new int[64], _charLen = new int[64];
    byte[] _type = new byte[64];
    long[] _keyHash1 = new long[64];
    int[] _keyHash2 = new int[64];
    char[] _graphChars = new char[256];
    int _graphCharCount;
    // Per position (0..n): first token index and count; next position with tokens.
    int[] _firstAt = new int[64], _countAt = new int[64], _nextWithTokens = new int[64];
    double[] _best = new double[64];
    int[] _pred = new int[64];
    readonly List<int> _path = new();

    /// <summary>Output words of the last <see cref="Segment"/> call; term text lives in <see cref="Terms"/>.</summary>
    public readonly List<SegmentedWord> Words = new();
    public char[] Terms = new char[256];
    int _termCount;

    int _length; // of the last sentence segmented

    public HmmSegmenter(SmartCnDictionary dictionary)
    {
        _dict = dictionary;
        _stringWeight = dictionary.Frequency(_stringMark);
        _numberWeight = dictionary.Frequency(_numberMark);
        _beginWeight = dictionary.Frequency(_beginMark);
        _endWeight = dictionary.Frequency(_endMark);
    }

    static byte[] BuildCharTypes()
    {
        var t = new byte[65536];
        for (int c = 0; c < 65536; c++)
        {
            t[c] = c switch
            {
                >= 0x4E00 and <= 0x9FA5 => CtHanzi,
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' => CtLetter,
                >= '0' and <= '9' => CtDigit,
                0x20 or 0x09 or 0x0D or 0x0A or 0x3000 => CtSpace,
                >= 0x21 and <= 0xBB or >= 0x2010 and <= 0x2642 or >= 0x3001 and <= 0x301E => CtDelimiter,
                >= 0xFF21 and <= 0xFF3A or >= 0xFF41 and <= 0xFF5A => CtFullLetter,
                >= 0xFF10 and <= 0xFF19 => CtFullDigit,
                >= 0xFE30 and <= 0xFF63 => CtDelimiter,
                _ => CtOther,
            };
        }
        return t;
    }

    /// <summary>Segments one sentence; results replace <see cref="Words"/>.</summary>
    public void Segment(ReadOnlySpan<char> s)
    {
        Words.Clear();
        _termCount = 0;
        int n = _length = s.Length;
        _count = 0;
        if (n == 0) return;
        BuildGraph(s);
        BestPath(n);
        EmitWords(s);
    }

    /// <summary>True when the last sentence segmented ends in a delimiter whose removal would leave every other word as it is.</summary>
    /// <remarks>The cheapest path to every word before that delimiter does not depend on what follows it, so the sentence
    /// without the delimiter takes the same path exactly when its end sentinel picks the same last word as the delimiter did.
    /// This relaxes the edges into the end sentinel as they would be without the delimiter (in the same order, with the same
    /// strict comparison as <see cref="BestPath"/>) and compares the last word chosen. Computed on request, from the graph the
    /// last <see cref="Segment"/> left, so ordinary analysis does not pay for it.</remarks>
    public bool FinalDelimiterChangesNothing()
    {
        int n = _length, end = _count - 1, delimiter = _count - 2;
        if (delimiter < 1 || _type[delimiter] != Delimiter || _start[delimiter] != n - 1) return false;
        double best = double.MaxValue;
        int pred = -1;
        for (int t1 = 0; t1 < delimiter; t1++)
        {
            if (_nextWithTokens[_end[t1]] != n - 1) continue;
            double candidate = _best[t1] + EdgeWeight(t1, end);
            if (candidate < best) { best = candidate; pred = t1; }
        }
        return pred >= 0 && pred == _pred[delimiter];
    }

    double EdgeWeight(int t1, int t2)
    {
        long h1 = _keyHash1[t1];
        int h2 = _keyHash2[t1];
        foreach (char c in _graphChars.AsSpan(_charStart[t2], _charLen[t2])) Mix(ref h1, ref h2, c);
        double onePlusF1 = 1.0 + _weight[t1];
        double a = Smoothing * onePlusF1 / MaxFrequency;
        double b = (1.0 - Tiny) * _dict.BigramFrequency(h1, h2) / onePlusF1;
        b += Tiny;
        return -Math.Log(a + (1.0 - Smoothing) * b);
    }

    void BuildGraph(ReadOnlySpan<char> s)
    {
        int n = s.Length;
        _count = 0;
        _graphCharCount = 0;
        EnsurePositions(n + 1);
        Array.Fill(_countAt, 0, 0, n + 1);
        AddToken(-1, 0, Begin, _beginWeight, _beginMark);

        var types = CharTypes;
        char[]? wordBuffer = null;
        int i = 0;
        while (i < n)
        {
            byte ct = types[s[i]];
            switch (ct)
            {
                case CtSpace:
                    i++;
                    break;
                case CtHanzi:
                {
                    int node = _dict.RootOf[s[i]];
                    int singleFrequency = node >= 0 ? Math.Max(0, _dict.WordFrequency[node]) : 0;
                    AddToken(i, i + 1, ChineseWord, singleFrequency, s.Slice(i, 1));
                    if (node >= 0)
                    {
                        wordBuffer ??= new char[16];
                        wordBuffer[0] = s[i];
                        int length = 1, j = i + 1;
                        while (true)
                        {
                            while (j < n && types[s[j]] == CtSpace) j++;
                            if (j >= n || types[s[j]] != CtHanzi) break;
                            node = _dict.Child(node, s[j]);
                            if (node < 0) break;
                            if (length == wordBuffer.Length) Array.Resize(ref wordBuffer, length * 2);
                            wordBuffer[length++] = s[j];
                            j++;
                            int f = _dict.WordFrequency[node];
                            if (f >= 0) AddToken(i, j, ChineseWord, f, wordBuffer.AsSpan(0, length));
                        }
                    }
                    i++;
                    break;
                }
                case CtLetter:
                case CtFullLetter:
                    i = AddRun(s, i, CtLetter, CtFullLetter, String, FullWidthString, _stringWeight, _stringMark);
                    break;
                case CtDigit:
                case CtFullDigit:
                    i = AddRun(s, i, CtDigit, CtFullDigit, Number, FullWidthNumber, _numberWeight, _numberMark);
                    break;
                case CtDelimiter:
                    AddToken(i, i + 1, Delimiter, (int)MaxFrequency, s.Slice(i, 1));
                    i++;
                    break;
                default:
                    AddToken(i, i + 1, String, _stringWeight, _stringMark);
                    i++;
                    break;
            }
        }
        AddToken(n, n + 1, End, _endWeight, _endMark);

        // Next position (≥ p) where some token starts; the end sentinel guarantees one at n.
        int next = n;
        for (int p = n; p >= 0; p--)
        {
            if (_countAt[p] > 0) next = p;
            _nextWithTokens[p] = next;
        }
    }

    /// <summary>Adds one token for the maximal run of half- and full-width chars of one class (letters or digits); returns the run's end.</summary>
    int AddRun(ReadOnlySpan<char> s, int i, byte half, byte full, byte halfType, byte fullType, int weight, string mark)
    {
        var types = CharTypes;
        int j = i;
        bool anyFull = false;
        while (j < s.Length && (types[s[j]] == half || types[s[j]] == full)) { anyFull |= types[s[j]] == full; j++; }
        AddToken(i, j, anyFull ? fullType : halfType, weight, mark);
        return j;
    }

    void AddToken(int start, int end, byte type, int weight, ReadOnlySpan<char> graphChars)
    {
        if (_count == _start.Length) GrowTokens();
        int k = _count++;
        _start[k] = start; _end[k] = end; _type[k] = type; _weight[k] = weight;
        if (_graphCharCount + graphChars.Length > _graphChars.Length)
            Array.Resize(ref _graphChars, Math.Max(_graphChars.Length * 2, _graphCharCount + graphChars.Length));
        graphChars.CopyTo(_graphChars.AsSpan(_graphCharCount));
        _charStart[k] = _graphCharCount; _charLen[k] = graphChars.Length;
        _graphCharCount += graphChars.Length;

        // Hash state of "chars@": the bigram key of every edge leaving this token starts with it.
        long h1 = SmartCnDictionary.BigramKeyHashStart1;
        int h2 = SmartCnDictionary.BigramKeyHashStart2;
        foreach (char c in graphChars) Mix(ref h1, ref h2, c);
        Mix(ref h1, ref h2, '@');
        _keyHash1[k] = h1; _keyHash2[k] = h2;

        if (start >= 0)
        {
            if (_countAt[start]++ == 0) _firstAt[start] = k;
        }
    }

    static void Mix(ref long h1, ref int h2, char c) => SmartCnDictionary.MixBigramKey(ref h1, ref h2, c);

    void BestPath(int n)
    {
        int count = _count;
        if (_best.Length < count) { _best = new double[_start.Length]; _pred = new int[_start.Length]; }
        var best = _best;
        var pred = _pred;
        Array.Fill(best, double.MaxValue, 0, count);
        best[0] = 0.0;
        pred[0] = 0;
        for (int t1 = 0; t1 < count - 1; t1++)
        {
            double f1 = _weight[t1];
            double a = Smoothing * (1.0 + f1) / MaxFrequency;
            double onePlusF1 = 1.0 + f1;
            int p = _nextWithTokens[_end[t1]];
            int first = _firstAt[p], last = first + _countAt[p];
            long h1Base = _keyHash1[t1];
            int h2Base = _keyHash2[t1];
            double baseWeight = best[t1];
            for (int t2 = first; t2 < last; t2++)
            {
                long h1 = h1Base;
                int h2 = h2Base;
                var chars = _graphChars.AsSpan(_charStart[t2], _charLen[t2]);
                foreach (char c in chars) Mix(ref h1, ref h2, c);
                int pairFrequency = _dict.BigramFrequency(h1, h2);
                double b = (1.0 - Tiny) * pairFrequency / onePlusF1;
                b += Tiny;
                double c9 = (1.0 - Smoothing) * b;
                double candidate = baseWeight + -Math.Log(a + c9);
                if (candidate < best[t2])
                {
                    best[t2] = candidate;
                    pred[t2] = t1;
                }
            }
        }
        _path.Clear();
        for (int k = count - 1; k > 0; k = pred[k]) _path.Add(k);
        _path.Reverse(); // begin sentinel (0) excluded; last entry is the end sentinel
    }

    void EmitWords(ReadOnlySpan<char> s)
    {
        for (int p = 0; p < _path.Count - 1; p++)
        {
            int k = _path[p];
            int start = _start[k], end = _end[k];
            int termStart = _termCount;
            switch (_type[k])
            {
                case ChineseWord:
                    AppendTerm(_graphChars.AsSpan(_charStart[k], _charLen[k]));
                    break;
                case Delimiter:
                    AppendTerm(",");
                    break;
                case Number:
                    AppendTerm(s[start..end]);
                    break;
                case String:
                    AppendTerm(s[start..end]);
                    for (int i = termStart; i < _termCount; i++)
                        if (Terms[i] is >= 'A' and <= 'Z') Terms[i] = (char)(Terms[i] + 32);
                    break;
                case FullWidthString:
                case FullWidthNumber:
                    AppendTerm(s[start..end]);
                    for (int i = termStart; i < _termCount; i++)
                    {
                        char c = Terms[i];
                        if (c >= 0xFF10) c = (char)(c - 0xFEE0);
                        if (c is >= 'A' and <= 'Z') c = (char)(c + 32);
                        Terms[i] = c;
                    }
                    break;
            }
            Words.Add(new SegmentedWord(termStart, _termCount - termStart, start, end));
        }
    }

    void AppendTerm(ReadOnlySpan<char> text)
    {
        if (_termCount + text.Length > Terms.Length) Array.Resize(ref Terms, Math.Max(Terms.Length * 2, _termCount + text.Length));
        text.CopyTo(Terms.AsSpan(_termCount));
        _termCount += text.Length;
    }

    void EnsurePositions(int size)
    {
        if (_firstAt.Length >= size) return;
        int newSize = Math.Max(size, _firstAt.Length * 2);
        _firstAt = new int[newSize]; _countAt = new int[newSize]; _nextWithTokens = new int[newSize];
    }

    void GrowTokens()
    {
        int size = _start.Length * 2;
        Array.Resize(ref _start, size); Array.Resize(ref _end, size); Array.Resize(ref _weight, size);
        Array.Resize(ref _charStart, size); Array.Resize(ref _charLen, size); Array.Resize(ref _type, size);
        Array.Resize(ref _keyHash1, size); Array.Resize(ref _keyHash2, size);
    }
}
