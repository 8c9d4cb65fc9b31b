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

/// <summary>How long one analyzer ran, summed over the projects analyzed (the median run's total when runs are repeated).</summary>
internal sealed record AnalyzerTiming(string Analyzer, string Assembly, ImmutableArray<string> Ids, TimeSpan ExecutionTime);

internal sealed record AnalysisResult(
    IReadOnlyList<Finding> Findings,
    int CompilerErrors,
    IReadOnlyList<string> AnalyzerFailures,
    TimeSpan? BindingTime,
    IReadOnlyList<AnalyzerTiming> Timings,
    int TimedRuns = 0,
    TimeSpan? AddedPassTime = null);

/// <summary>Runs analyzers over every C# project of a <see cref="CodeSource"/> with the project's own options and .editorconfig.</summary>
internal static class Analysis
{
    /// <param name="timedRuns">
    /// 0 to analyze once without timing; otherwise how many timed runs to take the median of, after one untimed warm-up
    /// run of the same work (the first run pays for JIT compilation of the compiler and the analyzers).
    /// </param>
    public static async Task<AnalysisResult> RunAsync(
        CodeSource source, IReadOnlyList<DiagnosticAnalyzer> analyzers, RuleFilter filter, int timedRuns,
        Progress progress, CancellationToken cancellationToken)
    {
        var timing = timedRuns > 0;
        var selected = analyzers.Where(a => a.SupportedDiagnostics.Any(d => filter.Matches(d.Id))).ToImmutableArray();
        var findings = new Dictionary<(string, int, int, string, string), Finding>();
        var failures = new ConcurrentBag<string>();
        // Per run (index 0 is the warm-up), summed over the projects.
        var executionTimes = new Dictionary<DiagnosticAnalyzer, TimeSpan[]>();
        var bindingTimes = new TimeSpan[timedRuns + 1];
        // The whole analyzer pass beyond an empty one: what the analyzers' callbacks cost, and what the compiler does to
        // serve them (binding bodies for semantic models, building operation trees), which callback times leave out.
        var addedPassTimes = new TimeSpan[timedRuns + 1];
        var compilerErrors = 0;
        var projects = source.Projects.Where(p => p.DocumentIds.Count > 0).ToList();
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            progress.Report($"[{i + 1}/{projects.Count}] analyzing {project.Name}");
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"project '{project.Name}' has no compilation");
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                ForceOnFilteredRules(compilation.Options.SpecificDiagnosticOptions, selected, filter)));
            var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions,
                onAnalyzerException: (e, analyzer, _) => failures.Add($"{analyzer.GetType().FullName} threw {e.GetType().Name}: {e.Message}"),
                concurrentAnalysis: !timing, logAnalyzerExecutionTime: timing, reportSuppressedDiagnostics: false);
            if (!timing)
            {
                var all = await compilation.WithAnalyzers(selected, options).GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
                compilerErrors += Collect(all, filter, findings, failures);
                continue;
            }

            for (var run = 0; run <= timedRuns; run++)
            {
                // The compiler's own binding of the same code is the yardstick analyzer time is measured against. Each timed
                // run starts from a fresh copy over newly parsed trees, so no run reuses what an earlier one bound, built or
                // cached per tree; the analyzers then share the trees the compiler bound, as in a build. Both sides run on
                // one thread, as the analyzers do here, so the share compares processor time with processor time.
                var (runCompilation, runOptions) = run == 0 ? (compilation, project.AnalyzerOptions) : FreshTrees.Copy(compilation, project.AnalyzerOptions, cancellationToken);
                var stopwatch = Stopwatch.StartNew();
                var compilerDiagnostics = runCompilation.WithOptions(runCompilation.Options.WithConcurrentBuild(false)).GetDiagnostics(cancellationToken);
                bindingTimes[run] += stopwatch.Elapsed;
                // Execution times are recorded when only analyzer diagnostics are asked for.
                var runAnalyzerOptions = new CompilationWithAnalyzersOptions(runOptions, options.OnAnalyzerException,
                    concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
                // Both passes complete every declaration, as a build has before its analyzers run: a pass of syntax-only
                // rules would otherwise skip work the empty pass does, and come out below it.
                var empty = new EmptyAnalyzer();
                stopwatch.Restart();
                await runCompilation.Clone().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(empty), runAnalyzerOptions)
                    .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
                var emptyPass = stopwatch.Elapsed;
                var withAnalyzers = runCompilation.Clone().WithAnalyzers(selected.Add(empty), runAnalyzerOptions);
                stopwatch.Restart();
                var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
                addedPassTimes[run] += stopwatch.Elapsed - emptyPass;
                foreach (var analyzer in selected)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                    if (!executionTimes.TryGetValue(analyzer, out var runs))
                        executionTimes[analyzer] = runs = new TimeSpan[timedRuns + 1];
                    runs[run] += telemetry.ExecutionTime;
                }
                if (run == 0)
                    compilerErrors += Collect(compilerDiagnostics.AddRange(analyzerDiagnostics), filter, findings, failures);
            }
        }
        progress.Clear();
        var timings = executionTimes
            .Select(t => new AnalyzerTiming(t.Key.GetType().Name, t.Key.GetType().Assembly.GetName().Name ?? "?",
                t.Key.SupportedDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(), Median(t.Value)))
            .OrderByDescending(t => t.ExecutionTime)
            .ToList();
        var ordered = findings.Values
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return new AnalysisResult(ordered, compilerErrors, failures.Distinct().Order(StringComparer.Ordinal).ToList(),
            timing ? Median(bindingTimes) : null, timings, timedRuns, timing ? Median(addedPassTimes) : null);
    }

    /// <summary>
    /// An analyzer that asks only for the declarations, run through the same pass as the real ones: the time that pass takes
    /// anyway (the driver's setup, the declarations of the compilation copy, which a build has already made) is left out of
    /// the analyzers' added time.
    /// </summary>
    /// <remarks>A probe the timing runs hand to the driver directly: no compiler loads it, so it needs no attribute or release entry.</remarks>
#pragma warning disable RS1001, RS2008
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Nothing = new("VETTIMING", "Empty pass", "Empty pass", "Timing", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Nothing);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // Every declaration is completed, as a build has done before analyzers run; no body is bound for it.
            context.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
        }
    }
#pragma warning restore RS1001, RS2008

    /// <summary>The median of the timed runs (the warm-up, index 0, left out); the lower middle one for an even count.</summary>
    private static TimeSpan Median(TimeSpan[] runs)
    {
        var timed = runs.Skip(1).Order().ToArray();
        return timed.Length == 0 ? TimeSpan.Zero : timed[(timed.Length - 1) / 2];
    }

    /// <summary>Adds the diagnostics to the findings and failures; returns the number of compiler errors among them.</summary>
    private static int Collect(ImmutableArray<Diagnostic> diagnostics, RuleFilter filter, Dictionary<(string, int, int, string, string), Finding> findings, ConcurrentBag<string> failures)
    {
        var compilerErrors = 0;
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
        return compilerErrors;
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
}
