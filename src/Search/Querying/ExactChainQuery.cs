using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>One position of an <see cref="ExactChainQuery"/>: its offset from the first step and the terms any of which may stand there.</summary>
public sealed record ChainPosition(int Offset, IReadOnlyList<Term> Alternatives);

/// <summary>An exact phrase on one field (every step at its offset, no slop), each step one of several terms, scored by the
/// searcher's similarity like <see cref="PhraseQuery"/> (phrase frequency, summed term statistics).</summary>
/// <remarks>Why not <see cref="PhraseQuery"/>/<see cref="MultiPhraseQuery"/>: Lucene's exact phrase scorer walks a
/// document's position space in windows of 4,096 positions, empty or not. Our sentence and measure gaps
/// (<see cref="IndexFields.SentenceGap"/>, <see cref="IndexFields.MeasureGap"/>) spread a policy-document doc over tens of
/// millions of positions, so it spends most of its time per candidate on empty windows. This scorer intersects the position lists themselves, so its cost is the number of positions read.</remarks>
public sealed class ExactChainQuery : Query
{
    /// <summary>The field every term of the chain is in.</summary>
    public string Field { get; }

    /// <summary>The steps, first at offset 0, offsets strictly increasing.</summary>
    public IReadOnlyList<ChainPosition> Steps { get; }

    /// <summary>Docs matching this query are skipped before any position is read (and score nothing from the chain).</summary>
    /// <remarks>For a disjunction "words OR chain" the union is the same whether or not the chain skips the words' docs, but
    /// the chain's positions, the expensive part, are then read only where the words did not already match.</remarks>
    public Query? SkipWhere { get; }

    /// <summary>Where the steps' term states were already looked up (the build's shared lookup); used when the weight is
    /// built on that same reader. Not part of the query's identity.</summary>
    internal TermLookup? Lookup { get; init; }

    public ExactChainQuery(string field, IReadOnlyList<ChainPosition> steps, Query? skipWhere = null)
    {
        SkipWhere = skipWhere;
        if (steps.Count == 0) throw new ArgumentException("a chain needs at least one step", nameof(steps));
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i].Alternatives.Count == 0) throw new ArgumentException("every step needs a term", nameof(steps));
            if (steps[i].Alternatives.Any(t => t.Field != field)) throw new ArgumentException("all terms must be in one field", nameof(steps));
            if (i > 0 && steps[i].Offset <= steps[i - 1].Offset) throw new ArgumentException("offsets must increase", nameof(steps));
        }
        Field = field;
        int first = steps[0].Offset;
        Steps = steps.Select(s => s with { Offset = s.Offset - first }).ToList();
    }

    public override Query Rewrite(IndexReader reader)
    {
        if (SkipWhere is null && Steps.Count == 1 && Steps[0].Alternatives.Count == 1)
        {
            var only = Steps[0].Alternatives[0];
            var single = Lookup is not null && Lookup.Serves(reader.Context) ? new TermQuery(only, Lookup.Context(only)) : new TermQuery(only);
            single.Boost = Boost;
            return single;
        }
        if (SkipWhere is not null && SkipWhere.Rewrite(reader) is var skip && !ReferenceEquals(skip, SkipWhere))
            return new ExactChainQuery(Field, Steps, skip) { Boost = Boost, Lookup = Lookup };
        return this;
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new ChainWeight(this, searcher);

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var step in Steps)
            foreach (var t in step.Alternatives) terms.Add(t);
    }

    public override string ToString(string field)
    {
        var body = string.Join(" ", Steps.Select(s => $"{s.Offset}:" + (s.Alternatives.Count == 1 ? s.Alternatives[0].Text : "(" + string.Join("|", s.Alternatives.Select(t => t.Text)) + ")")));
        return (field == Field ? "" : Field + ":") + "chain\"" + body + "\"" + (SkipWhere is null ? "" : $" skipping ({SkipWhere})") + ToStringUtils.Boost(Boost);
    }

    public override bool Equals(object? obj) =>
        obj is ExactChainQuery o && o.Field == Field && o.Boost.Equals(Boost) && o.Steps.Count == Steps.Count && Equals(o.SkipWhere, SkipWhere)
        && o.Steps.Zip(Steps).All(p => p.First.Offset == p.Second.Offset && p.First.Alternatives.SequenceEqual(p.Second.Alternatives));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Field);
        hash.Add(Boost);
        hash.Add(SkipWhere);
        foreach (var s in Steps)
        {
            hash.Add(s.Offset);
            foreach (var t in s.Alternatives) hash.Add(t);
        }
        return hash.ToHashCode();
    }

    private sealed class ChainWeight : Weight
    {
        private readonly ExactChainQuery _query;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;
        private readonly TermContext[][] _contexts;
        private readonly Weight? _skip;

        public ChainWeight(ExactChainQuery query, IndexSearcher searcher)
        {
            _query = query;
            _skip = query.SkipWhere is null ? null : searcher.CreateNormalizedWeight(new ConstantScoreQuery(query.SkipWhere));
            _similarity = searcher.Similarity;
            var top = searcher.TopReaderContext;
            var lookup = query.Lookup is { } l && l.Serves(top) ? l : new TermLookup(top);
            _contexts = query.Steps.Select(s => s.Alternatives.Select(lookup.Context).ToArray()).ToArray();
            var termStats = query.Steps.SelectMany((s, i) => s.Alternatives.Select((t, j) => searcher.TermStatistics(t, _contexts[i][j]))).ToArray();
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Field), termStats);
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var terms = context.AtomicReader.GetTerms(_query.Field);
            if (terms is null) return null;
            if (!terms.HasPositions)
                throw new InvalidOperationException($"field \"{_query.Field}\" was indexed without positions; cannot run an exact chain");
            var termsEnum = terms.GetEnumerator();
            var steps = new StepPostings[_query.Steps.Count];
            for (int i = 0; i < steps.Length; i++)
            {
                var enums = new List<DocsAndPositionsEnum>();
                var alternatives = _query.Steps[i].Alternatives;
                for (int j = 0; j < alternatives.Count; j++)
                {
                    var state = _contexts[i][j].Get(context.Ord);
                    if (state is null) continue; // not in this segment
                    termsEnum.SeekExact(alternatives[j].Bytes, state);
                    if (termsEnum.DocsAndPositions(acceptDocs, null, DocsAndPositionsFlags.NONE) is { } e) enums.Add(e);
                }
                if (enums.Count == 0) return null; // one step can never match here
                steps[i] = new StepPostings(enums, _query.Steps[i].Offset);
            }
            return new ChainScorer(this, steps, _similarity.GetSimScorer(_stats, context), _skip?.GetScorer(context, acceptDocs));
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            if (GetScorer(context, context.AtomicReader.LiveDocs) is ChainScorer scorer && scorer.Advance(doc) == doc)
                return new Explanation(scorer.GetScore(), $"exact chain {_query}, phrase freq {scorer.Freq}");
            return new Explanation(0f, "no matching chain");
        }
    }

    /// <summary>The postings of one step: the union of its alternatives' postings, with positions read per document.</summary>
    private sealed class StepPostings
    {
        private readonly DocsAndPositionsEnum[] _enums;
        private int _read;      // positions of the single enum consumed on this document
        private int _current;   // last position read from it
        public int Offset { get; }
        public int Doc { get; private set; } = -1;
        public long Cost { get; }
        public int[] Positions = new int[16];
        public int Count;

        public StepPostings(List<DocsAndPositionsEnum> enums, int offset)
        {
            _enums = [.. enums];
            Offset = offset;
            Cost = _enums.Sum(e => e.GetCost());
        }

        /// <summary>Moves to the first document at or after <paramref name="target"/> that any alternative has.</summary>
        public int Advance(int target)
        {
            int min = DocIdSetIterator.NO_MORE_DOCS;
            foreach (var e in _enums)
            {
                int d = e.DocID;
                if (d < target) d = e.Advance(target);
                if (d < min) min = d;
            }
            _read = 0;
            _current = -1;
            return Doc = min;
        }

        /// <summary>True when the step is one term (its frequency is exact without reading positions).</summary>
        public bool IsSingleTerm => _enums.Length == 1;

        /// <summary>Occurrences on the current document (an upper bound for a union: alternatives may share a position).</summary>
        public int Frequency()
        {
            if (_enums.Length == 1) return _enums[0].Freq;
            int sum = 0;
            foreach (var e in _enums) if (e.DocID == Doc) sum += e.Freq;
            return sum;
        }

        /// <summary>Reads the sorted, distinct positions of the current document (from every alternative positioned on it).</summary>
        public void ReadAll()
        {
            Count = 0;
            bool several = false;
            foreach (var e in _enums)
            {
                if (e.DocID != Doc) continue;
                if (Count > 0) several = true;
                int freq = e.Freq;
                if (Count + freq > Positions.Length) Array.Resize(ref Positions, Math.Max(Positions.Length * 2, Count + freq));
                for (int k = 0; k < freq; k++) Positions[Count++] = e.NextPosition();
            }
            if (several)
            {
                Array.Sort(Positions, 0, Count);
                int w = 0;
                for (int r = 0; r < Count; r++)
                    if (w == 0 || Positions[r] != Positions[w - 1]) Positions[w++] = Positions[r];
                Count = w;
            }
        }

        /// <summary>Keeps the chain starts (ascending) at which this step occurs; reads a single term's positions only as far as the last start needs.</summary>
        public int Filter(int[] starts, int count)
        {
            int kept = 0;
            if (_enums.Length == 1)
            {
                var e = _enums[0];
                int freq = e.Freq;
                for (int k = 0; k < count; k++)
                {
                    int want = starts[k] + Offset;
                    while (_current < want && _read < freq) { _current = e.NextPosition(); _read++; }
                    if (_current == want) starts[kept++] = starts[k];
                    else if (_current < want) break; // positions exhausted: no later start can match
                }
                return kept;
            }
            ReadAll();
            int c = 0;
            for (int k = 0; k < count; k++)
            {
                int want = starts[k] + Offset;
                while (c < Count && Positions[c] < want) c++;
                if (c == Count) break;
                if (Positions[c] == want) starts[kept++] = starts[k];
            }
            return kept;
        }
    }

    private sealed class ChainScorer : Scorer
    {
        private readonly StepPostings[] _byCost;  // cheapest first: it leads the conjunction
        private readonly StepPostings[] _byFrequency;
        private readonly int[] _frequencies;
        private readonly Similarity.SimScorer _docScorer;
        private readonly Scorer? _skip;
        private int[] _starts = new int[16];
        private int _doc = -1;
        private int _freq;

        public ChainScorer(Weight weight, StepPostings[] steps, Similarity.SimScorer docScorer, Scorer? skip) : base(weight)
        {
            _skip = skip;
            _byCost = [.. steps.OrderBy(s => s.Cost)];
            _byFrequency = [.. steps];
            _frequencies = new int[steps.Length];
            _docScorer = docScorer;
        }

        public override int DocID => _doc;

        public override int Freq => _freq;

        public override float GetScore() => _docScorer.Score(_doc, _freq);

        public override long GetCost() => _byCost[0].Cost;

        public override int NextDoc() => Advance(_doc + 1);

        public override int Advance(int target)
        {
            if (_doc == NO_MORE_DOCS) return _doc;
            while (true)
            {
                int doc = _byCost[0].Advance(target);
                if (doc == NO_MORE_DOCS) return _doc = NO_MORE_DOCS;
                // A skipped doc is dropped before the other steps move to it (most candidates of a common word are skipped).
                if (_skip is not null)
                {
                    int s = _skip.DocID < doc ? _skip.Advance(doc) : _skip.DocID;
                    if (s == doc) { target = doc + 1; continue; }
                }
                bool aligned = true;
                for (int i = 1; i < _byCost.Length; i++)
                {
                    int d = _byCost[i].Doc < doc ? _byCost[i].Advance(doc) : _byCost[i].Doc;
                    if (d != doc)
                    {
                        if (d == NO_MORE_DOCS) return _doc = NO_MORE_DOCS;
                        target = d;
                        aligned = false;
                        break;
                    }
                }
                if (!aligned) continue;
                _freq = ChainFrequency();
                if (_freq > 0) return _doc = doc;
                target = doc + 1;
            }
        }

        /// <summary>How many times the whole chain occurs in the current document.</summary>
        /// <remarks>Candidate starts come from the step with the fewest occurrences here; each further step (rarest first)
        /// keeps the starts it confirms, so a frequent step's positions are read only while candidates remain.</remarks>
        private int ChainFrequency()
        {
            // One step of one term (a term query that skips some docs): its frequency is the answer, no positions needed.
            if (_byFrequency.Length == 1 && _byFrequency[0].IsSingleTerm) return _byFrequency[0].Frequency();
            for (int i = 0; i < _byFrequency.Length; i++) _frequencies[i] = _byFrequency[i].Frequency();
            Array.Sort(_frequencies, _byFrequency);
            var rarest = _byFrequency[0];
            rarest.ReadAll();
            if (rarest.Count > _starts.Length) Array.Resize(ref _starts, Math.Max(_starts.Length * 2, rarest.Count));
            int count = 0;
            for (int k = 0; k < rarest.Count; k++)
            {
                int start = rarest.Positions[k] - rarest.Offset;
                if (start >= 0) _starts[count++] = start;
            }
            for (int i = 1; i < _byFrequency.Length && count > 0; i++)
                count = _byFrequency[i].Filter(_starts, count);
            return count;
        }
    }
}
