using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Analyzers.Engine;

/// <summary>Reads rule options from .editorconfig / .globalconfig, keyed <c>vet.VETnnn.option</c>.</summary>
internal static class RuleOptions
{
    /// <summary>The option's value for the given tree, trimmed and lower-cased, or null when unset.</summary>
    internal static string? GetString(AnalyzerOptions options, SyntaxTree tree, string ruleId, string option)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue("vet." + ruleId + "." + option, out var value) && value is not null)
        {
            value = value.Trim();
            return value.Length == 0 ? null : value.ToLowerInvariant();
        }

        return null;
    }
}
