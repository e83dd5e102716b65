// Java peer for the analysis benchmark: SmartChineseAnalyzer (Lucene 4.10.4) over the same lines.
// Usage: java AnalysisBench FILE WARMUP_ROUNDS ROUNDS  -> prints "mb_s=<x> tokens=<n> seconds=<s>"
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.Version;

public class AnalysisBench {
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Paths.get(args[0]));
        List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        int warmup = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
        Analyzer analyzer = new SmartChineseAnalyzer(Version.LUCENE_4_10_4);
        for (int i = 0; i < warmup; i++) run(analyzer, lines);
        long t0 = System.nanoTime();
        long tokens = 0;
        for (int i = 0; i < rounds; i++) tokens += run(analyzer, lines);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "mb_s=%.3f tokens=%d seconds=%.3f%n", bytes.length * (double) rounds / 1e6 / seconds, tokens, seconds);
    }

    static long run(Analyzer analyzer, List<String> lines) throws IOException {
        long n = 0;
        for (String line : lines) {
            try (TokenStream ts = analyzer.tokenStream("f", new StringReader(line))) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) n += term.length() > 0 ? 1 : 0;
                ts.end();
            }
        }
        return n;
    }
}
