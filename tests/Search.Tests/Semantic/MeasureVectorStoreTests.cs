using Search.Semantic;
using Search.Semantic.Vectors;

namespace Search.Tests.Semantic;

public sealed class MeasureVectorStoreTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "search-store-test-" + Guid.NewGuid().ToString("N")[..12]);

    public MeasureVectorStoreTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    static (List<MeasureVectorRow> Rows, List<float[]> Vectors) Random(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        string[] districts = ["甲区", "乙区", "丙区"];
        var rows = Enumerable.Range(0, count).Select(i => new MeasureVectorRow($"m{i:D6}", $"d{i / 10:D5}", $"s{i / 10}.txt", "1", "text " + i,
            "省", i % 2 == 0 ? "一市" : "二市", districts[i % 3], 2020 + i % 3, i % 4 == 0 ? "方案" : "计划")).ToList();
        var vectors = rows.Select(_ =>
        {
            var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            return v.Select(x => x / norm).ToArray();
        }).ToList();
        return (rows, vectors);
    }

    [Fact]
    public void Vectors_read_on_demand_equal_the_mapped_ones_and_such_a_store_cannot_be_scanned()
    {
        var (rows, vectors) = Random(500, 24, 8);
        MeasureVectorStore.Write(_folder, rows, vectors, 24, "test", "fp");
        using var mapped = MeasureVectorStore.Open(_folder);
        using var unmapped = MeasureVectorStore.OpenVectors(_folder);
        var random = new Random(3);
        for (int k = 0; k < 200; k++)
        {
            int first = random.Next(rows.Count), count = random.Next(0, Math.Min(12, rows.Count - first) + 1);
            var a = new float[count * 24 + 5];
            var b = new float[count * 24 + 5];
            mapped.CopyVectors(first, count, a);
            unmapped.CopyVectors(first, count, b);
            Assert.Equal(a, b);
            for (int i = 0; i < count; i++) Assert.Equal(vectors[first + i], b.AsSpan(i * 24, 24).ToArray());
        }
        var last = new float[24];
        unmapped.CopyVectors(rows.Count - 1, 1, last);
        Assert.Equal(vectors[^1], last);
        Assert.Throws<ArgumentOutOfRangeException>(() => unmapped.CopyVectors(rows.Count - 1, 2, new float[48]));
        Assert.Throws<InvalidOperationException>(() => unmapped.Vector(0).ToArray());
        Assert.Throws<InvalidOperationException>(() => unmapped.Search(vectors[0], 5));
        Assert.Equal(rows.Count, unmapped.Count);
        Assert.Throws<InvalidOperationException>(() => unmapped.Rows[0]); // opened for its vectors only
    }

    [Fact]
    public void An_opened_store_reads_rows_on_demand_and_positional_reads_equal_the_map()
    {
        var (rows, vectors) = Random(300, 16, 5);
        MeasureVectorStore.Write(_folder, rows, vectors, 16, "test", "fp");
        using var store = MeasureVectorStore.Open(_folder);
        Assert.Equal(rows, store.Rows);
        Assert.Equal(rows.Select(r => r.Id), Enumerable.Range(0, rows.Count).Select(store.IdOf));
        var read = new float[16];
        for (int i = 0; i < rows.Count; i++)
        {
            store.ReadVectors(i, 1, read);
            Assert.Equal(store.Vector(i).ToArray(), read);
        }
        Assert.True(store.TryGetRow("m000007", out int row) && row == 7);
        // The document column groups rows without reading them: ten consecutive rows per document here.
        Assert.Equal(rows.Select(r => r.DocId), Enumerable.Range(0, rows.Count).Select(i => store.DocumentIds[store.DocumentOf(i)]));
    }

    [Fact]
    public void An_opened_store_finds_every_id_by_binary_search_and_no_other()
    {
        var (rows, vectors) = Random(257, 8, 11);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        using var store = MeasureVectorStore.Open(_folder);
        for (int i = 0; i < rows.Count; i++)
            Assert.True(store.TryGetRow(rows[i].Id, out int row) && row == i, rows[i].Id);
        foreach (var missing in new[] { "", "a", "m000007x", "m0000070", "z", rows[^1].Id + "0" })
            Assert.False(store.TryGetRow(missing, out _), missing);
    }

    [Fact]
    public void Rows_out_of_id_order_are_refused_by_the_writer()
    {
        var (rows, vectors) = Random(3, 8, 2);
        Assert.Throws<ArgumentException>(() => MeasureVectorStore.Write(_folder, [rows[1], rows[0]], [vectors[1], vectors[0]], 8, "test", "fp"));
        Assert.Throws<ArgumentException>(() => MeasureVectorStore.Write(_folder, [rows[0], rows[0]], [vectors[0], vectors[0]], 8, "test", "fp"));
    }

    [Fact]
    public void An_opened_store_finds_each_documents_run_of_rows_without_reading_rows()
    {
        var (rows, vectors) = Random(253, 8, 6);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        using var store = MeasureVectorStore.Open(_folder);
        foreach (var group in rows.Select((r, i) => (r.DocId, i)).GroupBy(x => x.DocId))
        {
            var (first, count) = store.RowsOfDocument(group.Key);
            Assert.Equal(group.Select(x => x.i), Enumerable.Range(first, count));
        }
        Assert.Equal((0, 0), store.RowsOfDocument("d99999"));
        Assert.Equal((0, 0), store.RowsOfDocument(""));
    }

    [Fact]
    public void Rows_of_one_document_interrupted_by_another_are_refused_by_the_writer()
    {
        var (rows, vectors) = Random(3, 8, 2);
        MeasureVectorRow[] interleaved = [rows[0] with { DocId = "d1" }, rows[1] with { DocId = "d2" }, rows[2] with { DocId = "d1" }];
        var e = Assert.Throws<ArgumentException>(() => MeasureVectorStore.Write(_folder, interleaved, vectors, 8, "test", "fp"));
        Assert.Contains("d1", e.Message);
    }

    [Fact]
    public void A_damaged_columns_file_is_refused_at_open_or_when_the_damaged_row_is_read()
    {
        var (rows, vectors) = Random(40, 8, 4);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        string columnsFile = Path.Combine(_folder, MeasureVectorStore.ColumnsFile);
        var bytes = AssertTruncationRefused(MeasureVectorStore.ColumnsFile);

        // The offsets are the file's last 41 int64: make row 5's record end where it starts.
        var damaged = (byte[])bytes.Clone();
        int offsets = bytes.Length - 41 * sizeof(long);
        Array.Copy(damaged, offsets + 5 * sizeof(long), damaged, offsets + 6 * sizeof(long), sizeof(long));
        File.WriteAllBytes(columnsFile, damaged);
        using (var store = MeasureVectorStore.Open(_folder, verifyChecksum: false))
        {
            Assert.Equal(rows[4], store.Rows[4]);
            Assert.Throws<InvalidDataException>(() => store.Rows[5]);
        }

        // A document number beyond the document table: the row's document column is the first int32 of its six.
        damaged = (byte[])bytes.Clone();
        int values = offsets - 40 * 6 * sizeof(int);
        BitConverter.GetBytes(999).CopyTo(damaged, values + 3 * 6 * sizeof(int));
        File.WriteAllBytes(columnsFile, damaged);
        using (var store = MeasureVectorStore.Open(_folder, verifyChecksum: false))
        {
            Assert.Equal(rows[2].DocId, store.DocumentIds[store.DocumentOf(2)]);
            Assert.Throws<InvalidDataException>(() => store.DocumentOf(3));
        }

        // Row 15 (document 1) said to be document 0 again: the documents' runs are not in order, so no run is trusted.
        damaged = (byte[])bytes.Clone();
        BitConverter.GetBytes(0).CopyTo(damaged, values + 15 * 6 * sizeof(int));
        File.WriteAllBytes(columnsFile, damaged);
        using (var store = MeasureVectorStore.Open(_folder, verifyChecksum: false))
            Assert.Throws<InvalidDataException>(() => store.RowsOfDocument(rows[0].DocId));
    }

    [Fact]
    public void A_disposed_store_refuses_reads_of_its_mapped_columns_instead_of_reading_unmapped_memory()
    {
        var (rows, vectors) = Random(60, 8, 9);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        var store = MeasureVectorStore.Open(_folder, quantized: true);
        store.Warm();
        Assert.Equal(rows[0].DocId, store.DocumentIds[store.DocumentOf(0)]);
        Assert.Equal(5, store.Search(vectors[0], 5).Count);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.DocumentOf(0));
        Assert.Throws<ObjectDisposedException>(() => store.Search(vectors[0], 5));
        Assert.Throws<ObjectDisposedException>(() => store.PrepareDocumentRuns());
    }

    /// <summary>Cuts the last byte off one file of the store in <see cref="_folder"/>, checks that an open without the checksum
    /// refuses it, and puts the file back; returns its whole contents.</summary>
    byte[] AssertTruncationRefused(string fileName)
    {
        string path = Path.Combine(_folder, fileName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1]);
        Assert.Throws<InvalidDataException>(() => MeasureVectorStore.Open(_folder, verifyChecksum: false).Dispose());
        File.WriteAllBytes(path, bytes);
        return bytes;
    }

    [Fact]
    public void Without_the_checksum_an_open_still_refuses_a_truncated_or_incomplete_folder()
    {
        var (rows, vectors) = Random(50, 8, 4);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        AssertTruncationRefused(MeasureVectorStore.RowsFile);
        File.Delete(Path.Combine(_folder, MeasureVectorStore.ColumnsFile));
        Assert.Throws<InvalidDataException>(() => MeasureVectorStore.Open(_folder, verifyChecksum: false).Dispose());
    }

    [Fact]
    public void Round_trip_keeps_rows_and_vectors_and_search_is_exact()
    {
        var (rows, vectors) = Random(500, 24, 1);
        MeasureVectorStore.Write(_folder, rows, vectors, 24, "test", "fp");
        using var store = MeasureVectorStore.Open(_folder);
        Assert.Equal(500, store.Count);
        Assert.Equal(rows, store.Rows);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(vectors[i], store.Vector(i).ToArray());

        var query = vectors[42];
        var filter = new VectorFilter { ExcludeDistrict = "甲区", Year = 2021, ExcludeId = "m000043" };
        var expected = Enumerable.Range(0, rows.Count)
            .Where(i => rows[i].District != "甲区" && rows[i].Year == 2021 && rows[i].Id != "m000043")
            .Select(i => (Row: i, Score: System.Numerics.Tensors.TensorPrimitives.Dot(query, vectors[i])))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Row).Take(10).Select(p => p.Row).ToList();
        Assert.Equal(expected, store.Search(query, 10, filter).Select(h => h.Row).ToList());
    }

    [Fact]
    public void Parallel_scan_over_many_rows_equals_the_brute_force_answer()
    {
        var (rows, vectors) = Random(40_000, 16, 2);
        using var store = MeasureVectorStore.FromMemory(rows, vectors, 16);
        var query = vectors[7];
        var expected = Enumerable.Range(0, rows.Count).Where(i => rows[i].City == "二市")
            .Select(i => (Row: i, Score: System.Numerics.Tensors.TensorPrimitives.Dot(query, vectors[i])))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Row).Take(25).Select(p => p.Row).ToList();
        Assert.Equal(expected, store.Search(query, 25, new VectorFilter { City = "二市" }).Select(h => h.Row).ToList());
    }

    [Fact]
    public void Quantized_scan_with_float_rescoring_finds_nearly_the_exact_top_k()
    {
        var (rows, vectors) = Random(20_000, 64, 6);
        using var exact = MeasureVectorStore.FromMemory(rows, vectors, 64);
        using var quantized = MeasureVectorStore.FromMemory(rows, vectors, 64, quantized: true);
        Assert.True(quantized.Quantized);
        int found = 0, total = 0;
        for (int q = 0; q < 20; q++)
        {
            var filter = new VectorFilter { ExcludeDistrict = "乙区" };
            var expected = exact.Search(vectors[q * 101], 10, filter).Select(h => h.Row).ToList();
            var actual = quantized.Search(vectors[q * 101], 10, filter);
            Assert.All(actual, h => Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(vectors[q * 101], vectors[h.Row]), h.Score, 5));
            found += actual.Count(h => expected.Contains(h.Row));
            total += expected.Count;
        }
        Assert.True(found >= total * 0.95, $"quantized recall {found}/{total}");
        // A zero query has no direction: it ranks nothing, scanned or refined.
        Assert.Empty(quantized.Search(new float[64], 10));
        Assert.Empty(quantized.SearchRefined(new float[64], 10, 5, null, _ => throw new InvalidOperationException("nothing to refine")));
    }

    [Fact]
    public void Refined_search_on_a_quantized_store_ranks_like_two_exact_scans()
    {
        var (rows, vectors) = Random(20_000, 64, 8);
        using var exact = MeasureVectorStore.FromMemory(rows, vectors, 64);
        using var quantized = MeasureVectorStore.FromMemory(rows, vectors, 64, quantized: true);
        static float[] Toward(float[] query, IReadOnlyList<VectorHit> hits, IReadOnlyList<float[]> all)
        {
            var refined = (float[])query.Clone();
            foreach (var h in hits) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(all[h.Row], 1.5f / hits.Count, refined, refined);
            System.Numerics.Tensors.TensorPrimitives.Divide(refined, System.Numerics.Tensors.TensorPrimitives.Norm(refined), refined);
            return refined;
        }
        int found = 0, total = 0;
        for (int q = 0; q < 20; q++)
        {
            var query = vectors[q * 97];
            var filter = new VectorFilter { ExcludeDistrict = "乙区" };
            var firstExact = exact.Search(query, 5, filter);
            var expected = exact.Search(Toward(query, firstExact, vectors), 10, filter).Select(h => h.Row).ToList();
            IReadOnlyList<VectorHit>? seen = null;
            var actual = quantized.SearchRefined(query, 10, 5, filter, first => Toward(query, seen = first, vectors));
            // The refinement sees the first query's exact best hits; the answer is scored exactly by the refined query.
            Assert.Equal(firstExact.Select(h => h.Row), seen!.Select(h => h.Row));
            var refined = Toward(query, firstExact, vectors);
            Assert.All(actual, h => Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(refined, vectors[h.Row]), h.Score, 5));
            Assert.DoesNotContain(actual, h => rows[h.Row].District == "乙区");
            found += actual.Count(h => expected.Contains(h.Row));
            total += expected.Count;
        }
        Assert.True(found >= total * 0.95, $"refined quantized recall {found}/{total}");
        // A float32 store runs the two scans exactly.
        var plain = exact.SearchRefined(vectors[3], 10, 5, null, first => Toward(vectors[3], first, vectors));
        Assert.Equal(exact.Search(Toward(vectors[3], exact.Search(vectors[3], 5), vectors), 10).Select(h => h.Row), plain.Select(h => h.Row));
    }

    [Fact]
    public void Four_bit_codes_round_trip_within_half_a_step_and_their_dot_product_equals_the_scalar_sum()
    {
        var random = new Random(1);
        foreach (var (dimension, padded) in new[] { (64, 64), (40, 64), (288, 320), (100, 128) })
        {
            var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var codes = new byte[padded / 2];
            float scale = Int4Codes.EncodeRow(v, codes);
            int Code(int i) => (i % 64 < 32 ? codes[i / 64 * 32 + i % 32] & 0x0F : codes[i / 64 * 32 + i % 32] >> 4) - 8;
            for (int i = 0; i < padded; i++)
            {
                Assert.InRange(Code(i), -7, 7);
                if (i < dimension) Assert.True(Math.Abs(Code(i) * scale - v[i]) <= scale / 2 + 1e-6, $"dimension {i}");
                else Assert.Equal(0, Code(i));
            }
            var q = Enumerable.Range(0, padded).Select(i => i < dimension ? (sbyte)random.Next(-127, 128) : (sbyte)0).ToArray();
            int expected = Enumerable.Range(0, padded).Sum(i => q[i] * Code(i));
            Assert.Equal(expected, Int4Codes.DotInt4(ref q[0], ref codes[0], padded, q.Sum(x => x)));
        }
    }

    [Fact]
    public void Ties_are_broken_by_row_order()
    {
        var rows = Enumerable.Range(0, 6).Select(i => new MeasureVectorRow($"m{i}", "d", "s", "1", "t", null, null, null, null, null)).ToList();
        var vectors = rows.Select(_ => new[] { 1f, 0f }).ToList();
        using var store = MeasureVectorStore.FromMemory(rows, vectors, 2);
        Assert.Equal([0, 1, 2], store.Search([1f, 0f], 3).Select(h => h.Row));
    }

    [Fact]
    public void Corrupt_vectors_fail_the_checksum()
    {
        var (rows, vectors) = Random(50, 8, 3);
        MeasureVectorStore.Write(_folder, rows, vectors, 8, "test", "fp");
        string path = Path.Combine(_folder, MeasureVectorStore.VectorsFile);
        var bytes = File.ReadAllBytes(path);
        bytes[100] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => MeasureVectorStore.Open(_folder));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Missing_header_is_a_user_error_and_wrong_version_is_refused()
    {
        Assert.Throws<UserError>(() => MeasureVectorStore.Open(_folder));
        var (rows, vectors) = Random(5, 4, 4);
        MeasureVectorStore.Write(_folder, rows, vectors, 4, "test", "fp");
        string header = Path.Combine(_folder, MeasureVectorStore.HeaderFile);
        File.WriteAllText(header, File.ReadAllText(header).Replace($"\"Version\": {SemanticHeader.CurrentVersion}", "\"Version\": 99"));
        Assert.Contains("v99", Assert.Throws<UserError>(() => MeasureVectorStore.Open(_folder)).Message);
    }
}
