using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;
using Search.Analysis;
using Search.Schema;

namespace Search.Querying;

/// <summary>A top-level field filter of the query, kept apart so facets can be counted with and without it (drill-down).</summary>
public sealed record DrillDown(string Field, Query Filter);

/// <summary>A query ready to run: the Lucene query, its parts for faceting, and the folded strings to highlight.</summary>
public sealed record SearchPlan(Query Query, Query Match, IReadOnlyList<DrillDown> DrillDowns, IReadOnlyList<string> HighlightTerms)
{
    /// <summary><see cref="Match"/> with every drill-down except those on <paramref name="field"/>: the multi-select count for that facet.</summary>
    public Query WithDrillDownsExcept(string? field)
    {
        var query = new BooleanQuery { { Match, Occur.MUST } };
        foreach (var d in DrillDowns.Where(d => d.Field != field)) query.Add(d.Filter, Occur.MUST);
        return query;
    }
}

/// <summary>Turns a parsed query into a Lucene query over the <see cref="IndexFields"/> schema of either kind of doc.</summary>
/// <remarks>
/// <para>Terms: the words analysis (BM25 ranking) OR a grams chain of the same string (recall when the segmenter splits
/// differently), the grams clause down-weighted so words decide the rank. A term that analyses to nothing (pure punctuation)
/// is matched like a phrase.</para>
/// <para>Phrases: a grams chain (bigrams at consecutive positions, a lone CJK character as a prefix of the grams at its position, Latin/digit runs
/// whole) gives candidates; <see cref="FoldedSubstringFilter"/> keeps those whose folded text contains the folded phrase.
/// A Latin/digit run at either end of the phrase may be part of a longer run in the text (<c>olic</c> in <c>policy</c>), so
/// the first run is matched as a suffix and the last as a prefix of indexed grams terms (expanded from the term
/// dictionary; over <see cref="MaxExpansions"/> terms the position is dropped and left to verification). A phrase with no
/// grams at all (punctuation only) is verified against every doc of the kind.</para>
/// <para>Filters on metadata are constant-score: province, city, district and type match the folded value exactly or as a
/// prefix (<c>广西</c> finds 广西壮族自治区), issuer as a substring, year as an inclusive range of 4-digit terms.</para>
/// </remarks>
public sealed class LuceneQueryBuilder
{
    /// <summary>Boost of a verified phrase over a plain term.</summary>
    public const float PhraseBoost = 2f;

    /// <summary>Boost of the optional title clause added for each positive term or phrase.</summary>
    public const float TitleBoost = 1.5f;

    /// <summary>Weight of the grams clause of a term relative to its words clause.</summary>
    public const float GramsWeight = 0.2f;

    /// <summary>Most dictionary terms an edge Latin run of a phrase expands to before that position is left to verification.</summary>
    public const int MaxExpansions = 4096;

    private static readonly TextFields MeasureTextSide = new(IndexFields.Text, IndexFields.TextGrams, IndexFields.TextFolded, IndexFields.Text);
    private static readonly TextFields DocumentTextSide = new(IndexFields.DocText, IndexFields.DocTextGrams, IndexFields.TextFolded, IndexFields.Text);
    private static readonly TextFields DocumentTitleSide = new(IndexFields.Title, IndexFields.TitleGrams, null, IndexFields.Title);
    private static readonly TextFields MeasureTitleSide = new(IndexFields.MeasureTitle, IndexFields.MeasureTitleGrams, null, IndexFields.Title);

    private readonly Analyzer _words;
    private readonly Analyzer _grams;
    private readonly Func<string, string> _fold;

    public LuceneQueryBuilder(Analyzer words, Analyzer grams, Func<string, string> fold)
    {
        _words = words;
        _grams = grams;
        _fold = fold;
    }

    /// <summary>Builds the plan for docs of <paramref name="kind"/>; <paramref name="reader"/> supplies the term dictionary for edge expansion.</summary>
    public SearchPlan Build(QueryNode query, IndexReader reader, string kind = IndexFields.KindMeasure) =>
        Build(query, reader, kind, new TermLookup(reader.Context), ranksBlocks: false);

    private SearchPlan Build(QueryNode query, IndexReader reader, string kind, TermLookup lookup, bool ranksBlocks)
    {
        var run = new Run(this, reader, onMeasures: kind == IndexFields.KindMeasure, lookup, ranksBlocks);
        // Filters take no part in proximity, so those of a query-wide /sentence or /measure are drill-downs too.
        var proximity = query as ProximityNode;
        var items = query switch
        {
            AndNode and => and.Clauses,
            ProximityNode { Inner: AndNode inner } => inner.Clauses,
            _ => [query],
        };
        var drillDowns = new List<DrillDown>();
        var rest = new List<QueryNode>();
        foreach (var item in items)
        {
            if (item is YearRangeNode or FieldFilterNode { Field: not FilterField.Title })
                drillDowns.Add(new DrillDown(FilterFieldName(item), run.Node(item, negated: false)));
            else rest.Add(item);
        }
        if (proximity is not null && rest.Count > 0 && drillDowns.Count > 0)
            rest = [new ProximityNode(rest.Count == 1 ? rest[0] : new AndNode(rest), proximity.Scope) { Position = proximity.Position }];
        else if (proximity is not null && drillDowns.Count == 0)
            rest = [query];

        var text = rest.Count == 0 ? null : rest.Count == 1 ? run.Node(rest[0], negated: false) : run.And(rest, negated: false);
        var match = new BooleanQuery();
        // The analysed text fields of each kind exist only on docs of that kind, so a query that needs a match in them is
        // already limited to it; the kind clause would only add a walk over a posting list spanning the whole index.
        // (A phrase with no grams at all is checked against text_folded, which both kinds carry: it keeps the clause.)
        if (!rest.Any(NeedsText) || run.ScansFoldedText)
            match.Add(ConstantScore(run.TermQuery(new Term(IndexFields.Kind, kind))), Occur.MUST);
        if (text is not null) match.Add(text, Occur.MUST);
        foreach (var boost in run.TitleBoosts) match.Add(boost, Occur.SHOULD);

        var full = new BooleanQuery { { match, Occur.MUST } };
        // The measures of a page's documents carry their documents' metadata, which met the filters already: filtering them
        // again would cost a metadata postings walk per segment for nothing.
        if (!ranksBlocks)
            foreach (var d in drillDowns) full.Add(d.Filter, Occur.MUST);
        var highlights = run.Highlights.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new SearchPlan(full, match, drillDowns, highlights);
    }

    /// <summary>Ranks the measures of one policy document for display: those meeting the whole query first, then those with any positive term or phrase.</summary>
    /// <remarks>A document can match with its terms spread over several measures, so "best measures" cannot mean "measures matching
    /// the query"; exclusions need no handling here because a document containing an excluded term is not a hit at all.</remarks>
    public Query BuildMeasureRanking(QueryNode query, IndexReader reader, string docId) => BuildMeasureRanking(query, reader, [docId]);

    /// <summary>The measure ranking for several documents at once (one search for a whole result page).</summary>
    public Query BuildMeasureRanking(QueryNode query, IndexReader reader, IReadOnlyCollection<string> docIds)
    {
        var documents = new BooleanQuery();
        foreach (var docId in docIds) documents.Add(new TermQuery(new Term(IndexFields.DocId, docId)), Occur.SHOULD);
        return MeasureRanking(query, reader, documents);
    }

    /// <summary>The measure ranking over all measure docs; the caller limits it to the measures it wants (by doc id ranges).</summary>
    public Query BuildMeasureRanking(QueryNode query, IndexReader reader) => MeasureRanking(query, reader, documents: null);

    private Query MeasureRanking(QueryNode query, IndexReader reader, Query? documents)
    {
        var lookup = new TermLookup(reader.Context);
        var full = Build(query, reader, IndexFields.KindMeasure, lookup, ranksBlocks: true).Query;
        full.Boost = 10f;
        var run = new Run(this, reader, onMeasures: true, lookup, ranksBlocks: true);
        var any = new BooleanQuery { { full, Occur.SHOULD } };
        foreach (var leaf in PositiveLeaves(query)) any.Add(run.Node(leaf, negated: false), Occur.SHOULD);
        var ranking = new BooleanQuery
        {
            { ConstantScore(run.TermQuery(new Term(IndexFields.Kind, IndexFields.KindMeasure))), Occur.MUST },
            { any, Occur.MUST },
        };
        if (documents is not null) ranking.Add(ConstantScore(documents), Occur.MUST);
        return ranking;
    }

    /// <summary>True when every doc the node matches has a match in a text field (<c>text*</c> or <c>doc_text*</c>, not titles).</summary>
    internal static bool NeedsText(QueryNode node) => node switch
    {
        TermNode or PhraseNode => true,
        AndNode a => a.Clauses.Any(c => c is not NotNode && NeedsText(c)),
        OrNode o => o.Clauses.Count > 0 && o.Clauses.All(NeedsText),
        GroupNode g => NeedsText(g.Inner),
        ProximityNode x => NeedsText(x.Inner),
        _ => false,
    };

    private static IEnumerable<QueryNode> PositiveLeaves(QueryNode node) => QueryTree.Leaves(node, throughNot: false).Select(l => l.Leaf);

    private static string FilterFieldName(QueryNode node) => node switch
    {
        YearRangeNode => IndexFields.Year,
        FieldFilterNode f => FieldName(f.Field),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string FieldName(FilterField field) => field switch
    {
        FilterField.Province => IndexFields.Province,
        FilterField.City => IndexFields.City,
        FilterField.District => IndexFields.District,
        FilterField.Type => IndexFields.Type,
        FilterField.Issuer => IndexFields.Issuer,
        _ => IndexFields.Title,
    };

    private static Query ConstantScore(Query q) => new ConstantScoreQuery(q) { Boost = 0f };

    private static Query MatchNothing() => new BooleanQuery();

    private sealed record TextFields(string Words, string Grams, string? StoredFolded, string StoredRaw);

    private readonly record struct Token(string Term, int Position, int Start, int End);

    /// <summary>One position of a grams chain: the terms any of which must sit there (one unless expanded).</summary>
    private sealed record ChainStep(int Position, Term[] Alternatives);

    /// <summary>A grams chain; <see cref="Nothing"/> when an edge run has no expansion in the index, so nothing can match.</summary>
    /// <param name="Prefix">The chain is one lone CJK character, matched as the prefix of any gram (the index keeps a unigram only
    /// where a run ends; inside a run the character's position holds the bigram it starts).</param>
    /// <param name="Partial">A lone character inside the string had too many grams to list, so its position is not checked: the
    /// chain can over-match and its matches need verifying against the text.</param>
    private sealed record Chain(IReadOnlyList<ChainStep> Steps, bool Nothing, bool Prefix = false, bool Partial = false)
    {
        public Query ToQuery(TermLookup lookup, Query? skipWhere = null)
        {
            if (Nothing) return MatchNothing();
            if (Prefix) return new PrefixQuery(Steps[0].Alternatives[0]);
            if (skipWhere is null && Steps.Count == 1 && Steps[0].Alternatives.Length == 1)
                return new TermQuery(Steps[0].Alternatives[0], lookup.Context(Steps[0].Alternatives[0]));
            return new ExactChainQuery(Steps[0].Alternatives[0].Field, Steps.Select(s => new ChainPosition(s.Position, s.Alternatives)).ToList(), skipWhere) { Lookup = lookup };
        }

        public SpanQuery? ToSpan()
        {
            if (Nothing || Steps.Count == 0) return null;
            if (Prefix) return new SpanMultiTermQueryWrapper<PrefixQuery>(new PrefixQuery(Steps[0].Alternatives[0]));
            var spans = Steps.Select(s => s.Alternatives.Length == 1
                ? (SpanQuery)new SpanTermQuery(s.Alternatives[0])
                : new SpanOrQuery(s.Alternatives.Select(t => (SpanQuery)new SpanTermQuery(t)).ToArray())).ToArray();
            if (spans.Length == 1) return spans[0];
            // Dropped or stop-worded positions leave holes; the slop lets the chain step over exactly those.
            var holes = Steps[^1].Position - Steps[0].Position - (Steps.Count - 1);
            return new SpanNearQuery(spans, holes, true);
        }
    }

    /// <summary>State of one build: the reader for expansions and what the query contributes to titles and highlights.</summary>
    /// <param name="ranksBlocks">The query ranks the measures of a few documents (leap-frogging a filter of their blocks):
    /// a term's grams chain then does not skip the docs its words matched. Same matches; the skip pays off when a chain
    /// runs over a whole segment, but inside a block it made the chain search on, past the block, for a doc that matches
    /// by grams alone.</param>
    private sealed class Run(LuceneQueryBuilder builder, IndexReader reader, bool onMeasures, TermLookup lookup, bool ranksBlocks = false)
    {
        /// <summary>A term query whose per-segment states come from this build's shared lookup.</summary>
        public TermQuery TermQuery(Term term) => new(term, lookup.Context(term));

        private readonly TextFields TextSide = onMeasures ? MeasureTextSide : DocumentTextSide;
        private readonly TextFields TitleSide = onMeasures ? MeasureTitleSide : DocumentTitleSide;

        public List<Query> TitleBoosts { get; } = [];
        public List<string> Highlights { get; } = [];

        /// <summary>Set when a phrase had no grams to look up and matches by scanning every doc's folded text.</summary>
        public bool ScansFoldedText { get; private set; }

        public Query Node(QueryNode node, bool negated) => node switch
        {
            TermNode t => Term(t.Text, TextSide, negated, title: true),
            PhraseNode p => Phrase(p.Text, TextSide, negated, title: true),
            AndNode a => And(a.Clauses, negated),
            OrNode o => Or(o.Clauses, negated),
            NotNode n => new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { Node(n.Operand, !negated), Occur.MUST_NOT } },
            GroupNode g => Node(g.Inner, negated),
            ProximityNode x => Proximity(x, negated),
            YearRangeNode y => ConstantScore(y.From == y.To
                ? new TermQuery(new Term(MetadataField(IndexFields.Year), Year(y.From)))
                : TermRangeQuery.NewStringRange(MetadataField(IndexFields.Year), Year(y.From), Year(y.To), true, true)),
            FieldFilterNode { Field: FilterField.Title } f => f.Quoted
                ? Phrase(f.Value, TitleSide, negated, title: false)
                : Term(f.Value, TitleSide, negated, title: false),
            FieldFilterNode f => ConstantScore(Metadata(f)),
            _ => MatchNothing(),
        };

        public Query And(IReadOnlyList<QueryNode> clauses, bool negated)
        {
            var query = new BooleanQuery();
            var positive = 0;
            foreach (var c in clauses)
            {
                if (c is NotNode n) query.Add(Node(n.Operand, !negated), Occur.MUST_NOT);
                else
                {
                    query.Add(Node(c, negated), Occur.MUST);
                    positive++;
                }
            }
            // A clause list of exclusions only means "everything except": Lucene needs the "everything" spelled out.
            if (positive == 0) query.Add(new MatchAllDocsQuery(), Occur.MUST);
            return query;
        }

        private Query Or(IReadOnlyList<QueryNode> clauses, bool negated)
        {
            var query = new BooleanQuery();
            foreach (var c in clauses) query.Add(Node(c, negated), Occur.SHOULD);
            return query;
        }

        private Query Proximity(ProximityNode node, bool negated)
        {
            var inner = Node(node.Inner, negated);
            // On a measure doc "within one measure" is already true: /measure is a plain AND there.
            if (onMeasures && node.Scope == ProximityScope.Measure) return inner;
            var slop = (node.Scope == ProximityScope.Sentence ? IndexFields.SentenceGap : IndexFields.MeasureGap) - 1;
            if (Span(node.Inner, slop) is not SpanNearQuery near) return inner;
            return new BooleanQuery { { inner, Occur.MUST }, { near, Occur.MUST } };
        }

        /// <summary>The positive terms of <paramref name="node"/> as one span on <c>text_grams</c>; null when it has none that spans can express.</summary>
        private SpanQuery? Span(QueryNode node, int slop)
        {
            switch (node)
            {
                case TermNode t: return Chain(builder._fold(t.Text), TextSide.Grams, openEdges: false)?.ToSpan();
                case PhraseNode p: return Chain(builder._fold(p.Text), TextSide.Grams, openEdges: true)?.ToSpan();
                case GroupNode g: return Span(g.Inner, slop);
                case ProximityNode x:
                    return Span(x.Inner, (x.Scope == ProximityScope.Sentence ? IndexFields.SentenceGap : IndexFields.MeasureGap) - 1);
                case AndNode a:
                    var parts = a.Clauses.Select(c => Span(c, slop)).OfType<SpanQuery>().ToArray();
                    return parts.Length switch { 0 => null, 1 => parts[0], _ => new SpanNearQuery(parts, slop, false) };
                case OrNode o:
                    var alternatives = o.Clauses.Select(c => Span(c, slop)).ToArray();
                    // A branch spans cannot express (a filter) could satisfy the OR anywhere, so the OR puts no constraint on proximity.
                    return alternatives.Any(s => s is null) ? null : new SpanOrQuery(alternatives!);
                default: return null;
            }
        }

        private Query Term(string raw, TextFields side, bool negated, bool title)
        {
            var folded = builder._fold(raw);
            var words = builder.Analyze(builder._words, side.Words, folded);
            var chain = Chain(folded, side.Grams, openEdges: false);
            if (words.Count == 0 && chain is null) return Phrase(raw, side, negated, title);
            if (!negated && side == TextSide) Highlights.Add(folded);
            if ((words.Count > 1 || folded.Length == 2) && chain is { Nothing: false } && IsExactHanChain(folded, chain))
                return HanRunTerm(folded, chain, side, negated, title);
            var query = new BooleanQuery();
            var wordsQuery = words.Count > 0 ? WordsQuery(words, side.Words) : null;
            if (wordsQuery is not null) query.Add(wordsQuery, Occur.SHOULD);
            if (chain is not null)
            {
                // The grams chain adds recall where the segmenter split differently; where the words match it adds nothing to the
                // match set, so it reads no positions there (most docs of a common term).
                var grams = chain.ToQuery(lookup, skipWhere: ranksBlocks ? null : wordsQuery);
                if (chain.Partial)
                    grams = new FilteredQuery(grams, new FoldedSubstringFilter(folded, side.StoredFolded, side.StoredRaw, builder._fold, trustExactChains: false),
                        FilteredQuery.QUERY_FIRST_FILTER_STRATEGY);
                grams.Boost = GramsWeight;
                query.Add(grams, Occur.SHOULD);
            }
            if (title && !negated && words.Count > 0)
            {
                var boost = WordsQuery(words, TitleSide.Words);
                boost.Boost = TitleBoost;
                TitleBoosts.Add(boost);
            }
            return query;
        }

        /// <summary>A term of Han characters that the segmenter splits into several words, or of two characters: matched and scored
        /// by its grams chain alone (for two characters, one bigram term without positions).</summary>
        /// <remarks>Every document whose words chain matches also holds the characters as one run (ingestion removes the spaces
        /// between ideographs, and a gap the segmenter leaves breaks the words chain too), so the words chain adds no recall; its
        /// positions are those of very frequent words (控辍保学 is 控·辍·保·学, 劳动教育 is 劳动·教育) and reading them was most of such
        /// a query's time. A two-character word is one bigram wherever it occurs, so its words term adds nothing either and only
        /// doubled the work of the commonest terms (教育, 教师, 安全). Ranking barely moves: both count the same occurrences over a
        /// length norm of the same text.</remarks>
        private Query HanRunTerm(string folded, Chain chain, TextFields side, bool negated, bool title)
        {
            var query = chain.ToQuery(lookup);
            if (title && !negated && Chain(folded, TitleSide.Grams, openEdges: false) is { Nothing: false } t)
            {
                var boost = t.ToQuery(lookup);
                boost.Boost = TitleBoost;
                TitleBoosts.Add(boost);
            }
            return query;
        }

        private Query Phrase(string raw, TextFields side, bool negated, bool title)
        {
            var folded = builder._fold(raw);
            if (!negated && side == TextSide) Highlights.Add(folded);
            var chain = Chain(folded, side.Grams, openEdges: true);
            if (chain is { Nothing: true }) return MatchNothing();
            if (chain is null) ScansFoldedText = true;
            var candidates = chain?.ToQuery(lookup) ?? new MatchAllDocsQuery();
            var filter = new FoldedSubstringFilter(folded, side.StoredFolded, side.StoredRaw, builder._fold,
                trustExactChains: side.StoredFolded is not null && chain is not null && IsExactHanChain(folded, chain));
            var query = new FilteredQuery(candidates, filter, FilteredQuery.QUERY_FIRST_FILTER_STRATEGY) { Boost = PhraseBoost };
            if (title && !negated && Chain(folded, TitleSide.Grams, openEdges: false) is { Nothing: false } t)
            {
                var boost = t.ToQuery(lookup);
                boost.Boost = TitleBoost;
                TitleBoosts.Add(boost);
            }
            return query;
        }

        private Query WordsQuery(IReadOnlyList<Token> words, string field)
        {
            if (words.Count == 1) return TermQuery(new Term(field, words[0].Term));
            if (words.Select(w => w.Position).Distinct().Count() == words.Count)
                return new ExactChainQuery(field, words.Select(w => new ChainPosition(w.Position - words[0].Position, [new Term(field, w.Term)])).ToList()) { Lookup = lookup };
            // Two words at one position must both be there (PhraseQuery's AND), which a chain step's alternatives cannot say.
            var phrase = new PhraseQuery();
            foreach (var w in words) phrase.Add(new Term(field, w.Term), w.Position - words[0].Position);
            return phrase;
        }

        /// <summary>Where a metadata filter looks on this run's kind of doc (see <see cref="IndexFields.OnMeasures"/>).</summary>
        private string MetadataField(string field) => onMeasures ? IndexFields.OnMeasures(field) : field;

        private Query Metadata(FieldFilterNode f)
        {
            var field = MetadataField(FieldName(f.Field));
            var value = builder._fold(f.Value).Trim();
            if (f.Field == FilterField.Issuer)
            {
                var contains = BasicOperations.Concatenate(new List<Automaton>
                    { BasicAutomata.MakeAnyString(), BasicAutomata.MakeString(value), BasicAutomata.MakeAnyString() });
                return new AutomatonQuery(new Term(field, value), contains);
            }
            return new PrefixQuery(new Term(field, value));
        }

        /// <summary>The grams chain of a folded string, or null when the grams analyzer yields no token.</summary>
        private Chain? Chain(string folded, string field, bool openEdges)
        {
            var tokens = builder.Analyze(builder._grams, field, folded);
            if (tokens.Count == 0) return null;
            if (CheapestHanCover(folded, tokens, field) is { } cover) return cover;
            // Where a unigram and a bigram share a position, the bigram is the stronger constraint.
            var reps = tokens.GroupBy(t => t.Position)
                .Select(g => g.OrderByDescending(t => t.End - t.Start).First())
                .OrderBy(t => t.Position).ToList();
            // A gram inside the last one kept (学 after 保学, 树人 after 立德树人) adds nothing that gram does not already require,
            // but it would turn a term into a positional phrase: drop it.
            var kept = new List<Token>(reps.Count);
            foreach (var t in reps)
                if (kept.Count == 0 || !(kept[^1].Start <= t.Start && t.End <= kept[^1].End)) kept.Add(t);
            reps = kept;
            var first = reps[0].Position;
            var (leading, trailing) = openEdges ? EdgeZones(reps) : (0, 0);
            var steps = new List<ChainStep>();
            var partial = false;
            for (var i = 0; i < reps.Count; i++)
            {
                var rep = reps[i];
                var inLeading = i < leading;
                var inTrailing = i >= reps.Count - trailing;
                if (!inLeading && !inTrailing)
                {
                    if (!HanScript.IsLoneCjk(rep.Term) || IndexFields.KeepsInteriorUnigrams(field))
                    {
                        steps.Add(new ChainStep(rep.Position - first, [new Term(field, rep.Term)]));
                        continue;
                    }
                    // A character with no neighbour in the query may sit inside a run in the text, where its position holds
                    // the gram it starts rather than a unigram.
                    if (reps.Count == 1) return new Chain([new ChainStep(0, [new Term(field, rep.Term)])], Nothing: false, Prefix: true);
                    var grams = Expand(field, rep.Term, leftOpen: false, rightOpen: true);
                    if (grams is null)
                    {
                        partial = true; // thousands of grams start with it: the position is left to verification
                        continue;
                    }
                    if (grams.Length == 0) return new Chain([], Nothing: true);
                    steps.Add(new ChainStep(rep.Position - first, grams));
                    continue;
                }
                // A zone of one Latin/digit run is the tail, head or middle of one indexed term: expand it. A zone that
                // spans several positions (a kana or Hangul run, which the tokenizer may glue to neighbours outside the
                // substring) has no reliable positions: leave it to verification.
                var zoneIsSingle = (inLeading ? leading : 0) <= 1 && (inTrailing ? trailing : 0) <= 1
                    && !(inLeading && inTrailing && reps.Count > 1);
                if (!zoneIsSingle || HanScript.HasKanaOrHangul(rep.Term)) continue;
                var expanded = Expand(field, rep.Term, leftOpen: inLeading, rightOpen: inTrailing);
                if (expanded is null) continue;
                if (expanded.Length == 0) return new Chain([], Nothing: true);
                steps.Add(new ChainStep(rep.Position - first, expanded));
            }
            if (steps.Count == 0) return null;
            var shift = steps[0].Position;
            return new Chain(steps.Select(s => s with { Position = s.Position - shift }).ToList(), Nothing: false, Partial: partial);
        }

        /// <summary>For a string of Han characters, the chain of its grams (bigrams, trigrams, common phrases) that covers it, each
        /// gram overlapping the next, and reads the fewest postings; null for anything else (the general chain then applies).</summary>
        /// <remarks>Several grams start at most characters (教育, 教育优, 教育优质), and the longest at each position is not the cheapest
        /// chain: 义务教育优质均衡 would step on five phrases where three cover it. A step costs about its postings: the documents it
        /// leap-frogs and the positions it reads there, so a gram's cost is its document frequency plus its total term frequency.
        /// A listed phrase alone is one step, a term without positions.</remarks>
        private Chain? CheapestHanCover(string folded, IReadOnlyList<Token> tokens, string field)
        {
            if (folded.Length < 2 || !folded.All(HanScript.IsBmpIdeograph)) return null;
            var grams = tokens.Where(t => t.End - t.Start >= 2 && t.End - t.Start == t.Term.Length && t.Position == t.Start)
                .OrderBy(t => t.Start).ThenBy(t => t.End).ToList();
            if (grams.Count == 0 || grams[0].Start != 0) return null;
            var cost = new double[grams.Count];
            var steps = new int[grams.Count];
            var previous = new int[grams.Count];
            for (int i = 0; i < grams.Count; i++)
            {
                var context = lookup.Context(new Term(field, grams[i].Term));
                double own = context.DocFreq + Math.Max(0, context.TotalTermFreq);
                cost[i] = double.PositiveInfinity;
                previous[i] = -1;
                if (grams[i].Start == 0) (cost[i], steps[i]) = (own, 1);
                // Grams are at most eight characters long (two listed phrases), so only the last few starts can overlap this one.
                for (int j = i - 1; j >= 0 && grams[j].Start > grams[i].Start - 8; j--)
                {
                    // j then i: i starts inside j (one shared character at least) and reaches further.
                    if (double.IsPositiveInfinity(cost[j]) || grams[i].Start <= grams[j].Start || grams[i].Start >= grams[j].End || grams[i].End <= grams[j].End) continue;
                    double total = cost[j] + own;
                    if (total < cost[i] || (total == cost[i] && steps[j] + 1 < steps[i]))
                        (cost[i], steps[i], previous[i]) = (total, steps[j] + 1, j);
                }
            }
            int best = -1;
            for (int i = 0; i < grams.Count; i++)
                if (grams[i].End == folded.Length && !double.IsPositiveInfinity(cost[i])
                    && (best < 0 || cost[i] < cost[best] || (cost[i] == cost[best] && steps[i] < steps[best])))
                    best = i;
            if (best < 0) return null;
            var chain = new List<ChainStep>();
            for (int i = best; i >= 0; i = previous[i]) chain.Add(new ChainStep(grams[i].Start, [new Term(field, grams[i].Term)]));
            chain.Reverse();
            return new Chain(chain, Nothing: false);
        }

        /// <summary>Indexed terms of <paramref name="field"/> that end with / start with / contain <paramref name="term"/>; null when there are too many to list.</summary>
        private Term[]? Expand(string field, string term, bool leftOpen, bool rightOpen)
        {
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null) return [];
            var parts = new List<Automaton>();
            if (leftOpen) parts.Add(BasicAutomata.MakeAnyString());
            parts.Add(BasicAutomata.MakeString(term));
            if (rightOpen) parts.Add(BasicAutomata.MakeAnyString());
            var compiled = new CompiledAutomaton(BasicOperations.Concatenate(parts));
            var result = new List<Term>();
            var e = compiled.GetTermsEnum(terms);
            while (e.MoveNext())
            {
                if (result.Count == MaxExpansions) return null;
                result.Add(new Term(field, BytesRef.DeepCopyOf(e.Term)));
            }
            return result.ToArray();
        }
    }

    /// <summary>True when <paramref name="chain"/> is consecutive Han n-grams of <paramref name="folded"/> (bigrams, the trigrams
    /// indexed around common bigrams, the common four-character phrases, or two of them adjacent) at their character offsets, each overlapping the next by at least one character and
    /// together covering the string (or its one unigram), every step one term: a match then means the folded text holds the
    /// string, on docs where folding expanded nothing into ideographs.</summary>
    /// <remarks>An n-gram exists only over touching ideographs, and the unigram that closes a run takes a position of its own, so
    /// n-grams at these positions cannot straddle punctuation or a run break; the one-character overlaps chain them into one run.</remarks>
    private static bool IsExactHanChain(string folded, Chain chain)
    {
        if (chain.Nothing || folded.Length == 0 || !folded.All(HanScript.IsBmpIdeograph)) return false;
        if (folded.Length == 1)
            return chain.Steps.Count == 1 && chain.Steps[0].Alternatives is [var only] && only.Text == folded;
        int covered = 0; // characters [0, covered) are proven one run
        for (int i = 0; i < chain.Steps.Count; i++)
        {
            var step = chain.Steps[i];
            if (step.Alternatives is not [var t] || t.Text.Length is not (2 or 3 or 4 or 8)) return false;
            int at = step.Position, end = at + t.Text.Length;
            if (end > folded.Length || string.CompareOrdinal(folded, at, t.Text, 0, t.Text.Length) != 0) return false;
            if (i == 0 ? at != 0 : at >= covered || at <= chain.Steps[i - 1].Position) return false;
            covered = Math.Max(covered, end);
        }
        return covered == folded.Length;
    }

    /// <summary>True when every character is a Han ideograph of the basic block or Extension A (one char, one gram character).</summary>

    private static string Year(int year) => year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>How many representatives at the start and at the end of a phrase's chain may be cut-off pieces of longer tokens.</summary>
    /// <remarks>Han characters are tokens of their own whatever surrounds them, so a Han-only gram means the same wherever the
    /// substring sits. Anything else at an edge may continue beyond the substring (<c>olic</c> in <c>policy</c>, <c>5</c> in
    /// <c>3.5</c>), and so may the tokens glued to it without a separator; the zone ends at the first Han-only token or gap.</remarks>
    private static (int Leading, int Trailing) EdgeZones(IReadOnlyList<Token> reps)
    {
        var leading = 0;
        while (leading < reps.Count && !HanScript.IsHanOnly(reps[leading].Term)
               && (leading == 0 || reps[leading].Start <= reps[leading - 1].End)) leading++;
        var trailing = 0;
        while (trailing < reps.Count && !HanScript.IsHanOnly(reps[^(trailing + 1)].Term)
               && (trailing == 0 || reps[^(trailing + 1)].End >= reps[^trailing].Start)) trailing++;
        return (leading, trailing);
    }

    private List<Token> Analyze(Analyzer analyzer, string field, string text)
    {
        var result = new List<Token>();
        // The index puts a gap between sentences; the query string gets the same gaps so relative positions agree.
        using var stream = new PositionGapFilter(analyzer.GetTokenStream(field, text), SentenceBoundaries.Find(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            result.Add(new Token(term.ToString(), Math.Max(position, 0), offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return result;
    }
}
