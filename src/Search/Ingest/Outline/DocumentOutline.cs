namespace Search.Ingest.Outline;

/// <summary>A stretch of the body with its role (heading, measure, glossary or other text); a measure part names its measure.</summary>
public sealed record OutlinePart(PartKind Kind, int Start, int End, string? MeasureId);

/// <summary>Outline stage output: headings, measures, glossary and the parts of one body.</summary>
public sealed record DocumentOutline(IReadOnlyList<Section> Sections, IReadOnlyList<Measure> Measures, IReadOnlyList<GlossaryEntry> Glossary, IReadOnlyList<OutlinePart> Parts);
