using System.Text.RegularExpressions;

namespace Search.Ingest.Grammar;

/// <summary>The document a forwarding notice's title names: "关于印发《X》的通知", "关于批转区文化局《X》的通知" (a body between
/// the verb and X), "关于印发X的通知" (no marks) → X. Matching runs on a <see cref="TextProbe"/> without spaces.</summary>
public static partial class ForwardingTitle
{
    [GeneratedRegex(@"(?:关于)?(?:印发|转发|批转|下发|发布|公布)[^《》]{0,20}《([^》]+)》[^《》]{0,6}的?通知$|(?:关于)?(?:印发|转发|批转|下发|发布|公布)([^《》]+?)的通知$")]
    private static partial Regex Pattern();

    /// <summary>X and whether the title prints it in 《》, or null when the title does not forward a document.</summary>
    public static (string Name, bool Marked)? Enclosed(string compact) =>
        Pattern().Match(compact) is { Success: true, Groups: var g } ? g[1].Success ? (g[1].Value, true) : (g[2].Value, false) : null;
}
