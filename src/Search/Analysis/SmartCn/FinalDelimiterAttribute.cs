using Lucene.Net.Util;

namespace Search.Analysis.SmartCn;

/// <summary>Set by <see cref="SmartCnTokenizer"/> at the end of a stream: true when the text without its final delimiter (say, a
/// sentence without its 。) would have given exactly the same words, so a caller needing both need not segment twice.</summary>
public interface IFinalDelimiterAttribute : IAttribute
{
    bool ChangesNothing { get; set; }
}

/// <summary>The implementation Lucene's attribute factory finds for <see cref="IFinalDelimiterAttribute"/> by name.</summary>
public sealed class FinalDelimiterAttribute : Lucene.Net.Util.Attribute, IFinalDelimiterAttribute
{
    public bool ChangesNothing { get; set; }

    public override void Clear() => ChangesNothing = false;

    public override void CopyTo(IAttribute target) => ((IFinalDelimiterAttribute)target).ChangesNothing = ChangesNothing;
}
