using System.Security.Cryptography;
using System.Text;
using Search.Ingest;

namespace Search.Semantic;

/// <summary>Fits the embedder on a corpus's measures, embeds every measure and writes one semantic folder atomically (temp folder, then rename).</summary>
public static class SemanticIndexBuilder
{
    /// <summary>Builds <paramref name="folder"/> from the documents; an existing folder is replaced only once the new one is complete.</summary>
    public static SemanticHeader Build(IEnumerable<PolicyDocument> documents, string folder, EmbeddingRecipe? recipe = null, MeasureFeatureText? features = null)
    {
        recipe ??= EmbeddingRecipe.Default;
        var rows = Rows(documents);
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
                using var embedder = MeasureEmbedders.Fit(texts, features, recipe);
                var vectors = embedder.EmbedMany(texts);
                embedder.Save(temp);
                SharedTermExplainer.Save(SharedTermExplainer.Count(texts, features), temp);
                var header = MeasureVectorStore.Write(temp, rows, vectors, embedder.Dimension, embedder.Kind, Fingerprint(rows));
                WritePassages(Path.Combine(temp, SemanticIndex.PassagesFolder), rows, embedder, header.CorpusFingerprint);
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

    // Sentence vectors let a match be judged on the passage that names the query's instrument, not only on the whole measure.
    static void WritePassages(string folder, IReadOnlyList<MeasureVectorRow> rows, IMeasureEmbedder embedder, string fingerprint)
    {
        Directory.CreateDirectory(folder);
        var passageRows = new List<MeasureVectorRow>();
        foreach (var r in rows)
        {
            var passages = MeasureFeatureText.Passages(r.Text);
            if (passages.Count == 0) passages = [r.Text];
            for (int i = 0; i < passages.Count; i++)
                passageRows.Add(r with { Id = $"{r.Id}#{i:D2}", Text = passages[i] });
        }
        var vectors = embedder.EmbedMany(passageRows.Select(p => p.Text).ToList());
        MeasureVectorStore.Write(folder, passageRows, vectors, embedder.Dimension, embedder.Kind, fingerprint);
    }

    /// <summary>True when <paramref name="folder"/> holds vectors for exactly these measures, so the caller can skip a re-fit.</summary>
    public static bool IsCurrent(IEnumerable<PolicyDocument> documents, string folder)
    {
        try { return MeasureVectorStore.ReadHeader(folder).CorpusFingerprint == Fingerprint(Rows(documents)); }
        catch (UserError) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>One row per measure, ordered by measure id so the fit and the matrix do not depend on file enumeration order.</summary>
    public static List<MeasureVectorRow> Rows(IEnumerable<PolicyDocument> documents) =>
        documents.SelectMany(d => d.Measures.Select(m => new MeasureVectorRow(
                m.Id, d.Id, d.Source, m.Path, m.Text, d.Metadata.Province, d.Metadata.City, d.Metadata.District, d.Metadata.Year, d.Metadata.Type)))
            .Where(r => !string.IsNullOrWhiteSpace(r.Text))
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

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
