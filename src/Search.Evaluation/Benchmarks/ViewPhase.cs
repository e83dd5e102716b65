using System.Diagnostics;
using Search.Analysis.SmartCn;
using Search.Querying;
using Search.Responses;

namespace Search.Evaluation.Benchmarks;

/// <summary>The whole-result views a server answers, measured on the built index as the server opens it: matrix, comparison and
/// trend latency over queries from a term in every document to a rare phrase, similar measures for a pasted paragraph, and the
/// streamed export (rows and bytes per second, and how far the managed heap and the process's peak RSS rise while it runs).</summary>
public static class ViewPhase
{
    /// <summary>From a term in every document (the whole index) to a planted phrase in a few; one filtered.</summary>
    public static readonly IReadOnlyList<string> Queries = ["教育", "控辍保学", "双减 课后服务", "\"课后服务\"", "劝返 province:广西"];

    const string Paragraph = "全面落实控辍保学责任，建立辍学学生劝返复学台账，实行动态监测，确保义务教育阶段适龄儿童少年应入尽入。";

    public static Dictionary<string, object?> Run(string index, SmartCnOptions options, int rounds)
    {
        using var library = PolicyLibrary.Open(index, Path.Combine(Path.GetTempPath(), "no-corpus"), options);
        var result = new Dictionary<string, object?>();
        // Warm-up: ten of each, so the measured rounds run the optimised code a long-running server runs (the runtime
        // recompiles a method hot after 30 calls; on two cores that recompiling would otherwise land in the measured rounds).
        for (int w = 0; w < 10; w++)
        {
            foreach (var q in Queries) { library.Matrix(q, 3_000); library.Compare(q, 20); library.Compare(q, 50, 10); library.Trend(q); }
            library.SimilarToText(Paragraph, 10);
        }

        Dictionary<string, object?> Time(Func<string, object> view)
        {
            var byQuery = new Dictionary<string, object?>();
            var all = new List<double>();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            foreach (var q in Queries)
            {
                var times = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    var sw = Stopwatch.StartNew();
                    view(q);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                all.AddRange(times);
                byQuery[q] = LatencyStats.Of(times).ToJson();
            }
            // Managed allocation per call (this thread): what a view leaves for the garbage collector sets its pauses.
            double allocatedMb = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1e6 / all.Count;
            return new Dictionary<string, object?> { ["all"] = LatencyStats.Of(all).ToJson(), ["allocated_mb_per_call"] = Math.Round(allocatedMb, 2), ["by_query"] = byQuery };
        }
        result["matrix"] = Time(q => library.Matrix(q, 3_000));
        // The comparison as the page asks for it (the API's defaults: 20 districts, their 3 best measures each), and a wide one.
        result["compare"] = Time(q => library.Compare(q, 20));
        result["compare_50x10"] = Time(q => library.Compare(q, 50, 10));
        result["trend"] = Time(q => library.Trend(q));
        var similar = new List<double>();
        for (int r = 0; r < rounds * 3; r++)
        {
            var sw = Stopwatch.StartNew();
            library.SimilarToText(Paragraph, 10);
            similar.Add(sw.Elapsed.TotalMilliseconds);
        }
        result["similar_text"] = LatencyStats.Of(similar).ToJson();
        // A term in every document: each view must account for every document of the index.
        var matrix = library.Matrix("教育", 3_000);
        var trend = library.Trend("教育");
        var compare = library.Compare("教育", 3_000);
        result["every_document"] = new Dictionary<string, object?>
        {
            ["indexed"] = library.Health().Documents,
            ["trend"] = trend.Total,
            ["compare"] = compare.Districts.Sum(d => d.Documents),
            ["matrix"] = matrix.Rows.Sum(r => r.Documents),
            ["matrix_measures"] = matrix.Rows.Sum(r => r.Measures),
            ["matrix_rows"] = matrix.RowCount,
        };

        // Export: a tenth of the documents, then all of them; memory should not follow the row count.
        var exports = new Dictionary<string, object?>();
        foreach (var (name, query) in new[] { ("planted", "\"课后服务\""), ("every_document", "教育") })
            foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Xlsx })
                exports[$"{name}_{format.ToString().ToLowerInvariant()}"] = Export(library, query, format);
        result["export"] = exports;
        result["peak_rss_mb"] = ProcessMemory.PeakRssMb();
        return result;
    }

    static Dictionary<string, object?> Export(PolicyLibrary library, string query, ExportFormat format)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long heapBefore = GC.GetTotalMemory(false);
        double? rssBefore = ProcessMemory.PeakRssMb();
        var sink = new CountingSink();
        long allocated = GC.GetTotalAllocatedBytes();
        var sw = Stopwatch.StartNew();
        var summary = library.ExportAsync(query, SearchOrder.Relevance, format, sink, (d, m) => $"http://127.0.0.1:5000/?view=doc&doc={d}&m={m}").GetAwaiter().GetResult();
        double seconds = sw.Elapsed.TotalSeconds;
        sink.Sample();
        return new Dictionary<string, object?>
        {
            ["query"] = query, ["documents"] = summary.Documents, ["measures"] = summary.Measures, ["bytes"] = sink.Bytes,
            ["seconds"] = Math.Round(seconds, 3), ["rows_per_s"] = Math.Round((summary.Measures + 0.0) / seconds, 0),
            ["mb_per_s"] = Math.Round(sink.Bytes / 1e6 / seconds, 2),
            ["first_byte_ms"] = sink.FirstByteMs is { } f ? Math.Round(f, 1) : null,
            ["heap_before_mb"] = Math.Round(heapBefore / 1e6, 1), ["heap_peak_mb"] = Math.Round(sink.PeakHeap / 1e6, 1),
            ["allocated_mb"] = Math.Round((GC.GetTotalAllocatedBytes() - allocated) / 1e6, 1),
            ["peak_rss_before_mb"] = rssBefore, ["peak_rss_after_mb"] = ProcessMemory.PeakRssMb(),
        };
    }

    /// <summary>Counts what an export writes and samples the managed heap as it goes (as a response body would receive it).</summary>
    sealed class CountingSink : Stream
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        public long Bytes { get; private set; }
        public long PeakHeap { get; private set; }
        public double? FirstByteMs { get; private set; }
        long _sampledAt;

        public CountingSink() => Sample();

        /// <summary>Takes one more reading of the managed heap into <see cref="PeakHeap"/>.</summary>
        public void Sample() => PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));

        void Count(int n)
        {
            FirstByteMs ??= _clock.Elapsed.TotalMilliseconds;
            Bytes += n;
            if (Bytes - _sampledAt >= 64 * 1024)
            {
                _sampledAt = Bytes;
                Sample();
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Count(count);
        public override void Write(ReadOnlySpan<byte> buffer) => Count(buffer.Length);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Count(buffer.Length); return ValueTask.CompletedTask; }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Count(count); return Task.CompletedTask; }
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
