using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Cli;

/// <summary>One reported diagnostic, with its position resolved (1-based line and column).</summary>
internal sealed record Finding(
    string Path, int Line, int Column, int EndLine, int EndColumn,
    string Id, DiagnosticSeverity Severity, string Message, string? HelpLink, string Title);

/// <summary>How long one analyzer ran, summed over the projects analyzed.</summary>
internal sealed record AnalyzerTiming(string Analyzer, string Assembly, ImmutableArray<string> Ids, TimeSpan ExecutionTime);

internal sealed record AnalysisResult(
    IReadOnlyList<Finding> Findings,
    int CompilerErrors,
    IReadOnlyList<string> AnalyzerFailures,
    TimeSpan? BindingTime,
    IReadOnlyList<AnalyzerTiming> Timings);

/// <summary>Runs analyzers over every C# project of a <see cref="CodeSource"/> with the project's own options and .editorconfig.</summary>
internal static class Analysis
{
    public static async Task<AnalysisResult> RunAsync(
        CodeSource source, IReadOnlyList<DiagnosticAnalyzer> analyzers, RuleFilter filter, bool timing,
        Progress progress, CancellationToken cancellationToken)
    {
        var selected = analyzers.Where(a => a.SupportedDiagnostics.Any(d => filter.Matches(d.Id))).ToImmutableArray();
        var findings = new Dictionary<(string, int, int, string, string), Finding>();
        var failures = new ConcurrentBag<string>();
        var executionTimes = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        var bindingTime = TimeSpan.Zero;
        var compilerErrors = 0;
        var projects = source.Projects.Where(p => p.DocumentIds.Count > 0).ToList();
        if (timing)
            await WarmUpAsync(projects[0], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            progress.Report($"[{i + 1}/{projects.Count}] analyzing {project.Name}");
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"project '{project.Name}' has no compilation");
            ImmutableArray<Diagnostic> compilerDiagnostics = default;
            if (timing)
            {
                // The compiler's own binding of the same code is the yardstick analyzer time is measured against.
                var stopwatch = Stopwatch.StartNew();
                compilerDiagnostics = compilation.Clone().GetDiagnostics(cancellationToken);
                bindingTime += stopwatch.Elapsed;
            }
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                ForceOnFilteredRules(compilation.Options.SpecificDiagnosticOptions, selected, filter)));
            var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions,
                onAnalyzerException: (e, analyzer, _) => failures.Add($"{analyzer.GetType().FullName} threw {e.GetType().Name}: {e.Message}"),
                concurrentAnalysis: !timing, logAnalyzerExecutionTime: timing, reportSuppressedDiagnostics: false);
            var withAnalyzers = compilation.WithAnalyzers(selected, options);
            // Execution times are recorded when only analyzer diagnostics are asked for; without timing, one pass gives both.
            var diagnostics = timing
                ? compilerDiagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
                : await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id.StartsWith("CS", StringComparison.Ordinal) && diagnostic.Descriptor.Category == "Compiler")
                {
                    if (diagnostic.Severity == DiagnosticSeverity.Error)
                        compilerErrors++;
                    continue;
                }
                if (diagnostic.Id == "AD0001")
                {
                    failures.Add(diagnostic.GetMessage(CultureInfo.InvariantCulture));
                    continue;
                }
                if (!filter.Matches(diagnostic.Id) || !diagnostic.Location.IsInSource)
                    continue;
                var finding = ToFinding(diagnostic);
                // A file compiled in several projects or target frameworks is reported once.
                findings.TryAdd((finding.Path, finding.Line, finding.Column, finding.Id, finding.Message), finding);
            }
            if (timing)
            {
                foreach (var analyzer in selected)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                    executionTimes[analyzer] = executionTimes.GetValueOrDefault(analyzer) + telemetry.ExecutionTime;
                }
            }
        }
        progress.Clear();
        var timings = executionTimes
            .Select(t => new AnalyzerTiming(t.Key.GetType().Name, t.Key.GetType().Assembly.GetName().Name ?? "?",
                t.Key.SupportedDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(), t.Value))
            .OrderByDescending(t => t.ExecutionTime)
            .ToList();
        var ordered = findings.Values
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return new AnalysisResult(ordered, compilerErrors, failures.Distinct().Order(StringComparer.Ordinal).ToList(),
            timing ? bindingTime : null, timings);
    }

    /// <summary>A rule asked for by name with <c>--rules</c> runs even when it is off by default.</summary>
    private static ImmutableDictionary<string, ReportDiagnostic> ForceOnFilteredRules(
        ImmutableDictionary<string, ReportDiagnostic> specific, ImmutableArray<DiagnosticAnalyzer> analyzers, RuleFilter filter)
    {
        if (!filter.IsRestricted)
            return specific;
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            if (!descriptor.IsEnabledByDefault && filter.Matches(descriptor.Id) && !specific.ContainsKey(descriptor.Id))
                specific = specific.SetItem(descriptor.Id, ToReport(descriptor.DefaultSeverity));
        }
        return specific;
    }

    private static ReportDiagnostic ToReport(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => ReportDiagnostic.Error,
        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
        DiagnosticSeverity.Info => ReportDiagnostic.Info,
        _ => ReportDiagnostic.Hidden,
    };

    private static Finding ToFinding(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var path = span.HasMappedPath ? span.Path : diagnostic.Location.SourceTree?.FilePath ?? span.Path;
        return new Finding(path,
            span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1,
            diagnostic.Id, diagnostic.Severity, diagnostic.GetMessage(CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri) ? null : diagnostic.Descriptor.HelpLinkUri,
            diagnostic.Descriptor.Title.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Binds a small compilation once so the first timed binding does not pay for JIT compilation of the compiler.</summary>
    private static async Task WarmUpAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        compilation?.RemoveAllSyntaxTrees()
            .AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                "class Warm { async System.Threading.Tasks.Task<int> M(int x) { await System.Threading.Tasks.Task.Yield(); return $\"{x}\".Length; } }"))
            .GetDiagnostics(cancellationToken);
    }
}
