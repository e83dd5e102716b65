using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Search.Schema;

namespace Search.Indexing;

/// <summary>The tokens of one analysed text (term, position increment, offsets), kept in flat arrays so one analysis of a
/// measure can feed both its measure doc and its policy-document doc.</summary>
/// <remarks>Why: every measure's text was analysed twice, once alone and once inside the document's clean text; analysis is
/// about half of the index build's CPU. Terms share one char buffer, so recording allocates per text, not per token.</remarks>
internal sealed class RecordedTokens
{
    private char[] _chars = new char[256];
    private int _charCount;
    private int[] _termStart = new int[64], _termLength = new int[64], _increment = new int[64], _start = new int[64], _end = new int[64];

    public int Count { get; private set; }

    /// <summary>Runs <paramref name="analyzer"/> over <paramref name="text"/> to the end and keeps every token.</summary>
    public static RecordedTokens Record(Analyzer analyzer, string field, string text)
    {
        var recorded = new RecordedTokens();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) recorded.Add(term.Buffer, term.Length, increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
        stream.End();
        return recorded;
    }

    private void Add(char[] term, int length, int increment, int start, int end)
    {
        if (Count == _termStart.Length)
        {
            int size = Count * 2;
            Array.Resize(ref _termStart, size);
            Array.Resize(ref _termLength, size);
            Array.Resize(ref _increment, size);
            Array.Resize(ref _start, size);
            Array.Resize(ref _end, size);
        }
        if (_charCount + length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + length));
        Array.Copy(term, 0, _chars, _charCount, length);
        _termStart[Count] = _charCount;
        _termLength[Count] = length;
        _increment[Count] = increment;
        _start[Count] = start;
        _end[Count] = end;
        _charCount += length;
        Count++;
    }

    /// <summary>The position increment of token <paramref name="i"/>.</summary>
    public int IncrementOf(int i) => _increment[i];

    /// <summary>True when token <paramref name="i"/> is one character with the next token stacked on its position from the same
    /// start: a grams unigram inside a CJK run, under the bigram that starts there.</summary>
    public bool IsInteriorUnigram(int i) =>
        i + 1 < Count && _increment[i + 1] == 0 && _start[i + 1] == _start[i]
        && (_termLength[i] == 1 || (_termLength[i] == 2 && char.IsHighSurrogate(_chars[_termStart[i]])));

    /// <summary>Puts token <paramref name="i"/> into the attributes, its offsets moved by <paramref name="shift"/>.</summary>
    public void Emit(int i, ICharTermAttribute term, IPositionIncrementAttribute increment, IOffsetAttribute offset, int shift)
    {
        term.CopyBuffer(_chars, _termStart[i], _termLength[i]);
        increment.PositionIncrement = _increment[i];
        offset.SetOffset(_start[i] + shift, _end[i] + shift);
    }
}

/// <summary>Replays recorded texts one after another as one token stream, each text's offsets moved to where it sits in the enclosing text.</summary>
internal sealed class ReplayTokenStream : TokenStream
{
    private readonly IReadOnlyList<(RecordedTokens Tokens, int Shift)> _parts;
    private readonly int _finalOffset;
    private readonly bool _skipInteriorUnigrams;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly IOffsetAttribute _offset;
    private int _part, _token;

    /// <param name="skipInteriorUnigrams">Replay grams as <see cref="Search.Analysis.GramsAnalyzer.ForDocuments"/> would have
    /// produced them: a unigram inside a run is left out and the bigram after it takes its position.</param>
    public ReplayTokenStream(IReadOnlyList<(RecordedTokens Tokens, int Shift)> parts, int finalOffset, bool skipInteriorUnigrams = false)
    {
        _parts = parts;
        _finalOffset = finalOffset;
        _skipInteriorUnigrams = skipInteriorUnigrams;
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public override bool IncrementToken()
    {
        while (_part < _parts.Count && _token >= _parts[_part].Tokens.Count)
        {
            _part++;
            _token = 0;
        }
        if (_part == _parts.Count) return false;
        ClearAttributes();
        var (tokens, shift) = _parts[_part];
        if (_skipInteriorUnigrams && tokens.IsInteriorUnigram(_token))
        {
            int increment = tokens.IncrementOf(_token++);
            tokens.Emit(_token++, _term, _increment, _offset, shift);
            _increment.PositionIncrement = increment;
            return true;
        }
        tokens.Emit(_token++, _term, _increment, _offset, shift);
        return true;
    }

    public override void End()
    {
        base.End();
        _offset.SetOffset(_finalOffset, _finalOffset);
    }

    public override void Reset()
    {
        base.Reset();
        _part = 0;
        _token = 0;
    }
}

/// <summary>A positions-only text field indexed from recorded tokens (with the same sentence and measure gaps as <see cref="GappedTextField"/>), so the writer analyses nothing again.</summary>
internal sealed class RecordedTextField : Field
{
    private readonly IReadOnlyList<(RecordedTokens Tokens, int Shift)> _parts;
    private readonly IReadOnlyList<TextBoundary> _boundaries;
    private readonly bool _skipInteriorUnigrams;

    public RecordedTextField(string name, string text, IReadOnlyList<(RecordedTokens Tokens, int Shift)> parts, IReadOnlyList<TextBoundary> boundaries,
        bool skipInteriorUnigrams = false)
        : base(name, text, GappedTextField.PositionsOnly)
    {
        _parts = parts;
        _boundaries = boundaries;
        _skipInteriorUnigrams = skipInteriorUnigrams;
    }

    public override TokenStream GetTokenStream(Analyzer analyzer) =>
        new PositionGapFilter(new ReplayTokenStream(_parts, GetStringValue().Length, _skipInteriorUnigrams), _boundaries);

}
