using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Analysis.SmartCn;

/// <summary>Lucene tokenizer equal to SmartCn's HMMChineseTokenizer: 1024-char chunks, JDK sentences, HHMM words.</summary>
public sealed class SmartCnTokenizer : Tokenizer
{
    const int BufferSize = 1024;

    readonly ICharTermAttribute _term;
    readonly IOffsetAttribute _offset;
    readonly ITypeAttribute _type;
    readonly IPositionIncrementAttribute _positionIncrement;
    readonly IFinalDelimiterAttribute _finalDelimiter;
    readonly HmmSegmenter _segmenter;

    readonly char[] _buffer = new char[BufferSize];
    int _length, _usable, _bufferOffset;
    int _sentenceStart, _sentenceEnd; // current sentence within the chunk
    int _wordIndex;                   // next word of the current sentence to emit
    int _sentences;                   // segmented since the last reset
    bool _exhausted;

    public SmartCnTokenizer(SmartCnDictionary dictionary, TextReader input) : base(input)
    {
        _segmenter = new HmmSegmenter(dictionary);
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _finalDelimiter = AddAttribute<IFinalDelimiterAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        while (true)
        {
            if (_wordIndex < _segmenter.Words.Count)
            {
                var w = _segmenter.Words[_wordIndex++];
                _term.CopyBuffer(_segmenter.Terms, w.TermStart, w.TermLength);
                int baseOffset = _bufferOffset + _sentenceStart;
                _offset.SetOffset(CorrectOffset(baseOffset + w.Start), CorrectOffset(baseOffset + w.End));
                _type.Type = "word";
                _positionIncrement.PositionIncrement = 1;
                return true;
            }
            if (!NextSentence()) return false;
        }
    }

    /// <summary>Moves to the next sentence (refilling the buffer when the chunk is used up) and segments it.</summary>
    bool NextSentence()
    {
        while (true)
        {
            if (_sentenceEnd < _usable)
            {
                _sentenceStart = _sentenceEnd;
                var chunk = _buffer.AsSpan(0, _usable);
                _sentenceEnd = JdkSentenceBreaker.NextBoundary(chunk, _sentenceStart);
                _segmenter.Segment(chunk[_sentenceStart.._sentenceEnd]);
                _sentences++;
                _wordIndex = 0;
                return true;
            }
            if (_exhausted || !Refill()) return false;
        }
    }

    bool Refill()
    {
        _bufferOffset += _usable;
        int leftover = _length - _usable;
        Array.Copy(_buffer, _usable, _buffer, 0, leftover);
        int requested = BufferSize - leftover;
        int read = ReadFully(_buffer, leftover, requested);
        _length = leftover + read;
        if (read < requested)
        {
            _usable = _length;
            _exhausted = true;
        }
        else
        {
            int safe = _buffer.AsSpan(0, _length).LastIndexOfAny(SafeEnds);
            _usable = safe >= 0 ? safe + 1 : _length;
        }
        _sentenceStart = _sentenceEnd = 0;
        return _length > 0;
    }

    static readonly System.Buffers.SearchValues<char> SafeEnds = System.Buffers.SearchValues.Create("\n\r\u0085\u2028\u2029");

    int ReadFully(char[] buffer, int offset, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = m_input.Read(buffer, offset + total, count - total);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }

    public override void Reset()
    {
        base.Reset();
        _length = _usable = _bufferOffset = 0;
        _sentenceStart = _sentenceEnd = 0;
        _wordIndex = 0;
        _sentences = 0;
        _exhausted = false;
        _segmenter.Words.Clear();
    }

    public override void End()
    {
        base.End();
        int final = CorrectOffset(_bufferOffset + _length);
        _offset.SetOffset(final, final);
        _finalDelimiter.ChangesNothing = FinalDelimiterChangesNothing();
    }

    /// <summary>Whether the input without its last char would have given the same words: it was one chunk and one sentence
    /// ending in a delimiter, the segmenter found the delimiter changed nothing, and without it the text is still one sentence.</summary>
    bool FinalDelimiterChangesNothing() =>
        _exhausted && _bufferOffset == 0 && _sentences == 1 && _usable == _length && _sentenceStart == 0 && _sentenceEnd == _length && _length > 1
        && JdkSentenceBreaker.NextBoundary(_buffer.AsSpan(0, _length - 1), 0) == _length - 1
        && _segmenter.FinalDelimiterChangesNothing();
}
