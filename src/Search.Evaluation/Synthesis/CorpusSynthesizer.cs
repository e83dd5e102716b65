using System.Globalization;
using System.Text;
using System.Text.Json;
using Search.Analysis;
using Search.Ingest;

namespace Search.Evaluation.Synthesis;

/// <summary>How many synthetic documents to make and how they are distributed.</summary>
/// <param name="MedianBytes">Median UTF-8 size; sizes are log-normal around it, clipped to [MinBytes, MaxBytes].</param>
public sealed record SynthesisOptions(int Documents, int Seed = 1, double TraditionalShare = 0.1,
    int MedianBytes = 11_000, int MinBytes = 3_000, int MaxBytes = 40_000, int FirstYear = 2015, int LastYear = 2025);

/// <summary>One generated document: its text, where it goes, and what was planted in it.</summary>
public sealed record SyntheticDocument(int Index, string Source, string DocId, string Text, string DistrictCode, int Year, string Type,
    bool Traditional, IReadOnlyList<string> Planted);

/// <summary>Where one planted phrase went: corpus-relative sources and their document ids, in index order.</summary>
public sealed record PlantedSet(string Phrase, IReadOnlyList<string> Sources, IReadOnlyList<string> DocIds);

/// <summary>The <c>planted.json</c> manifest written next to a synthetic corpus.</summary>
public sealed record SynthesisManifest(int Seed, int Documents, long Bytes, int TraditionalDocuments, string Corpus, IReadOnlyList<PlantedSet> Planted)
{
    public const string FileName = "planted.json";
    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static SynthesisManifest Read(string path) =>
        JsonSerializer.Deserialize<SynthesisManifest>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty");
}

/// <summary>Makes deterministic synthetic policy documents from the real corpus's measures and outline styles, spread over real districts.</summary>
/// <remarks>Each document depends only on (seed, index), so generation runs in parallel and any document can be regenerated alone.
/// Documents are written as .txt in the real corpus's layouts (letterhead with 文号, portal metadata table, plain title line) and
/// outline styles (一、 (一) 1. （1） 一是…), so indexing them exercises the whole product path, ingestion included.</remarks>
public sealed class CorpusSynthesizer(SynthesisSource source)
{
    /// <summary>The folder under the output folder that holds the documents (the manifest sits beside it, out of the corpus).</summary>
    public const string CorpusFolder = "corpus";

    static readonly string[] Types = ["工作计划", "工作计划", "工作总结", "实施方案", "工作要点"];
    static readonly string[] Addressees = ["各中小学校、幼儿园，局机关各股室：", "各乡镇中心学校，城区各中小学、幼儿园：", "各学校、各直属单位："];
    static readonly string[] Planting = ["探索建立{0}，形成可推广的经验。", "试点推进{0}建设。", "依托{0}开展常态化活动。", "打造{0}品牌，扩大辐射范围。"];

    public SyntheticDocument Generate(int index, SynthesisOptions options)
    {
        var rng = SynthesisRandom.For(options.Seed, index);
        var district = rng.Pick(source.Districts);
        int year = rng.Next(options.FirstYear, options.LastYear + 1);
        string type = rng.Pick(Types);
        bool traditional = rng.NextDouble() < options.TraditionalShare;
        int target = (int)Math.Clamp(options.MedianBytes * Math.Exp(0.6 * rng.NextGaussian()), options.MinBytes, options.MaxBytes);
        int month = rng.Next(1, 13), day = rng.Next(1, 29);

        string place = (district.City ?? ShortProvince(district.Province)) + district.County;
        string issuer = place + "教育局";
        string title = $"{issuer}{year}年{type}";

        // Measures first (the bulk of the bytes), then the phrases planted into some of them.
        var measures = new List<string>();
        int bytes = 0;
        while (bytes < target || measures.Count < 3)
        {
            string m = rng.Pick(source.Measures);
            measures.Add(m);
            bytes += Encoding.UTF8.GetByteCount(m) + 8;
        }
        var planted = new List<string>();
        for (int k = 0; k < PlantedPhrase.All.Count; k++)
        {
            var phrase = PlantedPhrase.All[k];
            if (!IsPlanted(options, index, k, phrase)) continue;
            var plantRng = SynthesisRandom.For(options.Seed, index, 100 + k);
            int at = plantRng.Next(measures.Count);
            measures[at] = measures[at] + string.Format(CultureInfo.InvariantCulture, plantRng.Pick(Planting), phrase.Phrase);
            planted.Add(phrase.Phrase);
        }

        var text = new StringBuilder(target + 2048);
        string gap = rng.Next(2) == 0 ? "\n\n" : "\n";
        WriteHeader(text, ref rng, gap, district, issuer, title, year, month, day);
        text.Append(year.ToString(CultureInfo.InvariantCulture)).Append("年，").Append(district.County)
            .Append("教育工作以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，努力办好人民满意的教育。现将")
            .Append(type).Append("有关事项明确如下。").Append(gap);
        WriteBody(text, ref rng, gap, measures);
        text.Append(issuer).Append('\n').Append(year.ToString(CultureInfo.InvariantCulture)).Append('年').Append(month.ToString(CultureInfo.InvariantCulture))
            .Append('月').Append(day.ToString(CultureInfo.InvariantCulture)).Append("日\n");

        string body = traditional ? TraditionalScript.ToTraditional(text.ToString()) : text.ToString();
        string sourcePath = SourceOf(index, district.Code, year);
        return new SyntheticDocument(index, sourcePath, DocumentIngestor.DocumentId(sourcePath), body, district.Code, year, type, traditional, planted);
    }

    /// <summary>Writes <paramref name="options"/>.Documents files under DIR/corpus and the manifest DIR/planted.json.</summary>
    /// <remarks>The output folder is replaced only when it is empty or holds an earlier synthetic corpus (it has a manifest), so a
    /// mistyped --out can never wipe someone's real documents.</remarks>
    public SynthesisManifest Write(string outDir, SynthesisOptions options)
    {
        if (options.Documents < 1) throw new UserError("--docs must be at least 1");
        string corpus = Path.Combine(outDir, CorpusFolder), manifestPath = Path.Combine(outDir, SynthesisManifest.FileName);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            if (!File.Exists(manifestPath)) throw new UserError($"'{outDir}' is not empty and holds no {SynthesisManifest.FileName}: refusing to overwrite it");
            File.Delete(manifestPath);
            if (Directory.Exists(corpus)) Directory.Delete(corpus, true);
        }
        Directory.CreateDirectory(corpus);

        var docs = new SyntheticDocument?[options.Documents];
        long totalBytes = 0;
        var utf8 = new UTF8Encoding(false);
        Parallel.For(0, options.Documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var doc = Generate(i, options);
            string path = Path.Combine(corpus, doc.Source);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] content = utf8.GetBytes(doc.Text);
            File.WriteAllBytes(path, content);
            Interlocked.Add(ref totalBytes, content.Length);
            docs[i] = doc with { Text = "" }; // the text is on disk; keeping a million of them would cost gigabytes
        });

        var planted = PlantedPhrase.All.Select(p =>
        {
            var hits = docs.Where(d => d!.Planted.Contains(p.Phrase)).ToList();
            return new PlantedSet(p.Phrase, hits.Select(d => d!.Source).ToList(), hits.Select(d => d!.DocId).ToList());
        }).ToList();
        var manifest = new SynthesisManifest(options.Seed, options.Documents, totalBytes, docs.Count(d => d!.Traditional), CorpusFolder, planted);
        File.WriteAllText(manifestPath, manifest.ToJson(), utf8);
        return manifest;
    }

    /// <summary>Throws if a planted phrase already occurs in the source material: recall could then not be checked exactly.</summary>
    public void CheckPhrasesAreRare()
    {
        foreach (var p in PlantedPhrase.All)
            if (source.Measures.Concat(source.Headings).Concat(source.Subheadings).Any(t => t.Contains(p.Phrase, StringComparison.Ordinal)))
                throw new InvalidOperationException($"planted phrase '{p.Phrase}' occurs in the real corpus");
    }

    static bool IsPlanted(SynthesisOptions options, int index, int phrase, PlantedPhrase p)
    {
        // One anchor document per phrase, spread over the corpus, so even a 20-document smoke corpus has every phrase.
        if (index == (int)((phrase * 7919L + 13) % options.Documents)) return true;
        return SynthesisRandom.For(options.Seed, index, 50 + phrase).NextDouble() < p.Rate;
    }

    static string SourceOf(int index, string code, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"{index / 1000:D4}/{index:D7}_{code}_{year}.txt");

    static string ShortProvince(string province) =>
        Ingest.Describing.Gazetteer.China.Named(province).FirstOrDefault() is { } unit ? Ingest.Describing.Gazetteer.ShortName(unit) : province;

    void WriteHeader(StringBuilder text, ref SynthesisRandom rng, string gap, SynthesisDistrict district, string issuer, string title, int year, int month, int day)
    {
        string date = string.Create(CultureInfo.InvariantCulture, $"{year}-{month:D2}-{day:D2}");
        switch (rng.Next(3))
        {
            case 0: // letterhead with 文号, as printed notices are
                string abbr = (district.City is { Length: > 0 } c ? c[..1] : district.Province[..1]) + district.County[..1] + "教";
                text.Append(issuer).Append("文件").Append(gap)
                    .Append(abbr).Append('〔').Append(year).Append('〕').Append(rng.Next(1, 120)).Append('号').Append(gap)
                    .Append("关于印发").Append(title).Append("的通知").Append(gap)
                    .Append(rng.Pick(Addressees)).Append(gap)
                    .Append("现将《").Append(title).Append("》印发给你们，请认真贯彻落实。").Append(gap)
                    .Append(issuer).Append("办公室").Append(gap)
                    .Append(year).Append('年').Append(month).Append('月').Append(day).Append("日印发").Append(gap)
                    .Append(title).Append(gap);
                break;
            case 1: // government portal metadata table
                text.Append("索引号 | ").Append(district.Code).Append("-01/").Append(year).Append("-").Append(rng.Next(1, 99999).ToString("D5", CultureInfo.InvariantCulture))
                    .Append(" | 组配分类 | 规划计划 |\n")
                    .Append("发布机构 | ").Append(issuer).Append(" | 发文日期 | ").Append(date).Append(" 10:00 |\n")
                    .Append("信息名称 | ").Append(title).Append(" | 内容概述 |\n");
                break;
            default: // plain title line with a source/date strip
                text.Append(title).Append(gap).Append("来源: ").Append(issuer).Append("  |   发布日期: ").Append(date).Append(" 09:00").Append(gap);
                break;
        }
    }

    void WriteBody(StringBuilder text, ref SynthesisRandom rng, string gap, List<string> measures)
    {
        int style = rng.Next(5);
        int sections = Math.Clamp(measures.Count / 5, 2, 9);
        int perSection = (measures.Count + sections - 1) / sections;
        int next = 0, continuous = 1;
        for (int s = 0; s < sections && next < measures.Count; s++)
        {
            string heading = rng.Pick(source.Headings);
            text.Append(style == 1 ? $"({Numeral(s + 1)})" : $"{Numeral(s + 1)}、").Append(heading).Append(gap);
            var chunk = measures.Skip(next).Take(perSection).ToList();
            next += chunk.Count;
            switch (style)
            {
                case 0: // 一、 then 1. numbered through the document
                    foreach (var m in chunk) text.Append(continuous++).Append(". ").Append(m).Append(gap);
                    break;
                case 1: // (一) then 1. restarting per section
                    for (int i = 0; i < chunk.Count; i++) text.Append(i + 1).Append('.').Append(chunk[i]).Append(gap);
                    break;
                case 2: // 一、 (一) 1.
                case 3: // 一、 （一） （1）
                    int subsections = Math.Clamp(chunk.Count / 3, 1, 3), size = (chunk.Count + subsections - 1) / subsections;
                    for (int u = 0; u * size < chunk.Count; u++)
                    {
                        text.Append(style == 2 ? $"({Numeral(u + 1)})" : $"（{Numeral(u + 1)}）").Append(rng.Pick(source.Subheadings)).Append(gap);
                        var items = chunk.Skip(u * size).Take(size).ToList();
                        for (int i = 0; i < items.Count; i++)
                            text.Append(style == 2 ? $"{i + 1}." : $"（{i + 1}）").Append(items[i]).Append(gap);
                    }
                    break;
                default: // 一、 then （一） items that enumerate with 一是…二是…
                    for (int i = 0; i < chunk.Count; i += 2)
                    {
                        text.Append('（').Append(Numeral(i / 2 + 1)).Append('）').Append(rng.Pick(source.Subheadings)).Append('。');
                        text.Append("一是").Append(chunk[i]);
                        if (i + 1 < chunk.Count) text.Append("二是").Append(chunk[i + 1]);
                        text.Append(gap);
                    }
                    break;
            }
        }
    }

    /// <summary>Chinese numeral for outline numbering, 1–99.</summary>
    public static string Numeral(int n)
    {
        const string digits = "〇一二三四五六七八九";
        if (n < 10) return digits[n].ToString();
        if (n < 20) return "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
    }
}
