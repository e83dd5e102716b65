using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Search.Querying;

/// <summary>What a result page shows of one policy document, and how many measure docs follow it in its block.</summary>
internal sealed record HitMetadata(string DocId, string Source, string Title, string Province, string City, string District,
    IReadOnlyList<string> Years, string Type, string Issuer, int Date, int? MeasureCount)
{
    /// <summary>Stored fields a hit needs when its segment has no doc values for them (an index built before format 6).</summary>
    internal static readonly ISet<string> StoredFields = new HashSet<string>
    {
        IndexFields.DocId, IndexFields.Id, IndexFields.Source, IndexFields.Title, IndexFields.Province, IndexFields.City,
        IndexFields.District, IndexFields.Year, IndexFields.Type, IndexFields.Issuer, IndexFields.Date, IndexFields.MeasureCount,
    };

    /// <summary>The hit's metadata from doc values, or from its stored fields when the segment lacks the doc values.</summary>
    /// <remarks>Stored fields are compressed per document doc together with its <c>document_json</c> (the whole document twice
    /// over), so reading a page of hits from them would decompress the documents' whole JSON.</remarks>
    public static HitMetadata Read(IndexSearcher searcher, ScoreDoc hit)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
        return FromDocValues(leaf.AtomicReader, hit.Doc - leaf.DocBase) ?? FromStored(searcher.Doc(hit.Doc, StoredFields));
    }

    private static HitMetadata? FromDocValues(AtomicReader segment, int doc)
    {
        if (segment.GetBinaryDocValues(IndexFields.Source) is not { } sources || segment.GetBinaryDocValues(IndexFields.Title) is not { } titles
            || segment.GetNumericDocValues(IndexFields.MeasureCount) is not { } counts || segment.GetSortedDocValues(IndexFields.DocId) is not { } docIds)
            return null;
        var scratch = new BytesRef();
        string Binary(BinaryDocValues values)
        {
            values.Get(doc, scratch);
            return scratch.Utf8ToString();
        }
        List<string> Values(string field)
        {
            var result = new List<string>();
            if (segment.GetSortedSetDocValues(field) is not { } values) return result;
            values.SetDocument(doc);
            for (long ord; (ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS;)
            {
                values.LookupOrd(ord, scratch);
                result.Add(scratch.Utf8ToString());
            }
            return result;
        }
        string First(string field) => Values(field) is [var first, ..] ? first : "";
        docIds.Get(doc, scratch);
        string docId = scratch.Utf8ToString();
        long date = segment.GetNumericDocValues(IndexFields.Date)?.Get(doc) ?? 0;
        return new HitMetadata(docId, Binary(sources), Binary(titles), First(IndexFields.Province), First(IndexFields.City),
            First(IndexFields.District), Values(IndexFields.Year).Order(StringComparer.Ordinal).ToList(), First(IndexFields.Type),
            First(IndexFields.Issuer), (int)date, (int)counts.Get(doc));
    }

    internal static HitMetadata FromStored(LuceneDocument d) => new(
        d.Get(IndexFields.DocId) ?? d.Get(IndexFields.Id) ?? "",
        d.Get(IndexFields.Source) ?? "",
        d.Get(IndexFields.Title) ?? "",
        d.Get(IndexFields.Province) ?? "",
        d.Get(IndexFields.City) ?? "",
        d.Get(IndexFields.District) ?? "",
        d.GetValues(IndexFields.Year).Order(StringComparer.Ordinal).ToList(),
        d.Get(IndexFields.Type) ?? "",
        d.Get(IndexFields.Issuer) ?? "",
        (int)(d.GetField(IndexFields.Date)?.GetInt64Value() ?? d.GetField(IndexFields.Date)?.GetInt32Value() ?? 0),
        d.GetField(IndexFields.MeasureCount)?.GetInt32Value());
}
