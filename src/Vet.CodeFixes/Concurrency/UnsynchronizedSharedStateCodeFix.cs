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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Concurrency;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Concurrency;

/// <summary>
/// VET201: make the shared access synchronized. A counter (<c>int</c>/<c>long</c>, <c>++</c>, <c>--</c>, <c>+=</c>,
/// <c>-=</c>) becomes an <c>Interlocked</c> call; any other access is wrapped, with its statement, in a <c>lock</c>:
/// the lock that guards the field elsewhere, or the type's private gate (added when it has none).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsynchronizedSharedStateCodeFix)), Shared]
public sealed class UnsynchronizedSharedStateCodeFix : CodeFixProvider
{
    public const string InterlockedKey = "VET201.Interlocked";
    public const string LockKey = "VET201.Lock";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET201_UnsynchronizedSharedState.Id);

    /// <summary>Per document, one edit: the gate a lock fix adds is added once per type.</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        static async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (UsesInterlocked(diagnostic) && node is ExpressionSyntax)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use Interlocked", ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), InterlockedKey, ct), InterlockedKey),
                    diagnostic);
            }
            else if (Target(diagnostic, root, node) is not null)
            {
                var gate = diagnostic.Properties.TryGetValue(UnsynchronizedSharedStateLockingAnalyzer.GateProperty, out var name) && name is not null ? name : "a private gate";
                context.RegisterCodeFix(
                    CodeAction.Create("Take the lock on " + (gate == "a private gate" ? gate : "'" + gate + "'"), ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), LockKey, ct), LockKey),
                    diagnostic);
            }
        }
    }

    private static bool UsesInterlocked(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(UnsynchronizedSharedStateLambdaAnalyzer.FixProperty, out var fix)
        && fix is UnsynchronizedSharedStateLambdaAnalyzer.FixIncrement or UnsynchronizedSharedStateLambdaAnalyzer.FixDecrement
            or UnsynchronizedSharedStateLambdaAnalyzer.FixAdd or UnsynchronizedSharedStateLambdaAnalyzer.FixSubtract;

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var gates = new LockGates(editor.SemanticModel, editor, cancellationToken);
        var wraps = new List<(StatementSyntax Statement, ExpressionSyntax Gate)>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (UsesInterlocked(diagnostic))
            {
                if (key == InterlockedKey && node is ExpressionSyntax expression)
                {
                    editor.ReplaceNode(expression, (current, _) => ToInterlocked((ExpressionSyntax)current, diagnostic.Properties[UnsynchronizedSharedStateLambdaAnalyzer.FixProperty]!));
                }

                continue;
            }

            if (key != LockKey || Target(diagnostic, root, node) is not { } statement || wraps.Any(w => w.Statement == statement))
            {
                continue;
            }

            ExpressionSyntax? gate;
            if (diagnostic.Properties.TryGetValue(UnsynchronizedSharedStateLockingAnalyzer.GateProperty, out var name) && name is not null)
            {
                gate = name == "this" ? ThisExpression() : IdentifierName(name);
            }
            else
            {
                var isStatic = diagnostic.Properties.ContainsKey(UnsynchronizedSharedStateLambdaAnalyzer.StaticGateProperty);
                gate = gates.For(statement, isStatic);
            }

            if (gate is not null)
            {
                wraps.Add((statement, gate));
            }
        }

        foreach (var (statement, gate) in wraps)
        {
            // A statement inside another one being wrapped is already under the lock.
            if (wraps.Any(w => w.Statement != statement && w.Statement.Span.Contains(statement.Span)))
            {
                continue;
            }

            if (statement is LocalDeclarationStatementSyntax declaration)
            {
                var local = declaration.Declaration.Variables[0];
                if (editor.SemanticModel.GetDeclaredSymbol(local, cancellationToken) is not ILocalSymbol { Type: { IsAnonymousType: false } type }
                    || type.TypeKind == TypeKind.Error)
                {
                    continue;
                }

                var declared = LocalDeclarationStatement(VariableDeclaration(
                        ((TypeSyntax)editor.Generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation),
                        SingletonSeparatedList(VariableDeclarator(local.Identifier.WithoutTrivia()))))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                var assignment = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(local.Identifier.WithoutTrivia()), local.Initializer!.Value.WithoutTrivia()));
                editor.InsertBefore(declaration, declared);
                editor.ReplaceNode(declaration, (current, _) => Lock(gate, assignment, current));
                continue;
            }

            editor.ReplaceNode(statement, (current, _) => Lock(gate, (StatementSyntax)current, current));
        }

        return editor.GetChangedDocument();
    }

    private static LockStatementSyntax Lock(ExpressionSyntax gate, StatementSyntax inner, SyntaxNode trivia) =>
        LockStatement(gate, Block(inner.WithoutTrivia()))
            .WithLeadingTrivia(trivia.GetLeadingTrivia())
            .WithTrailingTrivia(trivia.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static ExpressionSyntax ToInterlocked(ExpressionSyntax mutation, string fix)
    {
        ExpressionSyntax target;
        ExpressionSyntax? amount = null;
        switch (mutation)
        {
            case PostfixUnaryExpressionSyntax postfix:
                target = postfix.Operand;
                break;
            case PrefixUnaryExpressionSyntax prefix:
                target = prefix.Operand;
                break;
            case AssignmentExpressionSyntax assignment:
                target = assignment.Left;
                amount = fix == UnsynchronizedSharedStateLambdaAnalyzer.FixSubtract
                    ? PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, ParenthesizedExpression(assignment.Right.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation))
                    : assignment.Right.WithoutTrivia();
                break;
            default:
                return mutation;
        }

        var method = fix switch
        {
            UnsynchronizedSharedStateLambdaAnalyzer.FixIncrement => "Increment",
            UnsynchronizedSharedStateLambdaAnalyzer.FixDecrement => "Decrement",
            _ => "Add",
        };
        var arguments = new List<ArgumentSyntax>
        {
            Argument(target.WithoutTrivia()).WithRefKindKeyword(Token(SyntaxKind.RefKeyword)),
        };
        if (amount is not null)
        {
            arguments.Add(Argument(amount));
        }

        return InvocationExpression(
                MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TypeNames.Qualified("System.Threading.Interlocked"),
                    IdentifierName(method)),
                ArgumentList(SeparatedList(arguments)))
            .WithTriviaFrom(mutation);
    }

    /// <summary>
    /// The statement the lock fix wraps: none when the analyzer says a lock here fixes nothing (a returned live
    /// collection), the check-and-act statement it names, or the statement of the access.
    /// </summary>
    private static StatementSyntax? Target(Diagnostic diagnostic, SyntaxNode root, SyntaxNode node)
    {
        if (diagnostic.Properties.ContainsKey(UnsynchronizedSharedStateLockingAnalyzer.NoFixProperty))
        {
            return null;
        }

        if (diagnostic.Properties.TryGetValue(UnsynchronizedSharedStateLockingAnalyzer.StatementProperty, out var span) && span is not null)
        {
            var parts = span.Split(':');
            if (parts.Length == 2
                && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start)
                && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                && start + length <= root.FullSpan.End
                && root.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(start, length), getInnermostNodeForTie: true) is StatementSyntax whole
                && whole.Span.Start == start && whole.Span.Length == length)
            {
                return Statement(whole);
            }

            // The check and the act must be locked together: no fix that locks only one of them.
            return null;
        }

        return Statement(node);
    }

    /// <summary>
    /// The statement to wrap in a lock for the access at <paramref name="node"/>, or null when wrapping it is not safe:
    /// an expression-bodied member or lambda, a loop, a statement that awaits or yields, a declaration that is not a
    /// single local in a block.
    /// </summary>
    private static StatementSyntax? Statement(SyntaxNode node)
    {
        StatementSyntax? statement = null;
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or ArrowExpressionClauseSyntax)
            {
                return null;
            }

            if (current is StatementSyntax found)
            {
                statement = found;
                break;
            }
        }

        if (statement is not (ExpressionStatementSyntax or ReturnStatementSyntax or IfStatementSyntax or ThrowStatementSyntax or LocalDeclarationStatementSyntax))
        {
            return null;
        }

        if (statement is LocalDeclarationStatementSyntax declaration
            && (declaration.Parent is not BlockSyntax
                || declaration.Declaration.Variables.Count != 1
                || declaration.Declaration.Variables[0].Initializer is null
                || !declaration.Modifiers.Count.Equals(0)
                || !declaration.UsingKeyword.IsKind(SyntaxKind.None)
                || declaration.Declaration.Type is RefTypeSyntax))
        {
            return null;
        }

        foreach (var descendant in statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (descendant is AwaitExpressionSyntax or YieldStatementSyntax
                || (descendant is LocalDeclarationStatementSyntax or ForEachStatementSyntax or UsingStatementSyntax && HasAwaitKeyword(descendant)))
            {
                return null;
            }
        }

        return statement;
    }

    private static bool HasAwaitKeyword(SyntaxNode node) => node switch
    {
        LocalDeclarationStatementSyntax local => local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        ForEachStatementSyntax loop => loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        UsingStatementSyntax @using => @using.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        _ => false,
    };
}
