using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Analyzers.Engine;

/// <summary>Reads rule options from .editorconfig / .globalconfig, keyed <c>vet.VETnnn.option</c> (or <c>vet.option</c> for all rules).</summary>
internal static class RuleOptions
{
    /// <summary>The option's value for the given tree, trimmed and lower-cased, or null when unset.</summary>
    internal static string? GetString(AnalyzerOptions options, SyntaxTree tree, string ruleId, string option) =>
        Read(options, tree, "vet." + ruleId + "." + option);

    /// <summary>An option shared by several rules (<c>vet.option</c>), trimmed and lower-cased, or null when unset.</summary>
    internal static string? GetGlobalString(AnalyzerOptions options, SyntaxTree tree, string option) =>
        Read(options, tree, "vet." + option);

    private static string? Read(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue(key, out var value) && value is not null)
        {
            value = value.Trim();
            return value.Length == 0 ? null : value.ToLowerInvariant();
        }

        return null;
    }
}
