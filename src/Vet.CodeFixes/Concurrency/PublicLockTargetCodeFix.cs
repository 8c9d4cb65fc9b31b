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
using Vet.Analyzers;
using Vet.Analyzers.Concurrency;
using Vet.CodeFixes.Engine;

namespace Vet.CodeFixes.Concurrency;

/// <summary>
/// VET202: lock on a private readonly gate (<c>Lock</c> where the compilation has it, <c>object</c> otherwise) instead
/// of <c>this</c>, <c>typeof</c>/<c>GetType()</c> of the type itself, a private non-readonly field of the type or a
/// boxed value. Every <c>lock</c> in the type on the same target moves to the gate together, so they still exclude
/// each other. No fix where the target is also used with <c>Monitor</c> (Wait/Pulse/Exit pair with it), where the type
/// is declared in several files, or for targets that other code may lock on purpose (strings, other types' Type
/// objects, public or protected fields) and SpinLock misuse.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PublicLockTargetCodeFix)), Shared]
public sealed class PublicLockTargetCodeFix : CodeFixProvider
{
    public const string PrivateGateKey = "VET202.PrivateGate";

    public const string MakeReadonlyKey = "VET202.MakeReadonly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET202_PublicLockTarget.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (ReadonlyCandidate(root, model, diagnostic, context.CancellationToken) is { } field)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Make '{field.Declaration.Variables[0].Identifier.ValueText}' readonly", ct => MakeReadonlyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), MakeReadonlyKey),
                    diagnostic);
                continue;
            }

            if (Locks(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Lock on a private readonly gate", ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), PrivateGateKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        context.CodeActionEquivalenceKey == MakeReadonlyKey
            ? await MakeReadonlyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
            : await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    /// <summary>Adds <c>readonly</c> to each reported field once, however many locks use it.</summary>
    private static async Task<Document> MakeReadonlyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var done = new HashSet<FieldDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (ReadonlyCandidate(root, model, diagnostic, cancellationToken) is { } field && done.Add(field))
            {
                editor.SetModifiers(field, editor.Generator.GetModifiers(field).WithIsReadOnly(true));
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>The declaration of the locked field the analyzer found is only initialized, when it is in this document.</summary>
    private static FieldDeclarationSyntax? ReadonlyCandidate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.ContainsKey(PublicLockTargetAnalyzer.MakeReadonlyProperty)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
            || model.GetSymbolInfo(expression, cancellationToken).Symbol is not IFieldSymbol { DeclaringSyntaxReferences.Length: 1 } field)
        {
            return null;
        }

        var reference = field.DeclaringSyntaxReferences[0];
        return reference.SyntaxTree == root.SyntaxTree
            && root.FindNode(reference.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<FieldDeclarationSyntax>() is { Declaration.Variables.Count: 1 } declaration
            ? declaration
            : null;
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        // One editor and one set of gates for the whole document: Fix All adds a single gate per type.
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var gates = new LockGates(model, editor, cancellationToken);
        var done = new HashSet<LockStatementSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (Locks(root, model, diagnostic, cancellationToken) is not { } plan)
            {
                continue;
            }

            foreach (var @lock in plan.Locks)
            {
                if (done.Add(@lock) && gates.For(@lock, plan.IsStatic) is { } gate)
                {
                    editor.ReplaceNode(@lock.Expression, gate.WithTriviaFrom(@lock.Expression));
                }
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>The lock statements of the type that lock on the reported target, and whether their gate is static.</summary>
    private static Plan? Locks(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(PublicLockTargetAnalyzer.GateProperty, out var gate)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
            || expression.FirstAncestorOrSelf<LockStatementSyntax>() is not { } reported
            || !reported.Expression.Span.Contains(diagnostic.Location.SourceSpan)
            || reported.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } typeSyntax
            || model.GetDeclaredSymbol(typeSyntax, cancellationToken) is not { } type
            || type.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var key = Key(reported.Expression, model, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var locks = new List<LockStatementSyntax>();
        foreach (var node in typeSyntax.DescendantNodes())
        {
            if (node is LockStatementSyntax @lock)
            {
                if (@lock == reported || (key is not ExpressionSyntax && Same(key, Key(@lock.Expression, model, cancellationToken)) && InType(@lock, typeSyntax)))
                {
                    locks.Add(@lock);
                }
            }
            else if (node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                && key is not ExpressionSyntax
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "Monitor", ContainingNamespace.Name: "Threading" } }
                && Same(key, Key(invocation.ArgumentList.Arguments[0].Expression, model, cancellationToken)))
            {
                // Monitor.Wait/Pulse/Exit on the same object pair with these locks: moving only the locks would split them.
                return null;
            }
        }

        return new Plan(locks, gate == "Static");
    }

    /// <summary>What a lock target denotes, so locks on the same thing are moved together: "this", a type, a field, or the expression itself (a boxed value).</summary>
    private static object? Key(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        var inner = expression;
        while (inner is ParenthesizedExpressionSyntax parenthesized)
        {
            inner = parenthesized.Expression;
        }

        switch (inner)
        {
            case ThisExpressionSyntax:
                return "this";
            case TypeOfExpressionSyntax typeOf:
                return model.GetTypeInfo(typeOf.Type, cancellationToken).Type?.OriginalDefinition;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "GetType" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetType", Expression: ThisExpressionSyntax } }:
                // The runtime type of this: the type itself or a subclass; one static gate of the type covers both.
                return inner.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration ? model.GetDeclaredSymbol(declaration, cancellationToken)?.OriginalDefinition : null;
            case CastExpressionSyntax:
                return expression;
        }

        return model.GetSymbolInfo(inner, cancellationToken).Symbol is IFieldSymbol field ? field : null;
    }

    private static bool Same(object key, object? other) =>
        key is ISymbol symbol ? SymbolEqualityComparer.Default.Equals(symbol, other as ISymbol) : Equals(key, other);

    /// <summary>A lock in a nested type locks that type's own <c>this</c>, not ours.</summary>
    private static bool InType(SyntaxNode node, TypeDeclarationSyntax type) => node.FirstAncestorOrSelf<TypeDeclarationSyntax>() == type;

    private sealed class Plan
    {
        public Plan(List<LockStatementSyntax> locks, bool isStatic)
        {
            Locks = locks;
            IsStatic = isStatic;
        }

        public List<LockStatementSyntax> Locks { get; }

        public bool IsStatic { get; }
    }
}
