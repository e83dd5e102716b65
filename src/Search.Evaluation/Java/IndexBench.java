// Java peer for `bench`: Lucene 4.10.4 + SmartChineseAnalyzer indexes the same files (one TextField per document,
// the raw UTF-8 text) into an FSDirectory, then runs the same term / AND / phrase queries with warm-up.
// Usage: java IndexBench FILE_LIST INDEX_DIR QUERY_FILE WARMUP ROUNDS
//   FILE_LIST: one path per line; QUERY_FILE: one classic QueryParser query per line (default operator AND).
// Prints:  index docs=<n> bytes=<n> seconds=<s> size_bytes=<n>
//          hits q=<i> n=<total hits>
//          lat threads=<t> q=<i> us=<l1>,<l2>,...      (one line per query and thread count)
//          qps threads=<t> calls=<n> seconds=<s>
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class IndexBench {
    public static void main(String[] args) throws Exception {
        List<String> files = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        File indexDir = new File(args[1]);
        List<String> queryTexts = Files.readAllLines(Paths.get(args[2]), StandardCharsets.UTF_8);
        int warmup = Integer.parseInt(args[3]), rounds = Integer.parseInt(args[4]);
        Analyzer analyzer = new SmartChineseAnalyzer(Version.LUCENE_4_10_4);

        // Index: read + analyse + write + commit, the same work our `index` run is timed on (its ingestion included).
        long t0 = System.nanoTime(), bytes = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        try (FSDirectory dir = FSDirectory.open(indexDir)) {
            IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer);
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            config.setRAMBufferSizeMB(256);
            final IndexWriter writer = new IndexWriter(dir, config);
            // Same parallelism as ours (one indexing thread per core): IndexWriter is thread-safe.
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int slot = t;
                parts.add(pool.submit(() -> {
                    long n = 0;
                    for (int i = slot; i < files.size(); i += threads) {
                        byte[] content = Files.readAllBytes(Paths.get(files.get(i)));
                        n += content.length;
                        Document doc = new Document();
                        doc.add(new StringField("path", files.get(i), Field.Store.YES));
                        doc.add(new TextField("text", new String(content, StandardCharsets.UTF_8), Field.Store.NO));
                        writer.addDocument(doc);
                    }
                    return n;
                }));
            }
            for (Future<Long> f : parts) bytes += f.get();
            pool.shutdown();
            writer.commit();
            writer.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long size = 0;
        for (File f : indexDir.listFiles()) size += f.length();
        System.out.printf(Locale.ROOT, "index docs=%d bytes=%d seconds=%.3f size_bytes=%d%n", files.size(), bytes, seconds, size);

        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(indexDir))) {
            final IndexSearcher searcher = new IndexSearcher(reader);
            final Query[] queries = new Query[queryTexts.size()];
            for (int i = 0; i < queries.length; i++) {
                QueryParser parser = new QueryParser("text", analyzer);
                parser.setDefaultOperator(QueryParser.Operator.AND);
                queries[i] = parser.parse(queryTexts.get(i));
                System.out.printf(Locale.ROOT, "hits q=%d n=%d%n", i, searcher.search(queries[i], 10).totalHits);
            }
            for (int w = 0; w < warmup; w++) for (Query q : queries) run(searcher, q);
            for (int t = 1; t <= 2; t++) measure(searcher, queries, rounds, t);
        }
    }

    static void measure(final IndexSearcher searcher, final Query[] queries, final int rounds, int threads) throws Exception {
        final long[][][] lat = new long[threads][queries.length][rounds];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> parts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            final int slot = t;
            parts.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++)
                    for (int k = 0; k < queries.length; k++) {
                        int q = (k + slot * 7) % queries.length; // threads start at different queries so they do not run in lockstep
                        long s = System.nanoTime();
                        run(searcher, queries[q]);
                        lat[slot][q][r] = (System.nanoTime() - s) / 1000;
                    }
                return null;
            }));
        }
        for (Future<?> f : parts) f.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        for (int q = 0; q < queries.length; q++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < threads; t++)
                for (int r = 0; r < rounds; r++) { if (sb.length() > 0) sb.append(','); sb.append(lat[t][q][r]); }
            System.out.printf(Locale.ROOT, "lat threads=%d q=%d us=%s%n", threads, q, sb);
        }
        System.out.printf(Locale.ROOT, "qps threads=%d calls=%d seconds=%.4f%n", threads, threads * rounds * queries.length, seconds);
    }

    static int run(IndexSearcher searcher, Query q) throws IOException {
        TopDocs top = searcher.search(q, 10);
        int n = 0;
        for (ScoreDoc sd : top.scoreDocs) n += searcher.doc(sd.doc).get("path").length(); // fetch what a result page shows
        return n + top.totalHits;
    }
}
