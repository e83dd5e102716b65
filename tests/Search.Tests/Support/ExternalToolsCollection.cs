namespace Search.Tests.Support;

/// <summary>Tests that run LibreOffice, tesseract or Chromium: run alone, after the parallel ones, so their CPU does not slow
/// timed-out CLI runs of other classes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExternalToolsCollection
{
    public const string Name = "External tools";
}
