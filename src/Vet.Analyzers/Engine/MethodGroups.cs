using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether a method may be used as a method group somewhere in the compilation: a rule whose fix rewrites every call of
/// a method (reordering its parameters) cannot rewrite a group converted to a delegate, which keeps the old order. Read
/// from the text of each file, and from the syntax only where the name is written.
/// </summary>
internal static class MethodGroups
{
    /// <summary>
    /// Whether some file writes <paramref name="name"/> as a simple name that is not called (an invocation's callee, with
    /// or without a receiver), nor the argument of <c>nameof</c>. A field, property or local of the same name counts too:
    /// the safe side, for a fix that is then not offered.
    /// </summary>
    internal static bool MayBeUsedAsGroup(Compilation compilation, string name, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var token in FileText.Written(tree, name, cancellationToken))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax simple && !IsCalled(simple) && !InNameof(simple))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsCalled(SimpleNameSyntax name)
    {
        ExpressionSyntax callee = name;
        while (true)
        {
            switch (callee.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Name == callee:
                    callee = access;
                    continue;
                case MemberBindingExpressionSyntax binding when binding.Name == callee:
                    callee = binding;
                    continue;
                case InvocationExpressionSyntax invocation:
                    return invocation.Expression == callee;
                default:
                    return false;
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> is inside a <c>nameof(...)</c> of its statement or member.</summary>
    internal static bool InNameof(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null and not StatementSyntax and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
            {
                return true;
            }
        }

        return false;
    }
}
