using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Cli;

/// <summary>One Vet rule as its descriptor declares it, and whether a code fix exists for it.</summary>
internal sealed record Rule(DiagnosticDescriptor Descriptor, bool HasFix)
{
    public string Id => Descriptor.Id;
}

/// <summary>
/// Vet's analyzers, fixes and rules, discovered from the Vet.Analyzers and Vet.CodeFixes assemblies so the tool
/// never keeps its own list of rules.
/// </summary>
internal sealed class RuleCatalog
{
    private RuleCatalog(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes)
    {
        Analyzers = analyzers;
        Fixes = fixes;
        var fixable = fixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);
        Rules = analyzers.SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => new Rule(g.First(), fixable.Contains(g.Key)))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixes { get; }

    public ImmutableArray<Rule> Rules { get; }

    public Rule? Find(string id) => Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    public static RuleCatalog Load() => new(
        Instantiate<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(Assembly.Load("Vet.Analyzers")),
        Instantiate<CodeFixProvider, ExportCodeFixProviderAttribute>(Assembly.Load("Vet.CodeFixes")));

    // The analyzers and fixes are internal to their assemblies; the attributes are what a compiler or IDE host looks for too.
    private static ImmutableArray<T> Instantiate<T, TAttribute>(Assembly assembly)
        where T : class
        where TAttribute : Attribute =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<TAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t, nonPublic: true)!)
            .ToImmutableArray();
}
