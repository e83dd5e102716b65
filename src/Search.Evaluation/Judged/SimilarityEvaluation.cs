using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Analysis;
using Search.Ingest;
using Search.Semantic;
using Search.Semantic.Vectors;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;

namespace Search.Evaluation.Judged;

/// <summary>The three rankings compared by <c>eval</c>: BM25 MoreLikeThis, the embedding alone, and their reciprocal-rank fusion.</summary>
public sealed record SimilarityReport(string Embedder, RankingQuality Bm25, RankingQuality Embedding, RankingQuality Hybrid)
{
    /// <summary>Per judged query: topic, query measure, top-5 of each method as (id, grade, text head) for reading failures.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public int Queries { get; init; }

    /// <summary>The resolved judged set and each method's ranking per query id, to score other subsets of queries.</summary>
    public JudgedSet? Judged { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VectorRankings { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HybridRankings { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>RRF of the baseline (words-only) MoreLikeThis list with the vectors.</summary>
    public RankingQuality? PlainHybrid { get; init; }

    /// <summary>RRF re-ranking the whole MoreLikeThis list of all measures (which `similar` does not run), to compare with the
    /// candidate fusion that it does run.</summary>
    public RankingQuality? WholeListHybrid { get; init; }

    /// <summary>The hybrid with one vector scan (no pseudo-relevance feedback), to show what the feedback adds.</summary>
    public RankingQuality? SingleScanHybrid { get; init; }

    /// <summary>The BM25 side of the hybrid alone: MoreLikeThis over words and CJK bigrams.</summary>
    public RankingQuality? HybridBm25 { get; init; }

    /// <summary>The hybrid's nDCG@5 with its bootstrap interval over the judged queries.</summary>
    public BootstrapInterval? HybridNdcgInterval { get; init; }

    /// <summary>Paired nDCG@5 difference hybrid − BM25 MoreLikeThis over the judged queries.</summary>
    public BootstrapInterval? HybridOverBm25 { get; init; }

    /// <summary>Paired nDCG@5 difference hybrid − embedding alone over the judged queries.</summary>
    public BootstrapInterval? HybridOverEmbedding { get; init; }

    /// <summary>The hybrid with other vector weights in the fusion, to show how sensitive it is.</summary>
    public IReadOnlyDictionary<string, RankingQuality> HybridSensitivity { get; init; } = new Dictionary<string, RankingQuality>();
}

/// <summary>Runs the judged set against BM25 MoreLikeThis (in-memory Lucene index of the measures, words analyzer), the embedding, and the hybrid.</summary>
public static class SimilarityEvaluation
{
    const int Depth = 100;
    // The hybrid's BM25 side queries both analyses the index keeps (words and CJK bigrams), so it gets twice the terms.
    const int BaselineMaxTerms = 25, HybridMaxTerms = 50;

    // The hybrid as `similar` runs it asks for this many hits (depth of the fusion: SimilarMeasures.HybridDepth candidates).
    const int HybridTop = 10;

    static IReadOnlyList<string> Hybrid(IReadOnlyList<string> bm25, IReadOnlyList<string> vector) =>
        ReciprocalRankFusion.Fuse(bm25, vector, vectorWeight: SimilarMeasures.HybridVectorWeight);

    public static SimilarityReport Run(IReadOnlyList<PolicyDocument> documents, string judgedPath, EmbeddingRecipe? recipe = null, double passageWeight = SimilarMeasures.DefaultPassageWeight) =>
        Run(documents, [judgedPath], recipe, passageWeight);

    /// <summary>Runs the union of several judged files (see <see cref="JudgedSet.Load(IReadOnlyList{string}, IReadOnlyList{MeasureVectorRow})"/>).</summary>
    public static SimilarityReport Run(IReadOnlyList<PolicyDocument> documents, IReadOnlyList<string> judgedPaths, EmbeddingRecipe? recipe = null, double passageWeight = SimilarMeasures.DefaultPassageWeight)
    {
        string folder = Path.Combine(Path.GetTempPath(), "search-eval-" + Guid.NewGuid().ToString("N")[..12], "semantic");
        try
        {
            SemanticIndexBuilder.Build(documents, folder, recipe);
            using var index = SemanticIndex.Open(folder);
            var rows = index.Store.Rows;
            var judged = JudgedSet.Load(judgedPaths, rows);
            using var mlt = new MoreLikeThisRanker(rows);

            var bm25 = new Dictionary<string, IReadOnlyList<string>>();
            var vector = new Dictionary<string, IReadOnlyList<string>>();
            var hybridBm25 = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var q in judged.Queries)
            {
                bm25[q.MeasureId] = mlt.Rank(q.MeasureId, Depth, BaselineMaxTerms, grams: false);
                hybridBm25[q.MeasureId] = mlt.Rank(q.MeasureId, Depth, HybridMaxTerms, grams: true);
                vector[q.MeasureId] = index.FindSimilar(SimilarTarget.ForMeasure(q.MeasureId),
                    new SimilarOptions { Top = Depth, Explain = false, NearDuplicate = 1f, PassageWeight = passageWeight }).Select(h => h.Id).ToList();
            }
            // The hybrid is the product's: SemanticIndex.FindSimilar with the BM25 side over this evaluation index.
            var terms = mlt.TermRanker();
            var hybrid = judged.Queries.ToDictionary(q => q.MeasureId, q => (IReadOnlyList<string>)index.FindSimilar(SimilarTarget.ForMeasure(q.MeasureId),
                new SimilarOptions { Top = HybridTop, Explain = false, NearDuplicate = 1f, PassageWeight = passageWeight }, terms).Select(h => h.Id).ToList());
            var singleScan = judged.Queries.ToDictionary(q => q.MeasureId, q => (IReadOnlyList<string>)index.FindSimilar(SimilarTarget.ForMeasure(q.MeasureId),
                new SimilarOptions { Top = HybridTop, Explain = false, NearDuplicate = 1f, PassageWeight = passageWeight, FeedbackWeight = 0 }, terms).Select(h => h.Id).ToList());
            var hybridPerQuery = RankingQuality.NdcgPerQuery(judged, q => hybrid[q.MeasureId]);
            var bm25PerQuery = RankingQuality.NdcgPerQuery(judged, q => bm25[q.MeasureId]);
            var vectorPerQuery = RankingQuality.NdcgPerQuery(judged, q => vector[q.MeasureId]);
            return new SimilarityReport(index.Header.Embedder,
                RankingQuality.Measure(judged, q => bm25[q.MeasureId]),
                RankingQuality.Measure(judged, q => vector[q.MeasureId]),
                RankingQuality.Measure(judged, q => hybrid[q.MeasureId]))
            {
                PlainHybrid = RankingQuality.Measure(judged, q => Hybrid(bm25[q.MeasureId], vector[q.MeasureId])),
                WholeListHybrid = RankingQuality.Measure(judged, q => Hybrid(hybridBm25[q.MeasureId], vector[q.MeasureId])),
                HybridBm25 = RankingQuality.Measure(judged, q => hybridBm25[q.MeasureId]),
                SingleScanHybrid = RankingQuality.Measure(judged, q => singleScan[q.MeasureId]),
                Queries = judged.Queries.Count,
                HybridNdcgInterval = BootstrapInterval.OfMean(hybridPerQuery),
                HybridOverBm25 = BootstrapInterval.OfDifference(hybridPerQuery, bm25PerQuery),
                HybridOverEmbedding = BootstrapInterval.OfDifference(hybridPerQuery, vectorPerQuery),
                Judged = judged,
                VectorRankings = vector,
                HybridRankings = hybrid,
                HybridSensitivity = (from k in new[] { 10, 60 } from w in new[] { 1.0, 2.0 } select (k, w))
                    .ToDictionary(p => $"k={p.k},w={p.w}", p => RankingQuality.Measure(judged,
                        q => ReciprocalRankFusion.Fuse(hybridBm25[q.MeasureId], vector[q.MeasureId], p.k, p.w))),
                Details = judged.Queries.Select(q =>
                {
                    var byId = rows.ToDictionary(r => r.Id);
                    string Line(string name, IEnumerable<string> ids) => $"  {name,-6} " + string.Join(" | ", ids.Take(5).Select(id =>
                        $"{q.Grades.GetValueOrDefault(id)} {byId[id].District} {byId[id].Text[..Math.Min(12, byId[id].Text.Length)]}"));
                    var missing = q.Grades.Where(g => g.Value > 0).Select(g => $"{g.Value} {byId[g.Key].District} {byId[g.Key].Text[..Math.Min(12, byId[g.Key].Text.Length)]}");
                    return $"{q.Topic} [{byId[q.MeasureId].District}] {byId[q.MeasureId].Text[..Math.Min(20, byId[q.MeasureId].Text.Length)]}\n" +
                           $"  judged {string.Join(" | ", missing)}\n" +
                           Line("bm25", bm25[q.MeasureId]) + "\n" + Line("vector", vector[q.MeasureId]) + "\n" +
                           Line("hybrid", hybrid[q.MeasureId]);
                }).ToList(),
            };
        }
        finally
        {
            try { System.IO.Directory.Delete(Path.GetDirectoryName(folder)!, true); } catch (IOException) { }
        }
    }

    /// <summary>Lucene's MoreLikeThis over the measures (words analyzer, BM25), other districts only.</summary>
    sealed class MoreLikeThisRanker : IDisposable
    {
        const LuceneVersion Version = LuceneVersion.LUCENE_48;
        readonly RAMDirectory _directory = new();
        readonly Analyzer _analyzer = AnalyzerCatalog.Create(AnalyzerCatalog.Words);
        // Plain CJK bigrams: the index's trigrams around common bigrams serve phrase speed, not similarity.
        readonly Analyzer _grams = new GramsAnalyzer(common: null);
        readonly Analyzer _perField;
        readonly DirectoryReader _reader;
        readonly IndexSearcher _searcher;
        readonly Dictionary<string, int> _docById = new(StringComparer.Ordinal);

        public MoreLikeThisRanker(IReadOnlyList<MeasureVectorRow> rows)
        {
            _perField = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(_analyzer, new Dictionary<string, Analyzer> { ["text_grams"] = _grams });
            using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _perField)))
            {
                foreach (var r in rows)
                    writer.AddDocument(new Document
                    {
                        new StringField("id", r.Id, Field.Store.YES),
                        new SortedDocValuesField("id", new BytesRef(r.Id)),
                        new StringField("district", r.District ?? "", Field.Store.YES),
                        new TextField("text", r.Text, Field.Store.YES),
                        new TextField("text_grams", r.Text, Field.Store.YES),
                    });
                writer.ForceMerge(1);
            }
            _reader = DirectoryReader.Open(_directory);
            _searcher = new IndexSearcher(_reader) { Similarity = new Lucene.Net.Search.Similarities.BM25Similarity() };
            for (int i = 0; i < _reader.MaxDoc; i++) _docById[_reader.Document(i).Get("id")] = i;
        }

        /// <summary>MoreLikeThis from the indexed measure over the words field (the baseline) or over words and CJK bigrams (the hybrid's BM25 side).</summary>
        public IReadOnlyList<string> Rank(string measureId, int depth, int maxTerms, bool grams)
        {
            int doc = _docById[measureId];
            string district = _reader.Document(doc).Get("district");
            var mlt = MoreLikeThisQuery.Create(_reader, grams ? _perField : _analyzer, grams ? ["text", "text_grams"] : ["text"], maxTerms,
                similarity: new Lucene.Net.Search.Similarities.DefaultSimilarity());
            var query = mlt.Like(doc);
            var hits = _searcher.Search(query, _reader.MaxDoc).ScoreDocs;
            return hits.Where(h => h.Doc != doc)
                .Select(h => _reader.Document(h.Doc))
                .Where(d => d.Get("district") != district)
                .Select(d => d.Get("id")).Take(depth).ToList();
        }

        /// <summary>The product's BM25 side (<see cref="MeasureTermRanker"/>) over this index.</summary>
        public MeasureTermRanker TermRanker() => new(_reader, _analyzer, "text", _grams, "text_grams", "id");

        public void Dispose()
        {
            _reader.Dispose();
            _directory.Dispose();
            _perField.Dispose();
            _analyzer.Dispose();
            _grams.Dispose();
        }
    }
}
