using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Search.Schema;

namespace Search.Indexing;

/// <summary>An analysed text field whose tokens get extra positions at sentence and measure boundaries, so /sentence and /measure can be span queries.</summary>
/// <remarks>The token stream is created when the writer inverts the field, from the writer's own analyzer; creating it
/// earlier would clash with the analyzer's per-thread stream reuse when one batch holds many documents.</remarks>
internal sealed class GappedTextField : Field
{
    // Positions only: highlighting re-finds matches in the stored text, so postings offsets would be dead weight.
    internal static readonly FieldType PositionsOnly = Freeze(new FieldType { IsIndexed = true, IsTokenized = true, IsStored = false, IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS });

    readonly IReadOnlyList<TextBoundary> _boundaries;

    public GappedTextField(string name, string text, IReadOnlyList<TextBoundary> boundaries)
        : base(name, text, PositionsOnly) => _boundaries = boundaries;

    public override TokenStream GetTokenStream(Analyzer analyzer) =>
        new PositionGapFilter(analyzer.GetTokenStream(Name, GetStringValue()), _boundaries);

    static FieldType Freeze(FieldType t) { t.Freeze(); return t; }
}
