using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Ingest;
using Search.Querying;

namespace Search.Indexing;

/// <summary>Maps a <see cref="PolicyDocument"/> to its Lucene documents: one per policy document, one per measure (schema in <see cref="IndexFields"/>).</summary>
public static class IndexedDocuments
{
    /// <summary>Stored on the document doc: hash of the source file (and its metadata overrides); the manifest of incremental indexing.</summary>
    public const string FileHash = "file_hash";
    /// <summary>Stored on the document doc: the PolicyDocument as <c>ingest --json</c> prints it, so <c>show</c> answers from the index.</summary>
    public const string DocumentJson = "document_json";
    /// <summary>Stored on measure docs: the measure's offsets in the document's clean text (jump to the hit).</summary>
    public const string MeasureStart = "measure_start";
    public const string MeasureEnd = "measure_end";
    /// <summary>Stored on measure docs: the measure's position in its document (0-based), for stable ordering.</summary>
    public const string MeasureOrdinal = "measure_ordinal";
    /// <summary>Stored on the document doc: how many measures it has.</summary>
    public const string MeasureCount = "measure_count";

    public static IReadOnlyList<Document> For(PolicyDocument document, string fileHash)
    {
        var docs = new List<Document>(document.Measures.Count + 1);
        var top = new Document();
        AddCommon(top, document, IndexFields.KindDocument, document.Id);
        var boundaries = DocumentBoundaries(document);
        AddText(top, document.CleanText, boundaries, stored: false); // show/get read document_json; measures keep their own text
        top.Add(new StringField(FileHash, fileHash, Field.Store.YES));
        top.Add(new StoredField(DocumentJson, IngestJson.Serialize(document)));
        top.Add(new StoredField(MeasureCount, document.Measures.Count));
        docs.Add(top);

        for (int i = 0; i < document.Measures.Count; i++)
        {
            var m = document.Measures[i];
            var doc = new Document();
            AddCommon(doc, document, IndexFields.KindMeasure, m.Id);
            AddText(doc, m.Text, SentenceBoundaries.Find(m.Text), stored: true);
            doc.Add(new StringField(IndexFields.Path, m.Path, Field.Store.YES));
            doc.Add(new StoredField(MeasureStart, m.Start));
            doc.Add(new StoredField(MeasureEnd, m.End));
            doc.Add(new StoredField(MeasureOrdinal, i));
            docs.Add(doc);
        }
        return docs;
    }

    /// <summary>Sentence boundaries of the clean text, plus a measure gap where each measure starts.</summary>
    static IReadOnlyList<TextBoundary> DocumentBoundaries(PolicyDocument document)
    {
        var gaps = new SortedDictionary<int, int>();
        foreach (var b in SentenceBoundaries.Find(document.CleanText)) gaps[b.Offset] = b.Gap;
        foreach (var m in document.Measures.Skip(1))
            gaps[m.Start] = Math.Max(gaps.GetValueOrDefault(m.Start), IndexFields.MeasureGap);
        return gaps.Select(g => new TextBoundary(g.Key, g.Value)).ToList();
    }

    static void AddText(Document doc, string text, IReadOnlyList<TextBoundary> boundaries, bool stored)
    {
        if (stored) doc.Add(new StoredField(IndexFields.Text, text));
        doc.Add(new GappedTextField(IndexFields.Text, text, boundaries));
        doc.Add(new GappedTextField(IndexFields.TextGrams, text, boundaries));
        // Exact-phrase verification reads the folded text from doc values (no stored-field decompression, no re-folding).
        doc.Add(new BinaryDocValuesField(IndexFields.TextFolded, new BytesRef(TextFolder.FoldToString(text))));
        if (!ExpandingFolds.Occurs(text)) doc.Add(new NumericDocValuesField(IndexFields.ChainExact, 1));
    }

    static void AddCommon(Document doc, PolicyDocument d, string kind, string id)
    {
        doc.Add(new StringField(IndexFields.Kind, kind, Field.Store.YES));
        doc.Add(new StringField(IndexFields.Id, id, Field.Store.YES));
        doc.Add(new SortedDocValuesField(IndexFields.Id, new BytesRef(id)));
        doc.Add(new StringField(IndexFields.DocId, d.Id, Field.Store.YES));
        doc.Add(new SortedDocValuesField(IndexFields.DocId, new BytesRef(d.Id)));
        doc.Add(new StringField(IndexFields.Source, d.Source, Field.Store.YES));
        doc.Add(new TextField(IndexFields.Title, d.Title, Field.Store.YES));
        doc.Add(new TextField(IndexFields.TitleGrams, d.Title, Field.Store.NO));
        var meta = d.Metadata;
        AddFacet(doc, IndexFields.Province, meta.Province);
        AddFacet(doc, IndexFields.City, meta.City);
        AddFacet(doc, IndexFields.District, meta.District);
        AddFacet(doc, IndexFields.Issuer, meta.Issuer);
        AddFacet(doc, IndexFields.Type, meta.Type);
        var years = meta.Years.Count > 0 ? meta.Years : meta.Year is int y ? [y] : [];
        foreach (var year in years.Distinct().Order())
            AddFacet(doc, IndexFields.Year, year.ToString(CultureInfo.InvariantCulture));
        long date = meta.Date is DateOnly dt ? dt.Year * 10000L + dt.Month * 100 + dt.Day : 0;
        doc.Add(new NumericDocValuesField(IndexFields.Date, date));
        doc.Add(new StoredField(IndexFields.Date, date));
    }

    static void AddFacet(Document doc, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        doc.Add(new StringField(field, value, Field.Store.YES));
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }
}
