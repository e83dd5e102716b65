using System.CommandLine;
using Search.Responses;
using System.Diagnostics;
using Search.Analysis.SmartCn;
using Search.Ingest;
using Search.Semantic;
using Search.Semantic.Similar;

namespace Search.Cli.Commands;

/// <summary><c>similar</c>: measures like a given one (or like a text) in other districts, each with the shared terms that explain it.</summary>
/// <remarks>Reads the newest <c>semantic-*</c> folder of <c>--index</c>. Without one it fits the model on <c>--corpus</c> into a cache folder
/// under the temp directory keyed by the corpus fingerprint, so it works before <c>index</c> has learnt to write vectors.</remarks>
public static class SimilarCommand
{
    public static Command Create(CliOptions o)
    {
        var measure = new Option<string?>("--measure") { Description = "Id of the measure to find similar measures for" };
        var text = new Option<string?>("--text") { Description = "Free text to find similar measures for ('-' reads stdin)" };
        var top = new Option<int>("--top") { Description = "Number of measures", DefaultValueFactory = _ => 10 };
        var allDistricts = new Option<bool>("--all-districts") { Description = "Also return measures from the target's own district" };
        var region = new Option<string?>("--region") { Description = "Only measures of this province, city or district" };
        var year = new Option<int?>("--year") { Description = "Only measures of documents of this year" };
        var type = new Option<string?>("--type") { Description = "Only measures of documents of this type (计划, 方案, …)" };
        var document = new Option<string?>("--document") { Description = "Id of a document: list similar documents instead of measures" };
        var command = new Command("similar", "Measures like this one in other districts (--measure ID or --text T)")
            { measure, text, top, allDistricts, region, year, type, document };
        command.SetAction(parse =>
        {
            string? id = parse.GetValue(measure), query = parse.GetValue(text), doc = parse.GetValue(document);
            if (query == "-") query = Console.In.ReadToEnd();
            int given = (id is null ? 0 : 1) + (query is null ? 0 : 1) + (doc is null ? 0 : 1);
            if (given != 1) throw new UserError("give exactly one of --measure ID, --text T or --document ID");
            int n = parse.GetValue(top);
            if (n < 1 || n > 1000) throw new UserError("--top must be between 1 and 1000");
            bool json = parse.GetValue(o.Json);

            using var similar = Similarity.Open(parse.GetValue(o.Index)!, parse.GetValue(o.Corpus)!, new SmartCnOptions(parse.GetValue(o.SmartCnJar)));
            var sw = Stopwatch.StartNew();
            if (doc is not null)
            {
                var documents = similar.Index.SimilarDocuments(doc.Trim(), n, !parse.GetValue(allDistricts));
                if (json)
                    Console.WriteLine(ContractJson.Serialize(new { documents = documents.Select(d => new { docId = d.DocId, source = d.Source, district = d.District, score = d.Score, measures = d.Measures }) }));
                else
                    foreach (var d in documents) Console.WriteLine($"{d.Score,7:F3}  {d.DocId}  {d.District}  {d.Source}");
                return 0;
            }
            string? regionValue = parse.GetValue(region);
            var options = new SimilarOptions
            {
                Top = n,
                OtherDistrictsOnly = !parse.GetValue(allDistricts),
                Year = parse.GetValue(year),
                Type = parse.GetValue(type),
            };
            var hits = regionValue is null ? similar.Find(Target(id, query), options) : FindInRegion(similar, Target(id, query), options, regionValue);
            if (json)
                Console.WriteLine(ContractJson.Serialize(new
                {
                    ranking = similar.Ranking,
                    hits = hits.Select(h => new { id = h.Id, docId = h.DocId, source = h.Source, district = h.District, path = h.Path, text = h.Text, score = h.Score, similarity = h.Similarity, sharedTerms = h.SharedTerms }),
                }));
            else
            {
                foreach (var h in hits)
                    Console.WriteLine($"{h.Score,7:F3}  {h.Id}  {h.District}  {h.Path}  [{string.Join(" ", h.SharedTerms)}]\n         {Head(h.Text, 90)}");
                Console.Error.WriteLine($"{hits.Count} measures in {sw.Elapsed.TotalMilliseconds:F1} ms ({similar.Ranking})");
            }
            return 0;
        });
        return command;
    }

    static SimilarTarget Target(string? id, string? text) => id is not null ? SimilarTarget.ForMeasure(id) : SimilarTarget.ForText(text!);

    // A region name may be a province, a city or a district; the one that matches rows wins.
    static IReadOnlyList<SimilarMeasure> FindInRegion(Similarity similar, SimilarTarget target, SimilarOptions options, string region)
    {
        foreach (var o in new[] { options with { District = region }, options with { City = region }, options with { Province = region } })
        {
            var hits = similar.Find(target, o);
            if (hits.Count > 0) return hits;
        }
        return [];
    }

    /// <summary>Where similar measures come from: the index (the hybrid of its semantic folder and its measure docs), or, for a
    /// corpus that has no index with vectors yet, the embedding alone from a cached fit.</summary>
    sealed class Similarity : IDisposable
    {
        readonly SearchEngine? _engine;
        readonly SemanticIndex? _cached;

        Similarity(SearchEngine? engine, SemanticIndex? cached) => (_engine, _cached) = (engine, cached);

        public static Similarity Open(string indexFolder, string corpusFolder, SmartCnOptions options)
        {
            if (SemanticIndex.Locate(indexFolder) is null) return new Similarity(null, OpenCached(indexFolder, corpusFolder));
            var engine = SearchEngine.Open(indexFolder, options);
            if (engine.Semantic() is null)
            {
                string problem = engine.SemanticProblem ?? "it cannot be read";
                engine.Dispose();
                throw new UserError($"the semantic index of '{indexFolder}' cannot be used ({problem}); run `index` to rebuild it");
            }
            return new Similarity(engine, null);
        }

        public SemanticIndex Index => _engine?.Semantic() ?? _cached!;

        /// <summary>How the hits are ranked, for the output: "hybrid" (embedding + BM25) or "embedding" (no index yet).</summary>
        public string Ranking => _engine is null ? "embedding" : "hybrid";

        public IReadOnlyList<SimilarMeasure> Find(SimilarTarget target, SimilarOptions options) =>
            _engine?.FindSimilar(target, options) ?? _cached!.FindSimilar(target, options);

        public void Dispose()
        {
            _engine?.Dispose();
            _cached?.Dispose();
        }
    }

    /// <summary>The index's semantic folder, or a cached one fitted on the corpus when the index has none.</summary>
    public static SemanticIndex OpenCached(string indexFolder, string corpusFolder)
    {
        if (SemanticIndex.Locate(indexFolder) is { } folder) return SemanticIndex.Open(folder);
        if (!Directory.Exists(corpusFolder))
            throw new UserError($"no semantic index in '{indexFolder}' and corpus folder '{corpusFolder}' not found; run `index` first or pass --corpus");
        var documents = new DocumentIngestor().IngestCorpus(corpusFolder).Where(d => d.Succeeded).Select(d => d.Document!).ToList();
        string fingerprint = SemanticIndexBuilder.Fingerprint(SemanticIndexBuilder.Rows(documents));
        string cache = Path.Combine(Path.GetTempPath(), "search-semantic", fingerprint);
        if (!SemanticIndexBuilder.IsCurrent(documents, cache)) // missing, or written by an older format
            SemanticIndexBuilder.Build(documents, cache);
        return SemanticIndex.Open(cache);
    }

    static string Head(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
