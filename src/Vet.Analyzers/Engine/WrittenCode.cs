using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Code found from a file's text by the names written in it. For a rule whose subjects are rare (Task.WhenAny,
/// Monitor.Enter, an exception's Message): one semantic-model action per file that binds only the code around those names,
/// instead of an operation action that the compiler invokes for every call or comparison of the compilation.
/// </summary>
internal static class WrittenCode
{
    /// <summary>
    /// The calls in <paramref name="model"/>'s file whose method is written as <paramref name="name"/> (<c>x.Name(...)</c>,
    /// <c>x?.Name(...)</c>, <c>Name(...)</c>, with or without type arguments), each with the member whose code it is in
    /// (lambdas and local functions belong to the member around them, as in an operation action's containing symbol).
    /// </summary>
    internal static IEnumerable<(IInvocationOperation Call, ISymbol Owner)> Calls(SemanticModel model, string name, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var syntax in CallSyntax(model.SyntaxTree, name, cancellationToken))
        {
            if (model.GetOperation(syntax, cancellationToken) is IInvocationOperation call
                && OwnerOf(model, syntax, cancellationToken) is { } owner)
            {
                yield return (call, owner);
            }
        }
    }

    /// <summary>The calls of <see cref="Calls"/>, as syntax, before anything is bound.</summary>
    internal static IEnumerable<InvocationExpressionSyntax> CallSyntax(SyntaxTree tree, string name, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var token in FileText.Written(tree, name, cancellationToken))
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax written && CallOf(written) is { } syntax)
            {
                yield return syntax;
            }
        }
    }

    /// <summary>The name a call writes for its method (<c>Name</c> of <c>x.Name(...)</c>, <c>x?.Name(...)</c>, <c>Name&lt;T&gt;(...)</c>), or null.</summary>
    internal static string? CalledName(InvocationExpressionSyntax call) => call.Expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static InvocationExpressionSyntax? CallOf(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access when access.Name == name && call.Expression == access => call,
        MemberBindingExpressionSyntax { Parent: InvocationExpressionSyntax call } binding when call.Expression == binding => call,
        InvocationExpressionSyntax call when call.Expression == name => call,
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="node"/> (or code inside it) mentions <paramref name="name"/> as a name of its own: not as the
    /// member part of <c>x.Name</c> or <c>x?.Name</c>, nor as a named argument's label.
    /// </summary>
    internal static bool Mentions(SyntaxNode node, string name)
    {
        foreach (var descendant in node.DescendantNodesAndSelf())
        {
            if (descendant is IdentifierNameSyntax identifier
                && identifier.Identifier.ValueText == name
                && !(identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier)
                && identifier.Parent is not MemberBindingExpressionSyntax and not NameColonSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The name a type is written with: the last identifier of a simple, generic, qualified or alias-qualified name
    /// (<c>CancellationTokenSource</c> of <c>System.Threading.CancellationTokenSource</c>); null for other shapes.
    /// </summary>
    internal static string? TypeName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// Whether the name is written where it stands, alone or as <c>x.name</c>: assigned, passed by <c>ref</c> or
    /// <c>out</c>, taken by <c>ref</c>, or incremented or decremented.
    /// </summary>
    internal static bool IsWritten(IdentifierNameSyntax name)
    {
        ExpressionSyntax target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return target.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == target,
            ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } => true,
            RefExpressionSyntax => true,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => true,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } => true,
            _ => false,
        };
    }

    /// <summary>
    /// The member whose code <paramref name="node"/> is in, as an operation action's containing symbol gives it: lambdas and
    /// local functions belong to the member around them.
    /// </summary>
    internal static ISymbol? OwnerOf(SemanticModel model, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        var symbol = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>The lambda, anonymous method or local function whose code <paramref name="node"/> is in, or null for a member's own body.</summary>
    internal static SyntaxNode? InnermostFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return current;
            }

            if (current is MemberDeclarationSyntax)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Where a finding about code found in a file's action is reported: that action's context, and the member the code
    /// belongs to (what an operation action's context would give as its containing symbol).
    /// </summary>
    internal readonly struct Site
    {
        private readonly SemanticModelAnalysisContext _context;

        public Site(SemanticModelAnalysisContext context, ISymbol containingSymbol)
        {
            _context = context;
            ContainingSymbol = containingSymbol;
        }

        public ISymbol ContainingSymbol { get; }

        public System.Threading.CancellationToken CancellationToken => _context.CancellationToken;

        public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);
    }
}
