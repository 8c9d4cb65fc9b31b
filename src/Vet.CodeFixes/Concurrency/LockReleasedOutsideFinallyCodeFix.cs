using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Vet.Analyzers;
using Vet.Analyzers.Concurrency;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Concurrency;

/// <summary>
/// VET203: makes the release run in the finally of a try that starts right after the acquire. Depending on the shape
/// found it wraps the code between acquire and release in <c>try { } finally { release }</c>, moves an acquire out of
/// the start of its try, or moves the statements between the acquire and the try into the try.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockReleasedOutsideFinallyCodeFix)), Shared]
public sealed class LockReleasedOutsideFinallyCodeFix : CodeFixProvider
{
    public const string TryFinallyKey = "VET203.TryFinally";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET203_LockReleasedOutsideFinally.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Site.From(root, diagnostic) is not { } site || Rewrite(root, site.Acquire, site.Release, site.Shape) is null)
            {
                continue;
            }

            var title = site.Shape switch
            {
                LockReleasedOutsideFinallyAnalyzer.ShapeAcquiredInsideTry => "Acquire before the try",
                LockReleasedOutsideFinallyAnalyzer.ShapeStatementsBeforeTry => "Start the try right after the acquire",
                _ => "Release in try/finally",
            };
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), TryFinallyKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    /// <summary>Rewrites the sites one after another on tracked nodes, so sites in the same block do not conflict.</summary>
    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var sites = new List<Site>();
        var nodes = new List<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (Site.From(root, diagnostic) is { } site)
            {
                sites.Add(site);
                nodes.Add(site.Acquire);
                if (site.Release is not null)
                {
                    nodes.Add(site.Release);
                }
            }
        }

        var current = root.TrackNodes(nodes);
        foreach (var site in sites)
        {
            if (current.GetCurrentNode(site.Acquire) is not { } acquire)
            {
                continue;
            }

            var release = site.Release is null ? null : current.GetCurrentNode(site.Release);
            current = Rewrite(current, acquire, release, site.Shape) ?? current;
        }

        return document.WithSyntaxRoot(current);
    }

    /// <summary>The statements a diagnostic is about: the acquire, its release (when reported) and the shape found.</summary>
    private sealed class Site
    {
        private Site(ExpressionStatementSyntax acquire, ExpressionStatementSyntax? release, string shape)
        {
            Acquire = acquire;
            Release = release;
            Shape = shape;
        }

        internal ExpressionStatementSyntax Acquire { get; }

        internal ExpressionStatementSyntax? Release { get; }

        internal string Shape { get; }

        internal static Site? From(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.ContainsKey(LockReleasedOutsideFinallyAnalyzer.FixableProperty)
                || !diagnostic.Properties.TryGetValue(LockReleasedOutsideFinallyAnalyzer.ShapeProperty, out var shape)
                || shape is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } acquire)
            {
                return null;
            }

            var release = diagnostic.AdditionalLocations.Count == 1
                ? root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>()
                : null;
            return new Site(acquire, release, shape);
        }
    }

    /// <summary>The new root, or null when the syntax no longer has the shape the analyzer saw.</summary>
    private static SyntaxNode? Rewrite(SyntaxNode root, ExpressionStatementSyntax acquire, ExpressionStatementSyntax? release, string shape) => shape switch
    {
        LockReleasedOutsideFinallyAnalyzer.ShapeReleasedOutsideFinally when release is not null => WrapInTryFinally(root, acquire, release),
        LockReleasedOutsideFinallyAnalyzer.ShapeAcquiredInsideTry => MoveAcquireBeforeTry(root, acquire),
        LockReleasedOutsideFinallyAnalyzer.ShapeStatementsBeforeTry => MoveStatementsIntoTry(root, acquire),
        _ => null,
    };

    /// <summary><c>acquire; a; b; release;</c> becomes <c>acquire; try { a; b; } finally { release; }</c>.</summary>
    private static SyntaxNode? WrapInTryFinally(SyntaxNode root, ExpressionStatementSyntax acquire, ExpressionStatementSyntax release)
    {
        if (acquire.Parent is not BlockSyntax block || release.Parent != block)
        {
            return null;
        }

        var statements = block.Statements;
        var start = statements.IndexOf(acquire);
        var end = statements.IndexOf(release);
        if (start < 0 || end <= start + 1)
        {
            return null;
        }

        var body = new List<StatementSyntax>();
        for (var i = start + 1; i < end; i++)
        {
            body.Add(statements[i]);
        }

        body[0] = body[0].WithLeadingTrivia(WithoutBlankLines(body[0].GetLeadingTrivia()));
        var @try = TryStatement(Block(body), default, FinallyClause(Block(release.WithLeadingTrivia(ElasticMarker))))
            .WithLeadingTrivia(IndentationOf(statements[start + 1]))
            .WithTrailingTrivia(release.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var replaced = new List<StatementSyntax>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            if (i == start + 1)
            {
                replaced.Add(@try);
            }
            else if (i <= start || i > end)
            {
                replaced.Add(statements[i]);
            }
        }

        return root.ReplaceNode(block, block.WithStatements(List(replaced)));
    }

    /// <summary><c>try { acquire; rest } finally { release }</c> becomes <c>acquire; try { rest } finally { release }</c>.</summary>
    private static SyntaxNode? MoveAcquireBeforeTry(SyntaxNode root, ExpressionStatementSyntax acquire)
    {
        if (acquire.Parent is not BlockSyntax { Parent: TryStatementSyntax { Catches.Count: 0 } @try } tryBlock
            || tryBlock.Statements.Count < 2
            || tryBlock.Statements[0] != acquire
            || @try.Parent is not BlockSyntax outer)
        {
            return null;
        }

        var remaining = tryBlock.Statements.RemoveAt(0);
        remaining = remaining.Replace(remaining[0], remaining[0].WithLeadingTrivia(WithoutBlankLines(remaining[0].GetLeadingTrivia())));
        var newTry = @try.WithBlock(tryBlock.WithStatements(remaining)).WithAdditionalAnnotations(Formatter.Annotation);
        var moved = acquire
            .WithLeadingTrivia(@try.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

        var index = outer.Statements.IndexOf(@try);
        var statements = outer.Statements.RemoveAt(index).Insert(index, newTry.WithLeadingTrivia(IndentationOf(@try))).Insert(index, moved);
        return root.ReplaceNode(outer, outer.WithStatements(statements));
    }

    /// <summary><c>acquire; a; try { b } finally { release }</c> becomes <c>acquire; try { a; b } finally { release }</c>.</summary>
    private static SyntaxNode? MoveStatementsIntoTry(SyntaxNode root, ExpressionStatementSyntax acquire)
    {
        if (acquire.Parent is not BlockSyntax block)
        {
            return null;
        }

        var statements = block.Statements;
        var start = statements.IndexOf(acquire);
        var tryIndex = -1;
        for (var i = start + 1; i < statements.Count; i++)
        {
            if (statements[i] is TryStatementSyntax { Catches.Count: 0, Finally: not null })
            {
                tryIndex = i;
                break;
            }
        }

        if (start < 0 || tryIndex <= start + 1)
        {
            return null;
        }

        var @try = (TryStatementSyntax)statements[tryIndex];
        var moved = new List<StatementSyntax>();
        for (var i = start + 1; i < tryIndex; i++)
        {
            moved.Add(statements[i]);
        }

        moved[0] = moved[0].WithLeadingTrivia(WithoutBlankLines(moved[0].GetLeadingTrivia()));
        var newTry = @try
            .WithBlock(@try.Block.WithStatements(List(moved.Concat(@try.Block.Statements))))
            .WithLeadingTrivia(IndentationOf(statements[start + 1]))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var replaced = new List<StatementSyntax>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            if (i <= start || i > tryIndex)
            {
                replaced.Add(statements[i]);
            }
            else if (i == tryIndex)
            {
                replaced.Add(newTry);
            }
        }

        return root.ReplaceNode(block, block.WithStatements(List(replaced)));
    }

    /// <summary>The trivia without leading blank lines, so a statement that opens a block does not start with one.</summary>
    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var skip = 0;
        while (skip < trivia.Count && (trivia[skip].IsKind(SyntaxKind.EndOfLineTrivia) || trivia[skip].IsKind(SyntaxKind.WhitespaceTrivia)))
        {
            skip++;
        }

        // Keep the indentation of the first real line.
        if (skip > 0 && trivia[skip - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            skip--;
        }

        return TriviaList(trivia.Skip(skip));
    }

    private static SyntaxTriviaList IndentationOf(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? TriviaList(leading[leading.Count - 1])
            : default;
    }
}
