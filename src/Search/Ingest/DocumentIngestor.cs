using System.Security.Cryptography;
using System.Text;
using Search.Ingest.Cleaning;
using Search.Ingest.Describing;
using Search.Ingest.Outline;
using Search.Ingest.Parts;
using Search.Ingest.Reading;

namespace Search.Ingest;

/// <summary>The Ingest pipeline: Read → Clean → Parts → Outline → Describe, per file or over a corpus folder.</summary>
public sealed class DocumentIngestor(ReadLimits? limits = null)
{
    readonly DocumentReader _reader = new(limits);
    readonly TextCleaner _cleaner = new();
    readonly PartFinder _parts = new();
    readonly Outliner _outliner = new();
    readonly Describer _describer = new();

    /// <summary>Ingests one file; an unreadable file throws <see cref="UnreadableDocumentError"/> naming it.</summary>
    public PolicyDocument Ingest(string path, string corpusRoot) =>
        Ingest(path, corpusRoot, MetadataOverride.Table(corpusRoot));

    /// <summary>Ingests one file with the corpus's override table already read (<see cref="MetadataOverride.Table"/>).</summary>
    public PolicyDocument Ingest(string path, string corpusRoot, IReadOnlyDictionary<string, MetadataOverride> table)
    {
        var source = SourceOf(path, corpusRoot);
        SourceText text;
        try
        {
            text = _reader.Read(path);
        }
        catch (UnreadableDocumentError e)
        {
            throw new UnreadableDocumentError($"{source}: {e.Message}", e);
        }
        var document = FromSource(text, source);
        var overrides = MetadataOverride.Sidecar(path) ?? table.GetValueOrDefault(source);
        if (overrides is null)
            return document;
        var (title, metadata) = overrides.ApplyTo(document.Title, document.Metadata);
        return document with { Title = title, Metadata = metadata };
    }

    /// <summary>Clean → Parts → Outline → Describe on text already read; <paramref name="source"/> gives the id.</summary>
    public PolicyDocument FromText(string text, string source) => Trace(text, source).Document;

    /// <summary>Clean → Parts → Outline → Describe on what a reader returned: the format, the pages read by OCR, the reader's
    /// notes and the lines it left out (running headers, page numbers) are kept with the document.</summary>
    public PolicyDocument FromSource(SourceText text, string source)
    {
        var document = FromText(text.Text, source);
        var dropped = text.Dropped.Select(d => new RemovedBlock(d.Reason, d.Text, -1, -1) { Page = d.Page });
        return document with
        {
            Metadata = document.Metadata with
            {
                Format = text.Format,
                OcrPages = text.Pages.Where(p => p.Ocr).Select(p => p.Number).ToList(),
                ReadNotes = text.Notes,
            },
            Removed = [.. document.Removed, .. dropped],
        };
    }

    /// <summary><see cref="FromText"/> with the layout it was built from, which maps the clean text back to the text as
    /// read (what conservation is checked against).</summary>
    internal (PolicyDocument Document, DocumentLayout Layout) Trace(string text, string source)
    {
        var id = DocumentId(source);
        var layout = _parts.Find(_cleaner.Clean(text));
        var outline = _outliner.Outline(layout.Text, id, BodyOf(layout));
        var description = _describer.Describe(layout);
        var document = new PolicyDocument(id, source, description.Title, description.Metadata, outline.Sections, outline.Measures, outline.Glossary, layout.Removed, layout.Text)
        {
            Parts = PartsOf(layout, outline),
            Tables = layout.Tables,
        };
        return (document, layout);
    }

    /// <summary>The main document's body paragraphs, with the tables and other parts inside it marked as not text.</summary>
    static List<(int Start, int End, bool Text)> BodyOf(DocumentLayout layout)
    {
        var body = new List<(int, int, bool)>();
        int first = -1, last = -1;
        for (int i = 0; i < layout.Paragraphs.Count; i++)
            if (layout.Paragraphs[i].Body)
            {
                if (first < 0) first = i;
                last = i;
            }
        for (int i = first; i >= 0 && i <= last; i++)
        {
            var p = layout.Paragraphs[i];
            body.Add((p.Start, p.End, p.Body));
        }
        return body;
    }

    /// <summary>The layout's parts with the body replaced by the outline's headings, measures, glossary and text.</summary>
    static List<DocumentPart> PartsOf(DocumentLayout layout, DocumentOutline outline)
    {
        var parts = layout.Paragraphs.Where(p => !p.Body).Select(p => new DocumentPart(p.Kind, p.Zone, p.Start, p.End, p.Attachment)).ToList();
        parts.AddRange(outline.Parts.Select(p => new DocumentPart(p.Kind, PartZone.Main, p.Start, p.End, 0, p.MeasureId)));
        parts.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        return parts;
    }

    /// <summary>Every file of the corpus folder (recursively, in ordinal path order), each as a document or an error; one bad file never stops the run.</summary>
    public IEnumerable<IngestOutcome> IngestCorpus(string corpusRoot)
    {
        if (!Directory.Exists(corpusRoot))
            throw new UserError($"corpus folder not found: {corpusRoot}");
        var table = MetadataOverride.Table(corpusRoot);
        foreach (var (path, source) in CorpusFiles(corpusRoot))
        {
            IngestOutcome outcome;
            try
            {
                outcome = new IngestOutcome(source, Ingest(path, corpusRoot, table), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong with this file, the rest of the corpus still gets ingested.
                var message = e switch
                {
                    UnreadableDocumentError => e.Message,
                    UserError or IOException or UnauthorizedAccessException => $"{source}: {e.Message}",
                    _ => $"{source}: internal error: {e.GetType().Name}: {e.Message}",
                };
                outcome = new IngestOutcome(source, null, new IngestError(source, message));
            }
            yield return outcome;
        }
    }

    /// <summary>The corpus's document files (no sidecars, no metadata.csv, no hidden files) in ordinal order of their source path.</summary>
    public static IReadOnlyList<(string Path, string Source)> CorpusFiles(string corpusRoot) =>
        Directory.EnumerateFiles(corpusRoot, "*", SearchOption.AllDirectories)
            .Where(f => !IsCompanion(f) && !Path.GetFileName(f).StartsWith('.'))
            .Select(f => (Path: f, Source: SourceOf(f, corpusRoot)))
            .OrderBy(f => f.Source, StringComparer.Ordinal)
            .ToList();

    /// <summary>Sidecar metadata files that belong to a document rather than being one.</summary>
    public static bool IsCompanion(string path) =>
        path.EndsWith(".meta.json", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(path).Equals("metadata.csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path relative to the corpus folder with '/' separators; a file outside it is known by its name.</summary>
    public static string SourceOf(string path, string corpusRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(corpusRoot), Path.GetFullPath(path));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            relative = Path.GetFileName(path);
        return relative.Replace('\\', '/');
    }

    /// <summary>A stable, URL-safe id: the first 16 hex digits of SHA-256 of the source path.</summary>
    public static string DocumentId(string source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
}
