using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Vet.Analyzers;
using Vet.Analyzers.Cancellation;
using Vet.CodeFixes.Engine;

namespace Vet.CodeFixes.Cancellation;

/// <summary>VET101: moves the token to the end (or the start) and rewrites every call site, override and implementation.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancellationTokenPositionCodeFix)), Shared]
public sealed class CancellationTokenPositionCodeFix : CodeFixProvider
{
    public const string MoveToEndKey = "VET101.MoveToEnd";
    public const string MoveToStartKey = "VET101.MoveToStart";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET101_CancellationTokenPosition.Id);

    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <summary>
    /// Offers the moves the analyzer found possible (it leaves out delegate types and methods that may be used as method
    /// groups); the references are searched and rewritten only when a move is applied, not each time the light bulb opens.
    /// </summary>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var name = NameOf(diagnostic);
            if (RequestFor(context.Document, diagnostic, MoveToEndKey) is { } end)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Move '{name}' to the end", ct => SignatureReorder.ApplyAsync(solution, new[] { end }, ct), MoveToEndKey),
                    diagnostic);
            }

            if (RequestFor(context.Document, diagnostic, MoveToStartKey) is { } start)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Move '{name}' to the start", ct => SignatureReorder.ApplyAsync(solution, new[] { start }, ct), MoveToStartKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static MoveParameterRequest? RequestFor(Document document, Diagnostic diagnostic, string equivalenceKey)
    {
        var property = equivalenceKey == MoveToEndKey
            ? CancellationTokenPositionAnalyzer.MoveToEndProperty
            : CancellationTokenPositionAnalyzer.MoveToStartProperty;
        return diagnostic.Properties.TryGetValue(property, out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var target)
            ? new MoveParameterRequest(document.Id, diagnostic.Location.SourceSpan, target)
            : null;
    }

    private static string NameOf(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(CancellationTokenPositionAnalyzer.ParameterNameProperty, out var name) && name is not null
            ? name
            : "the token";

    /// <summary>Fix All plans every reported method against one solution snapshot and applies them together.</summary>
    private sealed class FixAll : FixAllProvider
    {
        internal static readonly FixAll Instance = new();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var key = fixAllContext.CodeActionEquivalenceKey;
            if (key is not (MoveToEndKey or MoveToStartKey))
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            var requests = new List<MoveParameterRequest>();
            foreach (var project in ProjectsInScope(fixAllContext))
            {
                var diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } only
                    ? await fixAllContext.GetDocumentDiagnosticsAsync(only).ConfigureAwait(false)
                    : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Location.SourceTree is { } tree
                        && solution.GetDocument(tree) is { } document
                        && RequestFor(document, diagnostic, key!) is { } request)
                    {
                        requests.Add(request);
                    }
                }
            }

            var title = key == MoveToEndKey ? "Move cancellation tokens to the end" : "Move cancellation tokens to the start";
            return CodeAction.Create(title, ct => SignatureReorder.ApplyAsync(solution, requests, ct), key);
        }

        private static IEnumerable<Project> ProjectsInScope(FixAllContext context) => context.Scope switch
        {
            FixAllScope.Solution => context.Solution.Projects,
            _ => new[] { context.Project },
        };
    }
}
