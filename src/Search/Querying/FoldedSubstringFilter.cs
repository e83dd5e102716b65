using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>Keeps the documents whose folded stored text contains a folded needle: the exactness step behind quoted phrases.</summary>
/// <remarks>
/// Grams candidates can over-match (a bigram chain ignores punctuation between runs, an edge Latin run is expanded by
/// wildcard), never under-match; this filter then decides by an ordinal substring test on the stored folded text, so a
/// phrase returns exactly the docs whose folded text contains the folded phrase. Use it with
/// <see cref="FilteredQuery.QUERY_FIRST_FILTER_STRATEGY"/> so only candidates are read: it offers random-access bits.
/// </remarks>
public sealed class FoldedSubstringFilter : Filter
{
    private readonly string _needle;
    private readonly string? _foldedField;
    private readonly string _rawField;
    private readonly Func<string, string> _fold;
    private readonly byte[] _needleUtf8;
    private readonly bool _trustExactChains;

    /// <param name="foldedNeedle">The already folded phrase.</param>
    /// <param name="foldedField">Stored field holding the folded text, or null to fold <paramref name="rawField"/> on the fly.</param>
    /// <param name="rawField">Stored field with the original text, folded with <paramref name="fold"/> when the folded one is missing.</param>
    /// <param name="trustExactChains">The candidates come from an exact Han chain of the needle: docs marked
    /// <see cref="IndexFields.ChainExact"/> are accepted without reading their text.</param>
    public FoldedSubstringFilter(string foldedNeedle, string? foldedField, string rawField, Func<string, string> fold, bool trustExactChains = false)
    {
        _trustExactChains = trustExactChains;
        _needle = foldedNeedle;
        _foldedField = foldedField;
        _rawField = rawField;
        _fold = fold;
        _needleUtf8 = System.Text.Encoding.UTF8.GetBytes(foldedNeedle);
    }

    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
        new VerifyingDocIdSet(this, new Segment(context.AtomicReader, _foldedField is null ? null : context.AtomicReader.GetBinaryDocValues(_foldedField),
            _trustExactChains ? context.AtomicReader.GetNumericDocValues(IndexFields.ChainExact) : null), acceptDocs);

    /// <summary>One segment's reader and, when the index has them, the folded texts as binary doc values (no block decompression per doc).</summary>
    private sealed class Segment(AtomicReader reader, BinaryDocValues? folded, NumericDocValues? chainExact)
    {
        public NumericDocValues? ChainExact { get; } = chainExact;
        public AtomicReader Reader { get; } = reader;
        public BinaryDocValues? Folded { get; } = folded;
        public BytesRef Scratch { get; } = new();
    }

    private bool Matches(Segment segment, int doc)
    {
        if (segment.ChainExact is not null && segment.ChainExact.Get(doc) == 1) return true;
        if (segment.Folded is not null)
        {
            segment.Folded.Get(doc, segment.Scratch);
            // UTF-8 is self-synchronising, so a byte substring is exactly a string substring.
            if (segment.Scratch.Length > 0)
                return segment.Scratch.Bytes.AsSpan(segment.Scratch.Offset, segment.Scratch.Length).IndexOf(_needleUtf8) >= 0;
        }
        return Matches(segment.Reader, doc);
    }

    private bool Matches(AtomicReader reader, int doc)
    {
        var fields = _foldedField is null ? new[] { _rawField } : new[] { _foldedField, _rawField };
        var visitor = new DocumentStoredFieldVisitor(fields);
        reader.Document(doc, visitor);
        var stored = visitor.Document;
        var folded = _foldedField is null ? null : stored.Get(_foldedField);
        if (folded is null && stored.Get(_rawField) is { } raw) folded = _fold(raw);
        return folded is not null && folded.Contains(_needle, StringComparison.Ordinal);
    }

    public override bool Equals(object? obj) =>
        obj is FoldedSubstringFilter o && o._needle == _needle && o._foldedField == _foldedField && o._rawField == _rawField
        && o._trustExactChains == _trustExactChains;

    public override int GetHashCode() => HashCode.Combine(_needle, _foldedField, _rawField, _trustExactChains);

    public override string ToString() => $"FoldedSubstring({_foldedField ?? _rawField} ⊇ \"{_needle}\")";

    private sealed class VerifyingDocIdSet(FoldedSubstringFilter filter, Segment segment, IBits? acceptDocs) : DocIdSet
    {
        public override IBits Bits => new VerifyingBits(filter, segment, acceptDocs);

        public override bool IsCacheable => false;

        // Only reached by strategies that drive from the filter; correct but a full scan, hence QUERY_FIRST in the builder.
        public override DocIdSetIterator GetIterator() => new ScanIterator(filter, segment, acceptDocs);
    }

    private sealed class VerifyingBits(FoldedSubstringFilter filter, Segment segment, IBits? acceptDocs) : IBits
    {
        public int Length => segment.Reader.MaxDoc;

        public bool Get(int index) => (acceptDocs is null || acceptDocs.Get(index)) && filter.Matches(segment, index);
    }

    private sealed class ScanIterator(FoldedSubstringFilter filter, Segment segment, IBits? acceptDocs) : DocIdSetIterator
    {
        private readonly AtomicReader _reader = segment.Reader;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => Advance(_doc + 1);

        public override int Advance(int target)
        {
            for (_doc = Math.Max(target, _doc + 1); _doc < _reader.MaxDoc; _doc++)
                if ((acceptDocs is null || acceptDocs.Get(_doc)) && filter.Matches(segment, _doc)) return _doc;
            return _doc = NO_MORE_DOCS;
        }

        public override long GetCost() => _reader.MaxDoc;
    }
}
