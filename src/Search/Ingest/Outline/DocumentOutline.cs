namespace Search.Ingest.Outline;

/// <summary>Outline stage output: headings, measures and glossary of one cleaned text.</summary>
public sealed record DocumentOutline(IReadOnlyList<Section> Sections, IReadOnlyList<Measure> Measures, IReadOnlyList<GlossaryEntry> Glossary);
