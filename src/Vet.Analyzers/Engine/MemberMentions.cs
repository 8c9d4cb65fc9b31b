using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether code outside a type may call one of its members, from the text of the compilation: a rule that reads a
/// type's own call graph (which members only its constructor calls, which only run under its lock) asks this before
/// it trusts that graph for a member other types can reach. Names are compared, not symbols, so an unrelated member of
/// the same name counts as a call too (the safe side).
/// Each question searches the files' text for the name and confirms each place it is written in the syntax (only the
/// path to that token is built): a rule asks this for few members, after its own evidence says the answer matters, so
/// reading every file's names up front cost far more than the questions.
/// </summary>
internal sealed class MemberMentions
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<(string Member, string Type, INamedTypeSymbol? PrivateTo), bool> _answers = new();

    internal MemberMentions(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>
    /// Whether code other than <paramref name="type"/>'s own may call <paramref name="member"/> (a method or an
    /// accessor): its name after a receiver that is not <c>this</c> (<c>other.Reset()</c>, <c>x?.Reset()</c>,
    /// <c>base.Reset()</c>, a method group <c>x.Reset</c>), set in an object initializer, or called without a receiver
    /// (or on <c>this</c>) in another type (a derived class). Indexers and operators are always reachable.
    /// </summary>
    internal bool IsMentionedOutside(IMethodSymbol member, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var named = member.AssociatedSymbol ?? member;
        if (named is IPropertySymbol { IsIndexer: true } || member.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet))
        {
            return true;
        }

        // A private member can be named only inside its outermost type's declarations (nested types included): only
        // those files are read, not the whole compilation.
        var outermost = type.OutermostType();
        var isPrivate = named.DeclaredAccessibility == Accessibility.Private;
        var key = (named.Name, type.Name, isPrivate ? outermost : null);
        if (_answers.TryGetValue(key, out var known))
        {
            return known;
        }

        var answer = false;
        foreach (var tree in isPrivate ? OwnTrees(outermost) : _compilation.SyntaxTrees)
        {
            if (IsMentionedOutsideIn(tree, named.Name, type.Name, cancellationToken))
            {
                answer = true;
                break;
            }
        }

        _answers.TryAdd(key, answer);
        return answer;
    }

    private static List<SyntaxTree> OwnTrees(INamedTypeSymbol type)
    {
        var trees = new List<SyntaxTree>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (!trees.Contains(reference.SyntaxTree))
            {
                trees.Add(reference.SyntaxTree);
            }
        }

        return trees;
    }

    /// <summary>Whether <paramref name="tree"/>'s code (not its comments or string literals) names <paramref name="name"/> as a mention from outside.</summary>
    private static bool IsMentionedOutsideIn(SyntaxTree tree, string name, string typeName, CancellationToken cancellationToken)
    {
        var text = FileText.Of(tree, cancellationToken);
        SyntaxNode? root = null;
        for (var at = text.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, System.StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at > 0 && FileText.IsLetterDigitOrUnderscore(text[at - 1])) || (end < text.Length && FileText.IsLetterDigitOrUnderscore(text[end])))
            {
                continue;
            }

            root ??= tree.GetRoot(cancellationToken);
            var token = root.FindToken(at);
            if (token.Span.End != end || !token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not SimpleNameSyntax simple)
            {
                // A comment, a string literal or a longer name.
                continue;
            }

            if (IsMentionFromOutside(simple, typeName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMentionFromOutside(SimpleNameSyntax simple, string typeName)
    {
        switch (simple.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == simple:
                // After a receiver: another object's member, unless the receiver is this.
                return access.Expression is not ThisExpressionSyntax || !IsOwnTypeCode(simple, typeName);
            case MemberBindingExpressionSyntax:
            case QualifiedNameSyntax qualified when qualified.Right == simple:
                return true;
            case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression } } assignment
                when assignment.Left == simple:
                // new Buffer { Size = 4 }: a property set by the code that builds the object.
                return true;
            case InvocationExpressionSyntax invocation when invocation.Expression == simple:
                return !IsOwnTypeCode(simple, typeName);
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="node"/> is in the code of a type named <paramref name="typeName"/> (the type itself, or a partial part of it).</summary>
    private static bool IsOwnTypeCode(SyntaxNode node, string typeName) =>
        (node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.ValueText ?? string.Empty) == typeName;
}
