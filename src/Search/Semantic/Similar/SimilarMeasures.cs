using System.Numerics.Tensors;
using Search.Semantic.Embedding;
using Search.Semantic.Vectors;

namespace Search.Semantic.Similar;

/// <summary>Measures similar to a measure or a text: the embedding's nearest measures (after pseudo-relevance feedback and a
/// passage score), re-ranked with BM25 when a <see cref="MeasureTermRanker"/> is given, near-duplicates collapsed, each explained
/// by the terms it shares with the target.</summary>
public sealed class SimilarMeasures(MeasureVectorStore store, Func<PassageVectors> passages, IMeasureEmbedder embedder, SharedTermExplainer explainer)
{
    /// <summary>Weight of the passage score: the best cosine between the target's lead sentence and any sentence of a candidate.</summary>
    public const double DefaultPassageWeight = 0.5;
    /// <summary>RRF weight of the vector list against the BM25 list in the similar-measure hybrid (k = 60).</summary>
    /// <remarks>Chosen on the development set <c>judged-similar-dev.json</c> (24 other query measures, judged before any model
    /// ran on them), never on the test set <c>judged-similar.json</c>: see docs/EVALUATION.md.</remarks>
    public const double HybridVectorWeight = 2.0;
    /// <summary>Vector candidates the hybrid's BM25 side scores and fuses (at least; more when more hits are asked for).</summary>
    public const int HybridDepth = 100;
    /// <summary>How many of the first scan's hits expand the query vector (pseudo-relevance feedback).</summary>
    public const int FeedbackNeighbours = 5;
    /// <summary>Weight of their mean vector against the target's (then re-normalised).</summary>
    /// <remarks>Both chosen on the development set (a plateau: 4–6 neighbours × weight 0.75–2 all beat no feedback there), never
    /// on the test set: docs/EVALUATION.md. Measures of one instrument share words with their neighbours more than
    /// with the target, so the neighbours' vectors pull in the instrument's other wordings.</remarks>
    public const double DefaultFeedbackWeight = 1.5;
    // Re-ranking by passages looks at this many whole-measure candidates per requested hit.
    const int RerankDepthFactor = 5, RerankMinDepth = 50;

    /// <summary>The query moved towards the mean of its best hits' vectors in <paramref name="store"/> (<see cref="FeedbackNeighbours"/>
    /// of them), unit length: the refinement <c>similar</c> applies (pseudo-relevance feedback).</summary>
    public static float[] WithFeedback(MeasureVectorStore store, float[] query, IReadOnlyList<VectorHit> hits, double weight)
    {
        int n = Math.Min(FeedbackNeighbours, hits.Count);
        var expanded = (float[])query.Clone();
        var neighbour = new float[store.Dimension];
        foreach (var hit in hits.Take(n))
        {
            // Positional reads: a server must not pull the vector file into its resident set (see ReadVectors).
            store.ReadVectors(hit.Row, 1, neighbour);
            TensorPrimitives.MultiplyAdd(neighbour, (float)(weight / n), expanded, expanded);
        }
        float norm = TensorPrimitives.Norm(expanded);
        if (norm > 0) TensorPrimitives.Divide(expanded, norm, expanded);
        return expanded;
    }

    /// <param name="terms">The BM25 side: when given, the vector candidates are re-ranked by reciprocal rank fusion with its
    /// MoreLikeThis ranking of them (the hybrid); without, the embedding alone ranks.</param>
    public IReadOnlyList<SimilarMeasure> Find(SimilarTarget target, SimilarOptions? options = null, MeasureTermRanker? terms = null)
    {
        options ??= new SimilarOptions();
        if (options.Top <= 0) throw new UserError("--top must be at least 1");
        float[] query;
        float[]? lead;
        string queryText;
        var filter = new VectorFilter
        {
            Province = options.Province, City = options.City, District = options.District, Year = options.Year, Type = options.Type,
        };
        switch (target)
        {
            case MeasureTarget m:
                if (string.IsNullOrWhiteSpace(m.Id)) throw new UserError("measure id is empty");
                if (!store.TryGetRow(m.Id.Trim(), out int row))
                    throw new UnknownIdError($"没有编号为“{m.Id}”的措施（unknown measure id '{m.Id}'; ids look like {store.Rows.FirstOrDefault()?.Id ?? "<docId>-001"}; `search --json` and `ingest --json` print them）");
                var r = store.Rows[row];
                query = new float[store.Dimension];
                store.ReadVectors(row, 1, query); // positional: a server's RSS must not grow by the mapped pages of random rows
                var (firstPassage, passageCount) = passages().Of(row);
                if (options.PassageWeight > 0 && passageCount > 0)
                {
                    lead = new float[passages().Store.Dimension];
                    passages().Store.CopyVectors(firstPassage, 1, lead);
                }
                else lead = null;
                queryText = r.Text;
                filter = filter with { ExcludeId = r.Id, ExcludeDistrict = options.OtherDistrictsOnly ? r.District : null };
                break;
            case TextTarget t:
                if (string.IsNullOrWhiteSpace(t.Text)) throw new UserError("文本为空：请粘贴要查找相似措施的一段文字（text is empty; give the measure text to compare with）");
                queryText = t.Text;
                query = embedder.Embed(t.Text);
                if (TensorPrimitives.Norm(query) == 0) return [];
                // The lead sentence only matters to passage re-ranking: without it, one embedding is enough.
                var leadText = options.PassageWeight > 0 ? MeasureFeatureText.Passages(t.Text) : [];
                lead = leadText.Count > 1 ? embedder.Embed(leadText[0]) : query;
                break;
            default:
                throw new ArgumentException("unknown target", nameof(target));
        }

        // Fetch more than asked so collapsing near-duplicates still fills the page.
        bool collapse = options.NearDuplicate < 1f;
        int fetch = collapse ? options.Top * 3 + 10 : options.Top;
        int depth = fetch;
        if (options.PassageWeight > 0) depth = Math.Max(depth, Math.Max(RerankMinDepth, options.Top * RerankDepthFactor));
        if (terms is not null) depth = Math.Max(depth, HybridDepth);
        var hits = options.FeedbackWeight > 0
            ? store.SearchRefined(query, depth, FeedbackNeighbours, filter, first => WithFeedback(store, query, first, options.FeedbackWeight))
            : store.Search(query, depth, filter);
        if (options.PassageWeight > 0 && lead is not null)
            hits = hits.Select(h => new VectorHit(h.Row, (float)(h.Score + options.PassageWeight * passages().Best(lead, h.Row))))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Row).ToList();
        var ranked = hits.Select(h => (h.Row, Score: (double)h.Score, Similarity: (double)h.Score)).ToList();
        if (terms is not null && ranked.Count > 1)
        {
            var ids = ranked.Select(h => store.IdOf(h.Row)).ToList();
            var byId = ids.Zip(ranked).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            ranked = ReciprocalRankFusion.FuseCandidates(ids, terms.Rank(queryText, ids), vectorWeight: HybridVectorWeight)
                .Select(f => (byId[f.Id].Row, f.Score, byId[f.Id].Similarity)).ToList();
        }
        var kept = new List<(int Row, double Score, double Similarity)>(options.Top);
        var keptVectors = new List<float[]>(options.Top);
        foreach (var hit in ranked)
        {
            if (kept.Count == options.Top) break;
            if (collapse)
            {
                var vector = new float[store.Dimension];
                store.ReadVectors(hit.Row, 1, vector);
                if (keptVectors.Any(k => TensorPrimitives.Dot(k, vector) >= options.NearDuplicate)) continue;
                keptVectors.Add(vector);
            }
            kept.Add(hit);
        }
        var prepared = options.Explain ? explainer.Prepare(queryText) : null;
        return kept.Select(h =>
        {
            var row = store.Rows[h.Row];
            var shared = prepared is null ? SharedTerms.None : explainer.Share(prepared, row.Text);
            return new SimilarMeasure(row.Id, row.DocId, row.Source, row.District, row.Path, row.Text, Math.Round(h.Score, 6), shared.Terms)
            {
                Similarity = Math.Round(h.Similarity, 6), Marks = shared.OtherMarks, TargetMarks = shared.TargetMarks,
            };
        }).ToList();
    }
}
