using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Analysis.SmartCn;
using Search.Ingest;

namespace Search.Evaluation.Benchmarks;

/// <summary>The Java peer's exact work done by our stack: our SmartCn analyzer and Lucene.Net, one unstored text field per raw file, then the
/// peer's term/AND/phrase queries through the classic query parser.</summary>
/// <remarks>The product's build does far more per file (ingestion, measures and documents each analysed into words and grams,
/// stored text, doc values), so its ratio against the peer mixes the speed of the stack with the size of the schema. This run
/// separates the two. Equal hit counts with Java's on every query show it is the same work: same segmentation, same postings.</remarks>
public static class SameWorkPeer
{
    /// <summary>Index the files as IndexBench.java does (2 threads, 256 MB buffer, FSDirectory, one commit), then time the queries at 1 thread.</summary>
    public static Dictionary<string, object?> Run(IReadOnlyList<string> files, IReadOnlyList<string> queries, string indexDir, SmartCnOptions options, int warmup, int rounds)
    {
        if (System.IO.Directory.Exists(indexDir)) System.IO.Directory.Delete(indexDir, true);
        using var analyzer = new SmartCnAnalyzer(SmartCnDictionary.Load(options));
        var result = new Dictionary<string, object?>();
        try
        {
            var sw = Stopwatch.StartNew();
            long bytes = 0;
            using (var directory = FSDirectory.Open(indexDir))
            {
                var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 256 };
                using var writer = new IndexWriter(directory, config);
                int threads = Environment.ProcessorCount;
                // One long-running thread per core taking every threads-th file, like the peer's fixed pool.
                var parts = Enumerable.Range(0, threads).Select(slot => Task.Factory.StartNew(() =>
                {
                    long n = 0;
                    for (int i = slot; i < files.Count; i += threads)
                    {
                        byte[] content = File.ReadAllBytes(files[i]);
                        n += content.Length;
                        writer.AddDocument(new Document
                        {
                            new StringField("path", files[i], Field.Store.YES),
                            new TextField("text", System.Text.Encoding.UTF8.GetString(content), Field.Store.NO),
                        });
                    }
                    return n;
                }, TaskCreationOptions.LongRunning)).ToArray();
                foreach (var part in parts) bytes += part.Result;
                writer.Commit();
            }
            double seconds = sw.Elapsed.TotalSeconds;
            result["documents"] = files.Count;
            result["bytes"] = bytes;
            result["seconds"] = Math.Round(seconds, 3);
            result["size_bytes"] = new DirectoryInfo(indexDir).GetFiles().Sum(f => f.Length);
            result["index_rss_mb"] = ProcessMemory.PeakRssMb();

            using var searchDirectory = FSDirectory.Open(indexDir);
            using var reader = DirectoryReader.Open(searchDirectory);
            result["inverted"] = InvertedTokens.Of(reader);
            var searcher = new IndexSearcher(reader);
            var parsed = queries.Select(q => new QueryParser(LuceneVersion.LUCENE_48, "text", analyzer) { DefaultOperator = Operator.AND }.Parse(q)).ToList();
            result["hits"] = parsed.Select(q => searcher.Search(q, 10).TotalHits).ToList();
            for (int w = 0; w < warmup; w++) foreach (var q in parsed) Fetch(searcher, q);
            var latencies = parsed.Select(_ => new List<double>()).ToList();
            for (int r = 0; r < rounds; r++)
                for (int k = 0; k < parsed.Count; k++)
                {
                    long start = Stopwatch.GetTimestamp();
                    Fetch(searcher, parsed[k]);
                    latencies[k].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            result["latencies_ms"] = latencies;
            return result;
        }
        finally
        {
            if (System.IO.Directory.Exists(indexDir)) System.IO.Directory.Delete(indexDir, true);
        }
    }

    // What a result page of the peer reads: top 10 and each hit's stored path.
    static int Fetch(IndexSearcher searcher, Query query)
    {
        var top = searcher.Search(query, 10);
        int n = top.TotalHits;
        foreach (var hit in top.ScoreDocs) n += searcher.Doc(hit.Doc).Get("path").Length;
        return n;
    }
}
