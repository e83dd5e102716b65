using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Ingest;
using Search.Schema;

namespace Search.Indexing;

/// <summary>Maps a <see cref="PolicyDocument"/> to its Lucene documents: one per policy document, one per measure (schema in <see cref="IndexFields"/>).</summary>
public static class IndexedDocuments
{
    /// <param name="analyzers">When given, each measure's text is analysed once here and its tokens feed both the measure doc and
    /// the policy-document doc (the writer then analyses nothing); without, the writer analyses each text itself.</param>
    public static IReadOnlyList<Document> For(PolicyDocument document, string fileHash, SearchAnalyzers? analyzers = null)
    {
        var docs = new List<Document>(document.Measures.Count + 1);
        var top = new Document();
        AddCommon(top, document, IndexFields.KindDocument, document.Id);
        var boundaries = DocumentBoundaries(document);
        var recorded = analyzers is not null && MeasuresTileCleanText(document) ? Record(document, analyzers) : null;
        AddText(top, IndexFields.DocText, IndexFields.DocTextGrams, document.CleanText, boundaries, stored: false, recorded?.Document); // show/get read document_json; measures keep their own text
        top.Add(new StringField(IndexFields.FileHash, fileHash, Field.Store.YES));
        top.Add(new StoredField(IndexFields.DocumentJson, IngestJson.Serialize(document)));
        top.Add(new StoredField(IndexFields.MeasureCount, document.Measures.Count));
        // A result page reads what it shows from doc values: stored fields would decompress document_json with them.
        top.Add(new NumericDocValuesField(IndexFields.MeasureCount, document.Measures.Count));
        top.Add(new BinaryDocValuesField(IndexFields.Source, new BytesRef(document.Source)));
        top.Add(new BinaryDocValuesField(IndexFields.Title, new BytesRef(document.Title)));
        docs.Add(top);

        for (int i = 0; i < document.Measures.Count; i++)
        {
            var m = document.Measures[i];
            var doc = new Document();
            AddCommon(doc, document, IndexFields.KindMeasure, m.Id);
            AddText(doc, IndexFields.Text, IndexFields.TextGrams, m.Text, SentenceBoundaries.Find(m.Text), stored: true, recorded?.Measures[i]);
            doc.Add(new StringField(IndexFields.Path, m.Path, Field.Store.YES));
            doc.Add(new StoredField(IndexFields.MeasureStart, m.Start));
            doc.Add(new StoredField(IndexFields.MeasureEnd, m.End));
            doc.Add(new StoredField(IndexFields.MeasureOrdinal, i));
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
        {
            int edge = MeasureEdge(document, m);
            gaps[edge] = Math.Max(gaps.GetValueOrDefault(edge), IndexFields.MeasureGap);
        }
        return gaps.Select(g => new TextBoundary(g.Key, g.Value)).ToList();
    }

    /// <summary>Where a measure begins in the text as a reader sees it: its own start, or the start of a Han marker written
    /// on to it ("；二是加强…"), so that a phrase read across the marker ("二是加强") is one chain in the document's fields.</summary>
    static int MeasureEdge(PolicyDocument document, Measure m) =>
        m.Start > 0 && HanScript.IsIdeograph(document.CleanText[m.Start - 1]) && document.Parts.FirstOrDefault(p => p.MeasureId == m.Id) is { } part && part.Start < m.Start
            ? part.Start : m.Start;

    /// <summary>Token parts per analysed field (words, grams): one list for the document doc, one per measure.</summary>
    sealed record RecordedText(Dictionary<string, List<(RecordedTokens, int)>> Document, List<Dictionary<string, List<(RecordedTokens, int)>>> Measures);

    /// <summary>True when the measures are in order, do not overlap, and each is exactly its span of the clean text, so the
    /// document's tokens can be assembled from theirs plus the text between them.</summary>
    internal static bool MeasuresTileCleanText(PolicyDocument document)
    {
        int cursor = 0;
        foreach (var m in document.Measures)
        {
            if (m.Start < cursor || m.End - m.Start != m.Text.Length || m.End > document.CleanText.Length
                || string.CompareOrdinal(document.CleanText, m.Start, m.Text, 0, m.Text.Length) != 0)
                return false;
            cursor = m.End;
        }
        return true;
    }

    /// <summary>Analyses each measure and each stretch of text between measures once per field.</summary>
    /// <remarks>The document doc differs from analysing the whole clean text at once only at measure edges: a grams bigram
    /// joining a heading to the measure after it is not made, and the segmenter sees each measure on its own (exactly as its
    /// measure doc does). Position gaps are applied by offset afterwards, as before, so sentence and measure gaps are unchanged.</remarks>
    static RecordedText Record(PolicyDocument document, SearchAnalyzers analyzers)
    {
        var text = document.CleanText;
        var whole = new Dictionary<string, List<(RecordedTokens, int)>>();
        var measures = document.Measures.Select(_ => new Dictionary<string, List<(RecordedTokens, int)>>()).ToList();
        foreach (var (field, analyzer) in new[] { (IndexFields.Text, analyzers.Words), (IndexFields.TextGrams, analyzers.Grams) })
        {
            var parts = new List<(RecordedTokens, int)>();
            int cursor = 0;
            void Between(int end)
            {
                if (end > cursor && HasContent(text, cursor, end))
                    parts.Add((RecordedTokens.Record(analyzer, field, text[cursor..end]), cursor));
            }
            for (int i = 0; i < document.Measures.Count; i++)
            {
                var m = document.Measures[i];
                int edge = MeasureEdge(document, m);
                Between(edge);
                var tokens = RecordedTokens.Record(analyzer, field, m.Text);
                // A Han marker written on to the measure is analysed with it for the document, as the whole text would be.
                parts.Add(edge < m.Start ? (RecordedTokens.Record(analyzer, field, text[edge..m.End]), edge) : (tokens, m.Start));
                measures[i][field] = [(tokens, 0)];
                cursor = m.End;
            }
            Between(text.Length);
            whole[field] = parts;
        }
        return new RecordedText(whole, measures);
    }

    // Whitespace and punctuation between measures make no token in either analysis.
    static bool HasContent(string text, int from, int to)
    {
        for (int i = from; i < to; i++)
            if (!char.IsWhiteSpace(text[i]) && !char.IsPunctuation(text[i])) return true;
        return false;
    }

    /// <param name="wordsField">Where the words analysis goes (<c>text</c> on measures, <c>doc_text</c> on documents); the
    /// recorded tokens are keyed by the measure field names whichever doc they feed.</param>
    static void AddText(Document doc, string wordsField, string gramsField, string text, IReadOnlyList<TextBoundary> boundaries, bool stored, Dictionary<string, List<(RecordedTokens, int)>>? recorded)
    {
        if (stored) doc.Add(new StoredField(IndexFields.Text, text));
        if (recorded is not null)
        {
            doc.Add(new RecordedTextField(wordsField, text, recorded[IndexFields.Text], boundaries));
            // The recorded grams are the measures' (every unigram); a field without interior unigrams skips them on replay.
            doc.Add(new RecordedTextField(gramsField, text, recorded[IndexFields.TextGrams], boundaries, skipInteriorUnigrams: !IndexFields.KeepsInteriorUnigrams(gramsField)));
        }
        else
        {
            doc.Add(new GappedTextField(wordsField, text, boundaries));
            doc.Add(new GappedTextField(gramsField, text, boundaries));
        }
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
        bool measure = kind == IndexFields.KindMeasure;
        doc.Add(new TextField(measure ? IndexFields.MeasureTitle : IndexFields.Title, d.Title, Field.Store.NO));
        doc.Add(new TextField(measure ? IndexFields.MeasureTitleGrams : IndexFields.TitleGrams, d.Title, Field.Store.NO));
        doc.Add(new StoredField(IndexFields.Title, d.Title));
        var meta = d.Metadata;
        AddFacet(doc, IndexFields.Province, meta.Province, measure);
        AddFacet(doc, IndexFields.City, meta.City, measure);
        AddFacet(doc, IndexFields.District, meta.District, measure);
        AddFacet(doc, IndexFields.Issuer, meta.Issuer, measure);
        AddFacet(doc, IndexFields.Type, meta.Type, measure);
        var years = meta.Years.Count > 0 ? meta.Years : meta.Year is int y ? [y] : [];
        foreach (var year in years.Distinct().Order())
            AddFacet(doc, IndexFields.Year, year.ToString(CultureInfo.InvariantCulture), measure);
        // Sorting by date uses the document's own date (成文日期), else the day the site published it.
        long date = (meta.Date ?? meta.PublishedDate) is DateOnly dt ? dt.Year * 10000L + dt.Month * 100 + dt.Day : 0;
        doc.Add(new NumericDocValuesField(IndexFields.Date, date));
        doc.Add(new StoredField(IndexFields.Date, date));
    }

    static void AddFacet(Document doc, string field, string? value, bool measure)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (measure)
        {
            doc.Add(new StringField(IndexFields.OnMeasures(field), value, Field.Store.NO));
            doc.Add(new StoredField(field, value));
        }
        else doc.Add(new StringField(field, value, Field.Store.YES));
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }
}
