using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Semantic.Embedding;

/// <summary>The two feature views of a measure's text: folded characters (for character n-grams) and SmartCn words (space separated); enumerators and numbers are left out.</summary>
public sealed partial class MeasureFeatureText : IDisposable
{
    /// <summary>Longer input is cut here: a measure is a few hundred characters, and a pasted megabyte should answer, not stall.</summary>
    public const int MaxChars = 20_000;

    readonly Analyzer _words;
    volatile System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>>? _remembered;

    public MeasureFeatureText(SmartCnOptions? options = null) => _words = WordsAnalyzer.Create(SmartCnDictionary.Load(options));

    // Inner enumerators (一是 … 二是, （1）) say nothing about the policy instrument, but appear in every long measure.
    [GeneratedRegex(@"[一二三四五六七八九十]+是|[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]")]
    private static partial Regex Enumerators();

    /// <summary>Folded text keeping only letters (CJK included), runs of anything else become one space.</summary>
    public static string Characters(string text)
    {
        string folded = TextFolder.FoldToString(Truncate(text));
        folded = Enumerators().Replace(folded, " ");
        var sb = new StringBuilder(folded.Length);
        bool space = false;
        foreach (char c in folded)
        {
            if (char.IsLetter(c)) { sb.Append(c); space = false; }
            else if (!space && sb.Length > 0) { sb.Append(' '); space = true; }
        }
        return sb.ToString().Trim();
    }

    /// <summary>While the returned scope is open, <see cref="Words"/> keeps what it computed and answers a repeated text from it.</summary>
    /// <remarks>A build segments each measure for its vector and again for the term table; segmenting is most of the cost of
    /// both, so the build opens a scope per batch of measures and lets the second reader take the first one's words.</remarks>
    public IDisposable RememberWords()
    {
        if (_remembered is not null) throw new InvalidOperationException("words are already being remembered");
        _remembered = new(StringComparer.Ordinal);
        return new Forget(this);
    }

    sealed class Forget(MeasureFeatureText owner) : IDisposable
    {
        public void Dispose() => owner._remembered = null;
    }

    /// <summary>SmartCn words of the folded text (stop words and punctuation dropped by the chain), without numbers.</summary>
    public IReadOnlyList<string> Words(string text)
    {
        var remembered = _remembered;
        if (remembered is null) return Segment(text);
        if (remembered.TryGetValue(text, out var words)) return words;
        words = Segment(text);
        remembered.TryAdd(text, words);
        return words;
    }

    /// <summary>The words of <paramref name="sentence"/> + "。", and whether they are also the words of <paramref name="sentence"/>
    /// alone, which is then not segmented again.</summary>
    /// <remarks>A sentence's vector needs both: its lead copies are segmented as sentences of their own, its body as it stands.</remarks>
    public (IReadOnlyList<string> Words, bool SameWithoutEnd) SentenceWords(string sentence)
    {
        var words = Segment(sentence + "。", out bool sameWithoutEnd);
        // The final delimiter only stands for the sentence end when the text did not already end on something cut off.
        return (words, sameWithoutEnd && sentence.Length < MaxChars);
    }

    List<string> Segment(string text) => Segment(text, out _);

    List<string> Segment(string text, out bool sameWithoutFinalDelimiter)
    {
        string cleaned = Enumerators().Replace(Truncate(text), " ");
        var terms = new List<string>();
        // No lock: a Lucene analyzer keeps one token stream per thread, so callers on several threads each get their own.
        using var stream = _words.GetTokenStream("text", cleaned);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var finalDelimiter = stream.AddAttribute<IFinalDelimiterAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            string t = term.ToString();
            if (t.Any(char.IsLetter)) terms.Add(t);
        }
        stream.End();
        sameWithoutFinalDelimiter = finalDelimiter.ChangesNothing;
        return terms;
    }

    /// <summary>The measure's first sentence (up to 。；！？ or a line break), at most 80 characters.</summary>
    public static string Lead(string text)
    {
        int end = text.AsSpan().IndexOfAny("。；;！!？?\n");
        string lead = (end < 0 ? text : text[..end]).Trim();
        return lead.Length > 80 ? lead[..80] : lead;
    }

    /// <summary>The measure's sentences (split at 。；！？ and line breaks) with at least four letters, at most 40; the first is the lead.</summary>
    public static IReadOnlyList<string> Passages(string text)
    {
        var passages = new List<string>();
        foreach (var part in Truncate(text).Split(['。', '；', ';', '！', '!', '？', '?', '\n'], StringSplitOptions.TrimEntries))
        {
            if (part.Count(char.IsLetter) < 4) continue;
            passages.Add(part.Length > 200 ? part[..200] : part);
            if (passages.Count == 40) break;
        }
        return passages;
    }

    /// <summary>A SmartCn word of a text with its place in the text as written (folded term; offsets into the original).</summary>
    public readonly record struct WordToken(string Term, int Start, int End);

    /// <summary>The SmartCn words of the text (folded, letters only) with their offsets, in order.</summary>
    public IReadOnlyList<WordToken> Tokens(string text)
    {
        var tokens = new List<WordToken>();
        using var stream = _words.GetTokenStream("text", Truncate(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            string t = term.ToString();
            if (t.Any(char.IsLetter)) tokens.Add(new WordToken(t, offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return tokens;
    }

    public string WordsJoined(string text) => string.Join(' ', Words(text));

    static string Truncate(string text) => text.Length > MaxChars ? text[..MaxChars] : text;

    public void Dispose() => _words.Dispose();
}
