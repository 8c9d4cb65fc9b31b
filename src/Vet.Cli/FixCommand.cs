using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Cli;

/// <summary>
/// <c>vet fix</c>: applies each rule's Fix All to the whole solution, one rule at a time; a rule whose fix would add
/// compiler errors is left out and reported. Writes only the files that change, or prints a diff with --dry-run.
/// </summary>
internal static class FixCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--dry-run" };
    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal) { "--rules", "--exclude" };

    public static async Task<int> RunAsync(IEnumerable<string> args, TextWriter stdout, TextWriter stderr, Progress progress, CancellationToken cancellationToken)
    {
        var arguments = Arguments.Parse(args, Flags, Valued);
        var path = CheckCommand.SinglePath(arguments, "fix");
        var filter = CheckCommand.ParseFilter(arguments);
        var dryRun = arguments.Has("--dry-run");
        var catalog = RuleCatalog.Load();
        var rules = catalog.Rules.Where(r => r.HasFix && filter.Matches(r.Id)).ToList();
        if (rules.Count == 0)
            throw new UsageException("no rule with a fix matches --rules/--exclude (see `vet rules`).");

        using var source = await CodeSource.LoadAsync(path, progress, cancellationToken).ConfigureAwait(false);
        var original = source.Solution;
        var projectIds = source.Projects.Select(p => p.Id).ToImmutableHashSet();
        var solution = original;
        var rejected = 0;
        foreach (var rule in rules)
        {
            progress.Report($"fixing {rule.Id}");
            var analyzers = catalog.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == rule.Id)).ToImmutableArray();
            var diagnostics = await DiagnosticsAsync(solution, projectIds, analyzers, rule.Id, cancellationToken).ConfigureAwait(false);
            if (diagnostics.Count == 0)
                continue;
            var provider = catalog.Fixes.First(f => f.FixableDiagnosticIds.Contains(rule.Id));
            var fixedSolution = await FixAllAsync(solution, provider, rule.Id, diagnostics, cancellationToken).ConfigureAwait(false);
            if (fixedSolution is null)
            {
                stderr.WriteLine($"vet: {rule.Id}: no fix was offered for its {diagnostics.Count} finding(s).");
                continue;
            }
            var introduced = await IntroducedErrorsAsync(solution, fixedSolution, projectIds, cancellationToken).ConfigureAwait(false);
            if (introduced.Count > 0)
            {
                rejected++;
                stderr.WriteLine($"vet: {rule.Id}: not applied: the fix would introduce {introduced.Count} compiler error(s), first: {introduced[0]}");
                continue;
            }
            stdout.WriteLine($"{rule.Id}: fixed {diagnostics.Count} finding(s).");
            solution = fixedSolution;
        }
        progress.Clear();

        var changed = await ChangedDocumentsAsync(original, solution, cancellationToken).ConfigureAwait(false);
        foreach (var (before, after) in changed)
        {
            var name = source.Relative(after.FilePath!);
            var oldText = await before.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var newText = await after.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (dryRun)
                stdout.Write(UnifiedDiff.Create(oldText.ToString(), newText.ToString(), "a/" + name, "b/" + name));
            else
                await File.WriteAllTextAsync(after.FilePath!, newText.ToString(), oldText.Encoding ?? new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
        stdout.WriteLine(dryRun
            ? $"{changed.Count} file(s) would change (dry run: nothing written)."
            : $"{changed.Count} file(s) changed.");
        return rejected > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static async Task<List<Diagnostic>> DiagnosticsAsync(Solution solution, ImmutableHashSet<ProjectId> projectIds,
        ImmutableArray<DiagnosticAnalyzer> analyzers, string id, CancellationToken cancellationToken)
    {
        var result = new List<Diagnostic>();
        foreach (var project in solution.Projects.Where(p => projectIds.Contains(p.Id)))
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
                continue;
            var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions)
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            result.AddRange(diagnostics.Where(d => d.Id == id && d.Location.IsInSource && solution.GetDocument(d.Location.SourceTree) is not null));
        }
        return result;
    }

    private static async Task<Solution?> FixAllAsync(Solution solution, CodeFixProvider provider, string id,
        IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var first = diagnostics[0];
        var document = solution.GetDocument(first.Location.SourceTree)!;
        // The equivalence key of the first action offered picks which of a rule's fixes Fix All applies.
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, first, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
        if (actions.Count == 0 || provider.GetFixAllProvider() is not { } fixAll)
            return null;
        var context = new FixAllContext(document, provider, FixAllScope.Solution, actions[0].EquivalenceKey, [id],
            new KnownDiagnostics(diagnostics), cancellationToken);
        var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
        if (action is null)
            return null;
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }

    /// <summary>Compiler errors in the fixed solution that the solution before the fix did not have (by ID and message).</summary>
    private static async Task<List<string>> IntroducedErrorsAsync(Solution before, Solution after, ImmutableHashSet<ProjectId> projectIds, CancellationToken cancellationToken)
    {
        var introduced = new List<string>();
        foreach (var projectId in projectIds)
        {
            var existing = (await ErrorsAsync(before.GetProject(projectId)!, cancellationToken).ConfigureAwait(false))
                .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
            foreach (var error in await ErrorsAsync(after.GetProject(projectId)!, cancellationToken).ConfigureAwait(false))
            {
                if (existing.TryGetValue(error.Key, out var count) && count > 0)
                    existing[error.Key] = count - 1;
                else
                    introduced.Add(error.Text);
            }
        }
        return introduced;
    }

    private static async Task<IEnumerable<(string Key, string Text)>> ErrorsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation!.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.ToString()));
    }

    private static async Task<List<(Document Before, Document After)>> ChangedDocumentsAsync(Solution original, Solution fixedSolution, CancellationToken cancellationToken)
    {
        var changed = new List<(Document, Document)>();
        foreach (var projectChanges in fixedSolution.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = original.GetDocument(id)!;
                var after = fixedSolution.GetDocument(id)!;
                // A fix can replace a syntax root with one that prints the same text: that file does not change.
                if (after.FilePath is not null
                    && !(await before.GetTextAsync(cancellationToken).ConfigureAwait(false)).ContentEquals(await after.GetTextAsync(cancellationToken).ConfigureAwait(false)))
                    changed.Add((before, after));
            }
        }
        return changed.OrderBy(c => c.Item2.FilePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>Hands Fix All the diagnostics already computed for the rule.</summary>
    private sealed class KnownDiagnostics(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => d.Location.SourceTree == tree).ToList();
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => project.GetDocument(d.Location.SourceTree) is not null).ToList());

    }
}
