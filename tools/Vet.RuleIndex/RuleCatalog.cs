using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.RuleIndex;

/// <summary>One rule as the index and the presets describe it.</summary>
public sealed record Rule(DiagnosticDescriptor Descriptor, bool HasCodeFix, ImmutableArray<string> Options)
{
    public string Id => Descriptor.Id;
}

/// <summary>
/// Everything Vet ships, found by reflection over the analyzer and fix assemblies, so a new rule is covered
/// without registration. Rule options come from the "## Options" section of each rule page, the one place
/// they are documented; a test checks that every option the analyzers read is listed there.
/// </summary>
public static class RuleCatalog
{
    public static readonly Assembly Analyzers = Assembly.Load(new AssemblyName("Vet.Analyzers"));
    public static readonly Assembly CodeFixes = Assembly.Load(new AssemblyName("Vet.CodeFixes"));

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        Instances<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(Analyzers);

    public static ImmutableArray<CodeFixProvider> AllCodeFixes() =>
        Instances<CodeFixProvider, ExportCodeFixProviderAttribute>(CodeFixes);

    /// <summary>Every descriptor an analyzer reports, by ID.</summary>
    public static ImmutableSortedDictionary<string, DiagnosticDescriptor> AllDescriptors() =>
        AllAnalyzers()
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id)
            .ToImmutableSortedDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);

    /// <summary>Every rule, in ID order, with its fix and the options its page documents.</summary>
    public static ImmutableArray<Rule> Rules(string repositoryRoot)
    {
        var fixable = AllCodeFixes().SelectMany(fix => fix.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);
        return AllDescriptors().Values
            .Select(descriptor => new Rule(descriptor, fixable.Contains(descriptor.Id), DocumentedOptions(repositoryRoot, descriptor.Id)))
            .ToImmutableArray();
    }

    /// <summary>The option names (the part after <c>vet.VETnnn.</c>) in the "## Options" section of the rule's page.</summary>
    public static ImmutableArray<string> DocumentedOptions(string repositoryRoot, string id)
    {
        var path = Path.Combine(repositoryRoot, "docs", "rules", id + ".md");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{id}: missing docs/rules/{id}.md");
        }

        var page = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = page.IndexOf("\n## Options\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"{id}: docs/rules/{id}.md has no '## Options' section");
        }

        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? page[start..] : page[start..end];
        return Regex.Matches(section, $@"\bvet\.{id}\.([a-z_]+)")
            .Select(match => match.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>One instance of each concrete <typeparamref name="T"/> that carries the attribute Roslyn discovers it by.</summary>
    private static ImmutableArray<T> Instances<T, TAttribute>(Assembly assembly)
        where TAttribute : Attribute =>
        assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(T).IsAssignableFrom(type) && type.GetCustomAttribute<TAttribute>() is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (T)Activator.CreateInstance(type)!)
            .ToImmutableArray();
}
