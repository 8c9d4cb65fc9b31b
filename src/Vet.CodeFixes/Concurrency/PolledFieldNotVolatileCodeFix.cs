using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Concurrency;

/// <summary>VET205: reads the polled flag with <c>Volatile.Read(ref f)</c> everywhere in the loop's condition.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PolledFieldNotVolatileCodeFix)), Shared]
public sealed class PolledFieldNotVolatileCodeFix : CodeFixProvider
{
    public const string VolatileReadKey = "VET205.VolatileRead";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET205_PolledFieldNotVolatile.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax read || Condition(read) is null)
            {
                continue;
            }

            var document = context.Document;
            var span = diagnostic.Location.SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create($"Read '{Name(read)}' with Volatile.Read", ct => ApplyAsync(document, span, ct), VolatileReadKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax read
            || Condition(read) is not { } condition
            || model.GetSymbolInfo(read, cancellationToken).Symbol is not IFieldSymbol field)
        {
            return document;
        }

        // Every read of the same field in the condition: `while (!_stop && !_stop2)` reads only _stop through Volatile.
        var reads = new List<ExpressionSyntax>();
        foreach (var node in condition.DescendantNodesAndSelf())
        {
            if (node is ExpressionSyntax expression
                && (expression is IdentifierNameSyntax { Parent: not MemberAccessExpressionSyntax } || expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax })
                && Name(expression) == field.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, cancellationToken).Symbol, field))
            {
                reads.Add(expression);
            }
        }

        var newRoot = root.ReplaceNodes(reads, static (original, _) => VolatileRead(original));
        var changed = document.WithSyntaxRoot(newRoot);
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static ExpressionSyntax VolatileRead(ExpressionSyntax read) =>
        InvocationExpression(
                MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TypeNames.Imported("System.Threading.Volatile"),
                    IdentifierName("Read")),
                ArgumentList(SingletonSeparatedList(Argument(read.WithoutTrivia()).WithRefKindKeyword(Token(SyntaxKind.RefKeyword)))))
            .WithTriviaFrom(read);

    private static string Name(ExpressionSyntax read) => read switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>The condition of the while/do loop the read is in, when the read is part of it.</summary>
    private static ExpressionSyntax? Condition(ExpressionSyntax read)
    {
        for (SyntaxNode? node = read; node is not null; node = node.Parent)
        {
            switch (node.Parent)
            {
                case WhileStatementSyntax loop when loop.Condition == node:
                    return loop.Condition;
                case DoStatementSyntax loop when loop.Condition == node:
                    return loop.Condition;
                case StatementSyntax:
                    return null;
            }
        }

        return null;
    }
}
