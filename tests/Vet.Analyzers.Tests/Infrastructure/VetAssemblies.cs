using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.RuleIndex;

namespace Vet.Analyzers.Tests.Infrastructure;

/// <summary>Everything Vet ships, found by reflection so a new rule is covered by the meta-tests without registration.</summary>
public static class VetAssemblies
{
    public static readonly Assembly Analyzers = RuleCatalog.Analyzers;
    public static readonly Assembly CodeFixes = RuleCatalog.CodeFixes;

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => RuleCatalog.AllAnalyzers();

    public static ImmutableArray<CodeFixProvider> AllCodeFixes() => RuleCatalog.AllCodeFixes();

    /// <summary>Every descriptor an analyzer reports, by ID.</summary>
    public static ImmutableSortedDictionary<string, DiagnosticDescriptor> AllDescriptors() => RuleCatalog.AllDescriptors();

    /// <summary>Compiles the C# files of a folder (recursively, skipping bin/obj) against a reference pack.</summary>
    public static CSharpCompilation CompileFolder(string folder, TargetFramework framework)
    {
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path));
        // Compiled as the folder's project builds it: a program only when its project says so.
        var program = Directory.EnumerateFiles(folder, "*.csproj").Any(project => File.ReadAllText(project).Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase));
        return Compile(trees, framework, Path.GetFileName(folder), program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
    }

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, TargetFramework framework, string name = "Test", OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            name,
            trees,
            TestEnvironment.ReferencesFor(framework),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>Runs analyzers over a compilation, collecting analyzer exceptions instead of hiding them.</summary>
    public static async Task<AnalysisRun> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        // Rules that are off by default run too: the samples and robustness checks cover every rule.
        var enabled = compilation.Options.SpecificDiagnosticOptions.SetItems(
            analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics)
                .Where(descriptor => !descriptor.IsEnabledByDefault)
                .Select(descriptor => new KeyValuePair<string, ReportDiagnostic>(
                    descriptor.Id,
                    descriptor.DefaultSeverity == DiagnosticSeverity.Warning ? ReportDiagnostic.Warn : ReportDiagnostic.Info)));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(enabled));
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, diagnostic) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            times[analyzer.GetType().Name] = telemetry.ExecutionTime;
        }

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == "AD0001")
            {
                exceptions.Add(diagnostic.ToString());
            }
        }

        return new AnalysisRun(diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray(), exceptions, times);
    }
}

/// <summary>What a run reported, the analyzer exceptions it raised, and each analyzer's own execution time.</summary>
public sealed record AnalysisRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Exceptions, IReadOnlyDictionary<string, TimeSpan> ExecutionTimes);
