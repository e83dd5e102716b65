using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Schema;

/// <summary>A boundary in a text: from <see cref="Offset"/> on, tokens belong to a new sentence (or measure) and get <see cref="Gap"/> extra positions.</summary>
public readonly record struct TextBoundary(int Offset, int Gap);

/// <summary>Finds sentence boundaries the way <c>/sentence</c> understands them: after 。！？；!?; and at line breaks.</summary>
public static class SentenceBoundaries
{
    /// <summary>Characters that end a sentence. The semicolon is included because policy measures chain clauses with ；, and a researcher asking for "one sentence" means one clause.</summary>
    public const string Terminators = "。！？；!?;\n\r";

    /// <summary>Offsets (into <paramref name="text"/>) where a new sentence starts, each with <see cref="IndexFields.SentenceGap"/>.</summary>
    public static IReadOnlyList<TextBoundary> Find(string text, int offsetBase = 0)
    {
        var result = new List<TextBoundary>();
        for (var i = 0; i < text.Length; i++)
        {
            if (Terminators.IndexOf(text[i]) < 0) continue;
            var next = i + 1;
            while (next < text.Length && (Terminators.IndexOf(text[next]) >= 0 || char.IsWhiteSpace(text[next]) || text[next] is '”' or '’' or '」' or '）' or ')')) next++;
            if (next < text.Length) result.Add(new TextBoundary(offsetBase + next, IndexFields.SentenceGap));
            i = next - 1;
        }
        return result;
    }

    /// <summary>Boundaries for a document doc whose text is the measures joined by "\n": measure starts get <see cref="IndexFields.MeasureGap"/>, sentences inside get <see cref="IndexFields.SentenceGap"/>.</summary>
    public static IReadOnlyList<TextBoundary> ForMeasures(IReadOnlyList<string> measureTexts)
    {
        var result = new List<TextBoundary>();
        var offset = 0;
        for (var m = 0; m < measureTexts.Count; m++)
        {
            if (m > 0) result.Add(new TextBoundary(offset, IndexFields.MeasureGap));
            result.AddRange(Find(measureTexts[m], offset).Where(b => b.Offset < offset + measureTexts[m].Length));
            offset += measureTexts[m].Length + 1;
        }
        return result;
    }
}

/// <summary>Adds position gaps at sentence and measure boundaries, so that span queries can tell "same sentence" from "same measure".</summary>
/// <remarks>Wrap the analyzer's stream for <c>text</c> and <c>text_grams</c>: <c>new PositionGapFilter(analyzer.GetTokenStream(field, text), boundaries)</c>.
/// Token start offsets must point into the original text (the analyzers' char filters correct them), as the boundaries do.</remarks>
public sealed class PositionGapFilter : TokenFilter
{
    private readonly IReadOnlyList<TextBoundary> _boundaries;
    private readonly IPositionIncrementAttribute _position;
    private readonly IOffsetAttribute _offset;
    private int _next;
    private bool _seenToken;
    private int _lastEnd;

    public PositionGapFilter(TokenStream input, IReadOnlyList<TextBoundary> boundaries) : base(input)
    {
        _boundaries = boundaries.OrderBy(b => b.Offset).ToList();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        // Only a token that opens a new position may carry the gap; stacked tokens (posInc 0, e.g. a trigram over its bigram) follow it.
        if (_position.PositionIncrement == 0) return true;
        var gap = 0;
        while (_next < _boundaries.Count && _boundaries[_next].Offset <= _offset.StartOffset)
        {
            // A terminator inside a token (StandardTokenizer keeps "2020；1,000" whole: ； is MidNum) splits nothing: the
            // tokens on either side are not in different sentences, and a query substring sees the same token.
            if (_boundaries[_next].Offset >= _lastEnd) gap = Math.Max(gap, _boundaries[_next].Gap);
            _next++;
        }
        if (gap > 0 && _seenToken) _position.PositionIncrement += gap;
        _seenToken = true;
        _lastEnd = Math.Max(_lastEnd, _offset.EndOffset);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
        _seenToken = false;
        _lastEnd = 0;
    }
}
