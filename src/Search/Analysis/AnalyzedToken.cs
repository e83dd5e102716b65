using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Analysis;

/// <summary>One token as an analyzer emitted it: term, offsets into the original text, position increment.</summary>
public readonly record struct AnalyzedToken(string Term, int Start, int End, int PosInc);

/// <summary>All tokens of one text plus the stream's end state (final offset, trailing position increment).</summary>
public sealed record AnalyzedText(IReadOnlyList<AnalyzedToken> Tokens, int FinalOffset, int EndPosInc)
{
    /// <summary>Runs a Lucene analyzer over a text and collects everything it emits.</summary>
    public static AnalyzedText Of(Analyzer analyzer, string text, string field = "text")
    {
        var tokens = new List<AnalyzedToken>();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var inc = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            tokens.Add(new AnalyzedToken(term.ToString(), offset.StartOffset, offset.EndOffset, inc.PositionIncrement));
        stream.End();
        return new AnalyzedText(tokens, offset.EndOffset, inc.PositionIncrement);
    }
}
