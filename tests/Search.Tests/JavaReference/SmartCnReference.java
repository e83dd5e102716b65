// Reference driver: runs Java Lucene 4.10.4 SmartChineseAnalyzer over test strings.
// Input (stdin): one string per line, hex-encoded UTF-16 (4 hex digits per code unit), so any
// char survives (lone surrogates, U+FFFF, CR/LF). Output (stdout): one line per input:
//   termHex,start,end,posInc;termHex,start,end,posInc;...|finalOffset,endPosInc
import java.io.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.*;
import org.apache.lucene.util.Version;

public class SmartCnReference {
    public static void main(String[] args) throws Exception {
        Analyzer analyzer = new SmartChineseAnalyzer(Version.LUCENE_4_10_4);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "US-ASCII"));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, "US-ASCII");
        StringBuilder sb = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            char[] chars = new char[line.length() / 4];
            for (int i = 0; i < chars.length; i++) chars[i] = (char) Integer.parseInt(line.substring(4 * i, 4 * i + 4), 16);
            sb.setLength(0);
            try (TokenStream ts = analyzer.tokenStream("f", new StringReader(new String(chars)))) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
                ts.reset();
                boolean first = true;
                while (ts.incrementToken()) {
                    if (!first) sb.append(';');
                    first = false;
                    for (int i = 0; i < term.length(); i++) sb.append(String.format("%04x", (int) term.charAt(i)));
                    sb.append(',').append(offset.startOffset()).append(',').append(offset.endOffset()).append(',').append(inc.getPositionIncrement());
                }
                ts.end();
                sb.append('|').append(offset.endOffset()).append(',').append(inc.getPositionIncrement());
            }
            out.println(sb);
        }
        out.flush();
    }
}
