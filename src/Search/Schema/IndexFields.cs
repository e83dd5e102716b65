namespace Search.Schema;

/// <summary>The index schema the query side relies on: field names, values of <c>kind</c>, and how sentences and measures are encoded.</summary>
/// <remarks>
/// <para><b>Two kinds of Lucene document.</b> One per measure (<c>kind=measure</c>) and one per policy document
/// (<c>kind=document</c>). Both carry the same metadata fields, and the same analysed text under different names
/// (<c>text</c>/<c>text_grams</c> on measures, <c>doc_text</c>/<c>doc_text_grams</c> on documents), so one query shape runs on
/// either kind: on document docs to rank policy documents (terms anywhere in the document), on measure docs to pick and rank
/// a document's measures. The names differ so that a document query walks document postings only: with one shared field
/// the postings of a common word were ~20 measure docs for every document doc, all skipped over on every query.
/// A document doc's text is the document's clean text (its measures and the text between them).</para>
/// <para><b>Per field</b> (S = stored, DV = doc values):</para>
/// <list type="table">
/// <item><term><c>kind</c></term><description><c>StringField</c>, S: <see cref="KindMeasure"/> or <see cref="KindDocument"/>.</description></item>
/// <item><term><c>id</c></term><description><c>StringField</c>, S, <c>SortedDocValuesField</c>: measure id (or the document id on a document doc); the final tie-breaker of every sort.</description></item>
/// <item><term><c>doc_id</c></term><description><c>StringField</c>, S, <c>SortedDocValuesField</c>: the policy document's id on both kinds; used to group measures and to count facets per document.</description></item>
/// <item><term><c>text</c></term><description>words analyzer, positions (+ offsets), S: the original (cleaned, unfolded) text; sentence and measure gaps as below.</description></item>
/// <item><term><c>text_grams</c></term><description>grams analyzer, positions, not stored; same gaps as <c>text</c>.</description></item>
/// <item><term><c>doc_text</c>, <c>doc_text_grams</c></term><description>on document docs instead of <c>text</c>/<c>text_grams</c> (same analysis and gaps, not stored).</description></item>
/// <item><term><c>text_folded</c></term><description><c>StoredField</c>: <c>TextFolder.Fold(text)</c>, the string exact phrases are verified against; on measure docs also a <c>BinaryDocValuesField</c> with the same UTF-8 value when it fits (≤ 32,766 bytes), which verifies several times faster than stored fields. If both are absent, the verifier folds <c>text</c> itself (slowest).</description></item>
/// <item><term><c>chain_exact</c></term><description><c>NumericDocValuesField</c>, 1 when the text holds no character that folds to several with an ideograph among them (<see cref="Search.Analysis.ExpandingFolds"/>): on such a doc a grams chain of consecutive Han bigrams matches exactly where the folded text contains the string, so exact Han phrases skip verification. Missing (older indexes, or such a character present): verify.</description></item>
/// <item><term><c>title</c>, <c>title_grams</c></term><description>words / grams analyzers on the document title; <c>title</c> stored on both kinds. Measure docs index the same title as <c>measure_title</c>, <c>measure_title_grams</c> (separate names for the same reason as the text fields).</description></item>
/// <item><term><c>province</c>, <c>city</c>, <c>district</c>, <c>issuer</c>, <c>type</c>, <c>year</c></term><description>on both kinds: the canonical simplified value (years as 4 ASCII digits), stored and as a <c>SortedSetDocValuesField</c>; several values allowed (a 2020–2022 plan has three years). Indexed (<c>StringField</c>) under this name on document docs and under <see cref="OnMeasures"/> (<c>measure_province</c>, …) on measure docs, so a filter on document queries walks document postings only.</description></item>
/// <item><term><c>date</c></term><description><c>NumericDocValuesField</c> yyyymmdd (0 when unknown), S; sort by date.</description></item>
/// <item><term><c>path</c>, <c>source</c></term><description><c>StringField</c>, S: measure location (<c>二、(四) 5</c>) and the file path relative to the corpus.</description></item>
/// <item><term>hit doc values</term><description>document docs also carry <c>source</c> and <c>title</c> as <c>BinaryDocValuesField</c> and <c>measure_count</c> as <c>NumericDocValuesField</c>: with <c>doc_id</c>, the metadata fields and <c>date</c> they are all a result page shows, read without decompressing stored fields.</description></item>
/// </list>
/// <para><b>Sentences and measures in positions.</b> Index <c>text</c> and <c>text_grams</c> through <see cref="PositionGapFilter"/>
/// with <see cref="SentenceBoundaries.Find"/>: the first token of each sentence gets <see cref="SentenceGap"/> extra positions,
/// the first token of each measure (document docs) <see cref="MeasureGap"/>. Tokens of one sentence are then at most
/// <see cref="SentenceGap"/> − 1 positions apart and tokens of two sentences more than that, so <c>/sentence</c> is a
/// <c>SpanNearQuery</c> with slop <see cref="SentenceGap"/> − 1 (likewise <c>/measure</c>). A sentence longer than
/// <see cref="SentenceGap"/> − 1 positions, or a measure of more than <see cref="SentenceGap"/>×1000 positions, should be split;
/// positions stay below 2^31 for documents of up to 2,000 measures.</para>
/// <para><b>Blocks.</b> A policy document's docs are added as one block (<c>IndexWriter.AddDocuments</c>, or <c>UpdateDocuments</c> to replace a changed file): its document
/// doc first, then its measure docs in measure order, contiguous in one segment (merges keep a segment's order). The
/// document doc stores <see cref="MeasureCount"/>, so a result page finds its measures by doc id, without a term lookup.</para>
/// <para><b>Similarity.</b> Index and search with <c>BM25Similarity</c> (norms are encoded by the similarity).</para>
/// </remarks>
public static class IndexFields
{
    public const string Kind = "kind";
    public const string Id = "id";
    public const string DocId = "doc_id";
    public const string Text = "text";
    public const string TextGrams = "text_grams";
    public const string DocText = "doc_text";
    public const string DocTextGrams = "doc_text_grams";
    public const string TextFolded = "text_folded";
    public const string ChainExact = "chain_exact";
    public const string Title = "title";
    public const string TitleGrams = "title_grams";
    public const string MeasureTitle = "measure_title";
    public const string MeasureTitleGrams = "measure_title_grams";

    /// <summary>True for the grams field indexed with a unigram at every CJK character (measure text, which the similar-measure
    /// hybrid weighs by single characters); the other grams fields keep one only where a run ends
    /// (<see cref="Search.Analysis.GramsAnalyzer.ForDocuments"/>).</summary>
    public static bool KeepsInteriorUnigrams(string gramsField) => gramsField == TextGrams;
    public const string Province = "province";
    public const string City = "city";
    public const string District = "district";
    public const string Issuer = "issuer";
    public const string Type = "type";
    public const string Year = "year";
    public const string Date = "date";
    public const string Path = "path";
    public const string Source = "source";
    /// <summary>Stored on the document doc: how many measure docs follow it in its block.</summary>
    public const string MeasureCount = "measure_count";
    /// <summary>Stored on the document doc: hash of the source file (and its metadata overrides); the manifest of incremental indexing.</summary>
    public const string FileHash = "file_hash";
    /// <summary>Stored on the document doc: the PolicyDocument as <c>ingest --json</c> prints it, so <c>show</c> answers from the index.</summary>
    public const string DocumentJson = "document_json";
    /// <summary>Stored on measure docs: the measure's offsets in the document's clean text (jump to the hit).</summary>
    public const string MeasureStart = "measure_start";
    public const string MeasureEnd = "measure_end";
    /// <summary>Stored on measure docs: the measure's position in its document (0-based), for stable ordering.</summary>
    public const string MeasureOrdinal = "measure_ordinal";

    /// <summary>Value of <see cref="Kind"/> on a measure doc.</summary>
    public const string KindMeasure = "measure";

    /// <summary>Value of <see cref="Kind"/> on a policy-document doc.</summary>
    public const string KindDocument = "document";

    /// <summary>Extra positions before the first token of every sentence after the first.</summary>
    public const int SentenceGap = 1_000;

    /// <summary>Extra positions before the first token of every measure after the first (document docs).</summary>
    public const int MeasureGap = 1_000_000;

    /// <summary>The name a metadata field is indexed under on measure docs (its stored value and doc values keep the plain name).</summary>
    public static string OnMeasures(string metadataField) => "measure_" + metadataField;

    /// <summary>The metadata fields counted as facets, in display order.</summary>
    public static readonly IReadOnlyList<string> FacetFields = [Province, City, District, Year, Type, Issuer];
}
