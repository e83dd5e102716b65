using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using SpreadCheetah;

namespace Search.Responses;

/// <summary>The file formats of an export.</summary>
public enum ExportFormat { Csv, Json, Xlsx }

/// <summary>The names of <see cref="ExportFormat"/> as the API's <c>format</c> takes them, with their media types.</summary>
public static class ExportFormats
{
    /// <summary><c>csv</c> (or nothing), <c>json</c> or <c>xlsx</c>; anything else is a <see cref="UserError"/>.</summary>
    public static ExportFormat Parse(string? value) => (value?.Trim().ToLowerInvariant() ?? "") switch
    {
        "" or "csv" => ExportFormat.Csv,
        "json" => ExportFormat.Json,
        "xlsx" => ExportFormat.Xlsx,
        var f => throw new UserError($"导出格式只能是 csv、json 或 xlsx，而不是“{(f.Length > 20 ? f[..20] + "…" : f)}”（format must be csv, json or xlsx）"),
    };

    public static string MediaType(ExportFormat format) => format switch
    {
        ExportFormat.Json => "application/json; charset=utf-8",
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv; charset=utf-8",
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Json => "json",
        ExportFormat.Xlsx => "xlsx",
        _ => "csv",
    };

    /// <summary>A file name made from the query and its filters (检索词_广西壮族自治区_2022.csv): characters a file system
    /// refuses and query syntax are dropped, the name is at most 60 characters.</summary>
    public static string FileName(string query, ExportFormat format)
    {
        var name = new StringBuilder();
        bool gap = false;
        foreach (char c in query)
        {
            bool keep = char.IsLetterOrDigit(c) || c is '.' or '-' || char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;
            if (keep)
            {
                if (gap && name.Length > 0) name.Append('_');
                name.Append(c);
                gap = false;
            }
            else gap = true;
        }
        var text = name.ToString().Replace("province_", "").Replace("city_", "").Replace("district_", "").Replace("year_", "").Replace("type_", "");
        if (text.Length > 60) text = text[..60];
        if (text.Length == 0) text = "检索结果";
        return $"{text}.{Extension(format)}";
    }
}

/// <summary>One row of a citation-ready export: a matching measure with what a citation needs (title, issuer, 文号, 成文日期,
/// region, where in the document, the text) and a stable link to it; a matching document none of whose measures matches has one
/// row with the measure columns empty, so every document is accounted for.</summary>
/// <param name="Date">成文日期 as yyyy-MM-dd, or null.</param>
/// <param name="PublishedDate">发布日期 as yyyy-MM-dd, or null.</param>
/// <param name="Years">The years the document covers, e.g. 2022 2023.</param>
/// <param name="PathLabel">The measure's place as a reader writes it (<see cref="MeasureLabel"/>).</param>
/// <param name="Link">The page that opens the document at this measure.</param>
public sealed record ExportRow(string Title, string Issuer, string? Number, string? Date, string? PublishedDate, string Years,
    string Province, string City, string District, string Type, string? Path, string? PathLabel, string? Text, string Link,
    string DocId, string? MeasureId, string Source);

/// <summary>The JSON shape of an export (<c>format=json</c>): the query, how many documents and measures match, and every row.</summary>
public sealed record ExportResponse(string Query, int Documents, int Measures, IReadOnlyList<ExportRow> Rows);

/// <summary>Writes export rows to a stream as they come (CSV with CsvHelper, XLSX with SpreadCheetah, JSON with Utf8JsonWriter),
/// flushing every few hundred rows, so memory stays flat however many rows there are.</summary>
public static class ExportWriter
{
    /// <summary>Column headings of the CSV and XLSX files (Chinese, for the spreadsheet a researcher opens).</summary>
    public static readonly IReadOnlyList<string> Headings =
        ["标题", "发文机关", "发文字号", "成文日期", "发布日期", "年份", "省份", "城市", "区县", "文件类型", "措施位置", "措施编号路径", "措施内容", "链接", "文件ID", "措施ID", "来源文件"];

    const int FlushEvery = 200;

    static string?[] Cells(ExportRow r) =>
        [r.Title, r.Issuer, r.Number, r.Date, r.PublishedDate, r.Years, r.Province, r.City, r.District, r.Type, r.PathLabel, r.Path, r.Text, r.Link, r.DocId, r.MeasureId, r.Source];

    /// <summary>Writes the header (from <paramref name="summary"/> for JSON), then every row.</summary>
    public static async Task WriteAsync(Stream output, ExportFormat format, ExportSummary summary, IEnumerable<ExportRow> rows, CancellationToken cancel)
    {
        switch (format)
        {
            case ExportFormat.Csv: await CsvAsync(output, rows, cancel); break;
            case ExportFormat.Xlsx: await XlsxAsync(output, rows, cancel); break;
            default: await JsonAsync(output, summary, rows, cancel); break;
        }
    }

    static async Task CsvAsync(Stream output, IEnumerable<ExportRow> rows, CancellationToken cancel)
    {
        var options = new CsvWriterOptions
        {
            // A BOM, so spreadsheet programs read the file as UTF-8.
            WriteByteOrderMark = true,
            Quoting = CsvQuoting.Always,
            NewLine = "\r\n",
            // A cell starting with = + - @ is a formula to a spreadsheet: with a quote before it, it stays text.
            Injection = CsvInjection.Escape,
            InjectionEscape = '\'',
        };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        await csv.WriteRecordAsync(Headings.ToArray(), cancel);
        int n = 0;
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(Cells(row).Select(c => c ?? "").ToArray(), cancel);
            if (++n % FlushEvery == 0) await csv.FlushAsync(cancel);
        }
        await csv.FlushAsync(cancel);
    }

    static async Task XlsxAsync(Stream output, IEnumerable<ExportRow> rows, CancellationToken cancel)
    {
        // The zip's closing records are written synchronously: they are held and sent asynchronously after.
        var target = new HeldSyncWrites(output);
        await using (var sheet = await Spreadsheet.CreateNewAsync(target, cancellationToken: cancel))
        {
            await sheet.StartWorksheetAsync("检索结果", token: cancel);
            await sheet.AddRowAsync(Headings.Select(h => new Cell(h)).ToArray(), cancel);
            foreach (var row in rows)
                await sheet.AddRowAsync(Cells(row).Select(c => new Cell(c ?? "")).ToArray(), cancel);
            await sheet.FinishAsync(cancel);
        }
        await target.SendHeldAsync(cancel);
        await output.FlushAsync(cancel);
    }

    /// <summary>A write-only stream over a response that refuses synchronous writes: asynchronous writes pass through (after anything
    /// held), synchronous ones are held in memory until <see cref="SendHeldAsync"/>.</summary>
    sealed class HeldSyncWrites(Stream inner) : Stream
    {
        readonly MemoryStream _held = new();
        long _position;

        public async Task SendHeldAsync(CancellationToken cancel)
        {
            if (_held.Length == 0) return;
            await inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancel);
            _held.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { _held.Write(buffer); _position += buffer.Length; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await SendHeldAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => SendHeldAsync(cancellationToken);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    static async Task JsonAsync(Stream output, ExportSummary summary, IEnumerable<ExportRow> rows, CancellationToken cancel)
    {
        // The writer fills a buffer that is copied to the stream asynchronously every few hundred rows (the serializer flushes
        // its writer synchronously, which a server's response stream refuses).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };
        using var json = new Utf8JsonWriter(buffer, options);
        async Task Drain()
        {
            json.Flush();
            await output.WriteAsync(buffer.WrittenMemory, cancel);
            buffer.ResetWrittenCount();
        }
        json.WriteStartObject();
        json.WriteString("query", summary.Query);
        json.WriteNumber("documents", summary.Documents);
        json.WriteNumber("measures", summary.Measures);
        json.WriteStartArray("rows");
        int n = 0;
        foreach (var row in rows)
        {
            JsonSerializer.Serialize(json, row, ContractJson.WebOptions);
            if (++n % FlushEvery == 0) await Drain();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await Drain();
        await output.FlushAsync(cancel);
    }
}

/// <summary>What an export covers: the query and how many documents and measures match it.</summary>
public sealed record ExportSummary(string Query, int Documents, int Measures);
