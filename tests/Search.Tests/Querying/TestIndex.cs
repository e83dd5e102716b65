using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Querying;
using Search.Schema;

namespace Search.Tests.Querying;

/// <summary>Stand-ins for the real analysis: a tiny Traditional→Simplified table plus lower-casing as the fold, and Lucene analyzers shaped like words/grams.</summary>
public static class StandInAnalysis
{
    private const string Traditional = "輟學勸關實務義導區縣國會這為發強體對時將優質資開長門們機與當產號應險舉獎勵進復識專員屬醫療責賬幫劃蹤訪鄉傾計後";
    private const string Simplified = "辍学劝关实务义导区县国会这为发强体对时将优质资开长门们机与当产号应险举奖励进复识专员属医疗责账帮划踪访乡倾计后";

    private static readonly Dictionary<char, char> ToSimplified = Traditional.Zip(Simplified).ToDictionary(p => p.First, p => p.Second);
    private static readonly Dictionary<char, char> ToTraditionalMap = Traditional.Zip(Simplified)
        .GroupBy(p => p.Second).ToDictionary(g => g.Key, g => g.First().First);

    public static string Fold(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s) b.Append(ToSimplified.TryGetValue(c, out var t) ? t : c);
        return b.ToString().ToLowerInvariant();
    }

    public static string ToTraditional(string s) => new(s.Select(c => ToTraditionalMap.TryGetValue(c, out var t) ? t : c).ToArray());

    private static NormalizeCharMap FoldMap()
    {
        var builder = new NormalizeCharMap.Builder();
        foreach (var (t, s) in ToSimplified) builder.Add(t.ToString(), s.ToString());
        return builder.Build();
    }

    private static readonly NormalizeCharMap Map = FoldMap();

    /// <summary>Like the project's grams: fold, then CJK unigrams + bigrams, other runs whole.</summary>
    public static Analyzer Grams() => new FoldingAnalyzer(Map, stream => new CJKBigramFilter(stream, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, true));

    /// <summary>A words stand-in that segments differently from grams (single Han characters), to exercise the grams recall path.</summary>
    public static Analyzer Words() => new FoldingAnalyzer(Map, stream => stream);

    private sealed class FoldingAnalyzer(NormalizeCharMap map, Func<TokenStream, TokenStream> tail) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
            return new TokenStreamComponents(tokenizer, tail(new LowerCaseFilter(LuceneVersion.LUCENE_48, tokenizer)));
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new MappingCharFilter(map, reader);
    }
}

/// <summary>One measure of the test corpus.</summary>
public sealed record TestMeasure(string Id, string DocId, string Path, string Text);

/// <summary>One policy document of the test corpus with its metadata.</summary>
public sealed record TestDocument(string DocId, string Title, string Province, string City, string District, string Type, string Issuer, string[] Years, int Date, TestMeasure[] Measures);

/// <summary>An in-memory index built the way <see cref="IndexFields"/> prescribes, for builder, facet and searcher tests.</summary>
public sealed class TestIndex : IDisposable
{
    public Analyzer Words { get; } = StandInAnalysis.Words();
    public Analyzer Grams { get; } = StandInAnalysis.Grams();
    public RAMDirectory Directory { get; } = new();
    public DirectoryReader Reader { get; }
    public IndexSearcher Searcher { get; }
    public IReadOnlyList<TestDocument> Documents { get; }
    public IReadOnlyList<TestMeasure> Measures => Documents.SelectMany(d => d.Measures).ToList();

    public TestIndex(IReadOnlyList<TestDocument> documents, int segments = 2)
    {
        Documents = documents;
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, Words) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(Directory, config))
        {
            var i = 0;
            foreach (var d in documents)
            {
                foreach (var m in d.Measures) writer.AddDocument(MeasureDoc(d, m));
                writer.AddDocument(DocumentDoc(d));
                // Several segments make sure per-segment code (filters, doc values) is exercised.
                if (++i % Math.Max(1, documents.Count / segments) == 0) writer.Commit();
            }
            writer.Commit();
        }
        Reader = DirectoryReader.Open(Directory);
        Searcher = new IndexSearcher(Reader) { Similarity = new BM25Similarity() };
    }

    public LuceneQueryBuilder Builder() => new(Words, Grams, StandInAnalysis.Fold);

    private Document MeasureDoc(TestDocument d, TestMeasure m)
    {
        var doc = Common(d, m.Id, IndexFields.KindMeasure);
        AddText(doc, IndexFields.Text, IndexFields.TextGrams, m.Text, SentenceBoundaries.Find(m.Text));
        // Measure docs verify phrases from doc values, document docs from stored fields: both paths stay tested.
        doc.Add(new BinaryDocValuesField(IndexFields.TextFolded, new BytesRef(StandInAnalysis.Fold(m.Text))));
        doc.Add(new StringField(IndexFields.Path, m.Path, Field.Store.YES));
        return doc;
    }

    private Document DocumentDoc(TestDocument d)
    {
        var doc = Common(d, d.DocId, IndexFields.KindDocument);
        var texts = d.Measures.Select(m => m.Text).ToList();
        AddText(doc, IndexFields.DocText, IndexFields.DocTextGrams, string.Join("\n", texts), SentenceBoundaries.ForMeasures(texts));
        return doc;
    }

    private Document Common(TestDocument d, string id, string kind)
    {
        var doc = new Document
        {
            new StringField(IndexFields.Kind, kind, Field.Store.YES),
            new StringField(IndexFields.Id, id, Field.Store.YES),
            new SortedDocValuesField(IndexFields.Id, new BytesRef(id)),
            new StringField(IndexFields.DocId, d.DocId, Field.Store.YES),
            new SortedDocValuesField(IndexFields.DocId, new BytesRef(d.DocId)),
            new StoredField(IndexFields.Title, d.Title),
            new NumericDocValuesField(IndexFields.Date, d.Date),
            new StoredField(IndexFields.Date, d.Date),
        };
        bool measure = kind == IndexFields.KindMeasure;
        string titleField = measure ? IndexFields.MeasureTitle : IndexFields.Title, titleGrams = measure ? IndexFields.MeasureTitleGrams : IndexFields.TitleGrams;
        doc.Add(new TextField(titleField, d.Title, Field.Store.NO));
        doc.Add(new TextField(titleGrams, StandInAnalysis.Grams().GetTokenStream(titleGrams, d.Title)));
        void Meta(string field, string value)
        {
            if (value.Length == 0) return;
            doc.Add(new StringField(measure ? IndexFields.OnMeasures(field) : field, value, measure ? Field.Store.NO : Field.Store.YES));
            if (measure) doc.Add(new StoredField(field, value));
            doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
        }
        Meta(IndexFields.Province, d.Province);
        Meta(IndexFields.City, d.City);
        Meta(IndexFields.District, d.District);
        Meta(IndexFields.Type, d.Type);
        Meta(IndexFields.Issuer, d.Issuer);
        foreach (var y in d.Years) Meta(IndexFields.Year, y);
        return doc;
    }

    // Each pre-analysed field gets its own analyzer: Lucene analyzers reuse one stream per thread, and the writer consumes these lazily.
    private static void AddText(Document doc, string wordsField, string gramsField, string text, IReadOnlyList<TextBoundary> boundaries)
    {
        doc.Add(new StoredField(IndexFields.Text, text));
        doc.Add(new StoredField(IndexFields.TextFolded, StandInAnalysis.Fold(text)));
        doc.Add(new TextField(wordsField, new PositionGapFilter(StandInAnalysis.Words().GetTokenStream(wordsField, text), boundaries)));
        doc.Add(new TextField(gramsField, new PositionGapFilter(StandInAnalysis.Grams().GetTokenStream(gramsField, text), boundaries)));
    }

    /// <summary>Ids of the docs (of the plan's kind) the query matches, sorted.</summary>
    public List<string> Ids(Query query)
    {
        var hits = Searcher.Search(query, Math.Max(1, Reader.MaxDoc));
        return hits.ScoreDocs.Select(h => Searcher.Doc(h.Doc).Get(IndexFields.Id)).Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose()
    {
        Reader.Dispose();
        Directory.Dispose();
    }

    /// <summary>A small corpus with Simplified and Traditional text, Chinese and ASCII punctuation, Latin and digit runs, and a supplementary-plane character.</summary>
    public static IReadOnlyList<TestDocument> Corpus() =>
    [
        new("d1", "柳州市柳南区2020年控辍保学工作方案", "广西壮族自治区", "柳州市", "柳南区", "方案", "柳南区教育局", ["2020"], 20200315,
        [
            new("d1-1", "d1", "一、1", "全面落实控辍保学责任，建立劝返复学工作台账。对疑似辍学学生，由乡镇政府牵头劝返。"),
            new("d1-2", "d1", "一、2", "加强义务教育policy宣传，确保适龄儿童“应入尽入”；劝返工作纳入年度考核！"),
            new("d1-3", "d1", "二、1", "2020年起实施“一生一案”，COVID-19期间开展线上教学，覆盖率达到99.5%。"),
        ]),
        new("d2", "柳南區控輟保學實施方案", "广西壮族自治区", "柳州市", "柳南区", "方案", "柳南区人民政府", ["2021", "2022"], 20210601,
        [
            new("d2-1", "d2", "一、(一)", "落實控輟保學責任制，建立勸返復學台賬。"),
            new("d2-2", "d2", "一、(二)", "對輟學學生，學校與家長共同制定幫扶計劃；勸返後跟蹤回訪。"),
            new("d2-3", "d2", "二、(一)", "優質教育資源向鄉村傾斜，開展送教上門服務, policies and Policy-making."),
        ]),
        new("d3", "昆明市五华区义务教育工作要点", "云南省", "昆明市", "五华区", "要点", "五华区教育体育局", ["2022"], 20220110,
        [
            new("d3-1", "d3", "1.", "控辍保学工作要做到精准识别、精准施策。劝返工作由专人负责"),
            new("d3-2", "d3", "2.", "学生资助政策全覆盖：建档立卡家庭学生应助尽助，资助金额 3.5万元。"),
            new("d3-3", "d3", "3.", "办学条件改善项目𠀀(试点)于2022年底完成, 含校舍维修ABC-123号。"),
        ]),
        new("d4", "南宁市青秀区2019年教育工作总结", "广西壮族自治区", "南宁市", "青秀区", "总结", "青秀区教育局", ["2019"], 20191220,
        [
            new("d4-1", "d4", "一、", "全年劝返辍学学生12人，控辍保学目标全面完成。"),
            new("d4-2", "d4", "二、", "义务教育巩固率达到99.8%，学前教育毛入园率提高。"),
        ]),
    ];
}
