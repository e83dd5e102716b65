using System.Security.Cryptography;
using System.Text;
using Search.Ingest;
using Search.Semantic.Vectors;
using Search.Semantic.Embedding;
using Search.Semantic.Similar;

namespace Search.Semantic;

/// <summary>Progress of a semantic build: the stage it is in and how many of that stage's measures are done.</summary>
public readonly record struct SemanticBuildProgress(string Stage, int Done, int Total)
{
    public const string Fitting = "fitting the embedding";
    public const string MeasureVectors = "measure vectors";
    public const string Partitions = "vector partitions";
    public const string SentenceVectors = "sentence vectors";
}

/// <summary>Fits the embedder on a corpus's measures, embeds every measure and writes one semantic folder atomically (temp folder, then rename).</summary>
public static class SemanticIndexBuilder
{
    /// <summary>Rows embedded (and written) per batch: the vectors of a large corpus never sit in memory all at once.</summary>
    const int EmbedBatch = 32_768;

    /// <summary>Builds <paramref name="folder"/> from the documents; an existing folder is replaced only once the new one is complete.</summary>
    public static SemanticHeader Build(IEnumerable<PolicyDocument> documents, string folder, EmbeddingRecipe? recipe = null, MeasureFeatureText? features = null) =>
        Build(Rows(documents), folder, recipe, features);

    /// <summary>Builds <paramref name="folder"/> from measure rows in id order (<see cref="Rows"/>).</summary>
    public static SemanticHeader Build(IReadOnlyList<MeasureVectorRow> rows, string folder, EmbeddingRecipe? recipe = null, MeasureFeatureText? features = null,
        IProgress<SemanticBuildProgress>? progress = null) =>
        Build(rows, folder, recipe, features, MeasureVectorStore.QuantizedFrom, progress);

    /// <param name="partitionsFrom">Measure count from which <see cref="VectorPartitions"/> are written beside the vectors (the
    /// stores whose scans run over codes, which are the ones that read them).</param>
    internal static SemanticHeader Build(IReadOnlyList<MeasureVectorRow> rows, string folder, EmbeddingRecipe? recipe, MeasureFeatureText? features, int partitionsFrom,
        IProgress<SemanticBuildProgress>? progress = null)
    {
        recipe ??= EmbeddingRecipe.Default;
        if (rows.Count < 2) throw new UserError($"the corpus has {rows.Count} measure(s); similarity needs at least two");
        bool owns = features is null;
        features ??= new MeasureFeatureText();
        try
        {
            string full = Path.GetFullPath(folder);
            string parent = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(parent);
            string temp = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(temp);
            try
            {
                var texts = rows.Select(r => r.Text).ToList();
                progress?.Report(new(SemanticBuildProgress.Fitting, 0, rows.Count));
                using var embedder = MeasureEmbedders.Fit(texts, features, recipe);
                embedder.Save(temp);
                progress?.Report(new(SemanticBuildProgress.Fitting, rows.Count, rows.Count));
                string fingerprint = Fingerprint(rows);
                // The term table is counted batch by batch beside the vectors, from the words the embedder has just segmented.
                var terms = new TermTableCounter(features);
                var header = WriteEmbedded(temp, rows, embedder, fingerprint,
                    done => progress?.Report(new(SemanticBuildProgress.MeasureVectors, done, rows.Count)), terms);
                SharedTermExplainer.Save(terms.Complete(), temp);
                if (header.Count >= partitionsFrom)
                {
                    progress?.Report(new(SemanticBuildProgress.Partitions, 0, rows.Count));
                    using var written = MeasureVectorStore.Open(temp, verifyChecksum: false);
                    VectorPartitions.Build(written).Write(temp);
                    progress?.Report(new(SemanticBuildProgress.Partitions, rows.Count, rows.Count));
                }
                WritePassages(Path.Combine(temp, PassageVectors.Folder), rows, embedder, fingerprint,
                    done => progress?.Report(new(SemanticBuildProgress.SentenceVectors, done, rows.Count)));
                Replace(temp, full);
                return header;
            }
            catch
            {
                try { Directory.Delete(temp, true); } catch (IOException) { }
                throw;
            }
        }
        finally
        {
            if (owns) features.Dispose();
        }
    }

    /// <summary>Embeds the rows batch by batch and streams them into a store.</summary>
    /// <param name="batchWritten">Called after each batch with the rows written so far.</param>
    /// <param name="terms">When given, each batch's texts are also counted into it while its <see cref="MeasureFeatureText"/>
    /// (the embedder's) still remembers their words.</param>
    static SemanticHeader WriteEmbedded(string folder, IEnumerable<MeasureVectorRow> rows, IMeasureEmbedder embedder, string fingerprint, Action<int> batchWritten,
        TermTableCounter? terms = null, bool vectorsOnly = false)
    {
        using var writer = new VectorWriter(folder, embedder.Dimension, vectorsOnly);
        int written = 0;
        foreach (var batch in rows.Chunk(EmbedBatch))
        {
            var texts = batch.Select(r => r.Text).ToList();
            IReadOnlyList<float[]> vectors;
            using (terms?.Features.RememberWords())
            {
                vectors = embedder.EmbedMany(texts);
                terms?.Add(texts);
            }
            for (int i = 0; i < batch.Length; i++) writer.Add(batch[i], vectors[i]);
            batchWritten(written += batch.Length);
        }
        return writer.Complete(embedder.Kind, fingerprint);
    }

    // Sentence vectors let a match be judged on the passage that names the query's instrument, not only on the whole measure.
    /// <remarks>Besides the store, <c>spans.bin</c> gives each measure row its first sentence row (an int per measure, plus
    /// the end), so a query finds a candidate's sentences by row number without reading the sentence rows.</remarks>
    /// <param name="measuresDone">Called after each batch with the measures whose sentences are written.</param>
    static void WritePassages(string folder, IReadOnlyList<MeasureVectorRow> rows, IMeasureEmbedder embedder, string fingerprint, Action<int> measuresDone)
    {
        Directory.CreateDirectory(folder);
        var firsts = new List<int>(rows.Count + 1);
        // A batch can end inside a measure's sentences; that measure is counted with the next batch.
        // Only the vectors: a query finds a measure's sentences through spans.bin and reads nothing else of them.
        WriteEmbedded(folder, PassageRows(rows, firsts), embedder, fingerprint, _ => measuresDone(Math.Max(0, firsts.Count - 1)), vectorsOnly: true);
        measuresDone(rows.Count);
        PassageVectors.WriteSpans(folder, firsts);
    }

    static IEnumerable<MeasureVectorRow> PassageRows(IEnumerable<MeasureVectorRow> rows, List<int> firsts)
    {
        int next = 0;
        foreach (var r in rows)
        {
            var passages = MeasureFeatureText.Passages(r.Text);
            if (passages.Count == 0) passages = [r.Text];
            firsts.Add(next);
            for (int i = 0; i < passages.Count; i++)
                yield return r with { Id = $"{r.Id}#{i:D2}", Text = passages[i] };
            next += passages.Count;
        }
        firsts.Add(next);
    }

    /// <summary>True when <paramref name="folder"/> holds vectors for exactly these measures, so the caller can skip a re-fit.</summary>
    public static bool IsCurrent(IEnumerable<PolicyDocument> documents, string folder) => IsCurrent(Rows(documents), folder);

    /// <inheritdoc cref="IsCurrent(IEnumerable{PolicyDocument}, string)"/>
    public static bool IsCurrent(IReadOnlyList<MeasureVectorRow> rows, string folder)
    {
        try { return MeasureVectorStore.ReadHeader(folder).CorpusFingerprint == Fingerprint(rows); }
        catch (UserError) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>One row per measure, ordered by measure id so the fit and the matrix do not depend on file enumeration order.</summary>
    public static List<MeasureVectorRow> Rows(IEnumerable<PolicyDocument> documents) => InIdOrder(documents.SelectMany(RowsOf));

    /// <summary>A document's measure rows (those with text), in no particular order: <see cref="InIdOrder"/> orders them.</summary>
    public static IEnumerable<MeasureVectorRow> RowsOf(PolicyDocument d) =>
        d.Measures.Select(m => new MeasureVectorRow(
                m.Id, d.Id, d.Source, m.Path, m.Text, d.Metadata.Province, d.Metadata.City, d.Metadata.District, d.Metadata.Year, d.Metadata.Type))
            .Where(r => !string.IsNullOrWhiteSpace(r.Text));

    /// <summary>The rows ordered by measure id, the order <see cref="Build(IReadOnlyList{MeasureVectorRow}, string, EmbeddingRecipe?, MeasureFeatureText?, IProgress{SemanticBuildProgress}?)"/> expects.</summary>
    public static List<MeasureVectorRow> InIdOrder(IEnumerable<MeasureVectorRow> rows) => rows.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public static string Fingerprint(IReadOnlyList<MeasureVectorRow> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in rows)
            sha.AppendData(Encoding.UTF8.GetBytes($"{r.Id}\u0001{r.Text}\u0001{r.District}\u0001{r.Year}\u0001{r.Type}\u0002"));
        sha.AppendData(Encoding.UTF8.GetBytes(EmbeddingRecipe.Default.Describe()));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    static void Replace(string temp, string folder)
    {
        if (!Directory.Exists(folder)) { Directory.Move(temp, folder); return; }
        string old = folder + ".old-" + Guid.NewGuid().ToString("N")[..8];
        Directory.Move(folder, old);
        Directory.Move(temp, folder);
        try { Directory.Delete(old, true); } catch (IOException) { }
    }
}
