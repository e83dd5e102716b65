using Lucene.Net.Analysis;
using Search.Analysis.SmartCn;

namespace Search.Analysis;

/// <summary>The project's analyzers by name: <c>smartcn</c> (SmartCn alone, for parity), <c>words</c> and <c>grams</c> (the index-time chains).</summary>
public static class AnalyzerCatalog
{
    public const string SmartCn = "smartcn";
    public const string Words = "words";
    public const string Grams = "grams";
    public static readonly IReadOnlyList<string> Names = [SmartCn, Words, Grams];

    /// <summary>Creates the named analyzer; an unknown name is a user error listing the valid ones.</summary>
    public static Analyzer Create(string name, SmartCnOptions? options = null) => name switch
    {
        SmartCn => new SmartCnAnalyzer(SmartCnDictionary.Load(options)),
        Words => WordsAnalyzer.Create(SmartCnDictionary.Load(options)),
        Grams => new GramsAnalyzer(),
        _ => throw new UserError($"unknown analyzer '{name}'; use one of: {string.Join(", ", Names)}"),
    };
}
