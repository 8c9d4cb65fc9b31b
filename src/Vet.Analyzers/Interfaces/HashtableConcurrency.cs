using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// Hashtable is documented as safe for many readers and one writer at a time, and caches rely on it: lock-free
/// reads, writes under a lock. Dictionary&lt;TKey, TValue&gt; is not, so replacing such a Hashtable with it adds a
/// data race. A Hashtable locked on, or used inside a lock, in its scope is taken to rely on that contract.
/// </summary>
internal static class HashtableConcurrency
{
    /// <summary>
    /// Whether a lock in <paramref name="scopes"/> locks <paramref name="name"/> or uses it in its body, directly or
    /// through a local copied from it (<c>var cache = Holder.Cache; lock (cache)</c>). By name: it only exempts.
    /// </summary>
    public static bool IsRelied(string name, IEnumerable<SyntaxNode> scopes, CancellationToken cancellationToken)
    {
        var scopeList = new List<SyntaxNode>(scopes);
        var locks = new List<LockStatementSyntax>();
        foreach (var scope in scopeList)
        {
            foreach (var lockStatement in LockScope.LockStatements(scope, cancellationToken))
            {
                if (LocksHashtableParameter(lockStatement))
                {
                    return true; // a helper that locks the table it is given: its callers' tables rely on it
                }

                locks.Add(lockStatement);
            }
        }

        if (locks.Count == 0)
        {
            return false;
        }

        var names = new HashSet<string>(System.StringComparer.Ordinal) { name };
        foreach (var scope in scopeList)
        {
            foreach (var token in FileText.Written(scope.SyntaxTree, name, cancellationToken))
            {
                if (scope.Span.Contains(token.SpanStart) && CopiedInto(token) is { } local)
                {
                    names.Add(local);
                }
            }
        }

        foreach (var lockStatement in locks)
        {
            foreach (var identifier in lockStatement.DescendantNodes())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: { } text } && names.Contains(text))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The local a written name is copied into, as the last name of its initializer (<c>var cache = Holder.Cache;</c>) or
    /// as one of the values it chooses between (<c>var table = external ?? s_all;</c>, <c>c ? a : b</c>), else null.
    /// </summary>
    private static string? CopiedInto(SyntaxToken token)
    {
        if (token.Parent is not IdentifierNameSyntax identifier)
        {
            return null;
        }

        SyntaxNode value = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access
            : identifier.Parent is QualifiedNameSyntax qualified && qualified.Right == identifier ? qualified
            : identifier;
        while (value.Parent is ParenthesizedExpressionSyntax
            or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression }
            or ConditionalExpressionSyntax)
        {
            if (value.Parent is ConditionalExpressionSyntax choice && choice.Condition == value)
            {
                return null; // tested, not copied
            }

            value = value.Parent;
        }

        return value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator.Identifier.ValueText : null;
    }

    private static bool LocksHashtableParameter(LockStatementSyntax lockStatement)
    {
        if (lockStatement.Expression is not IdentifierNameSyntax { Identifier.ValueText: { } target })
        {
            return false;
        }

        foreach (var ancestor in lockStatement.Ancestors())
        {
            var list = ancestor switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList,
                LocalFunctionStatementSyntax function => function.ParameterList,
                _ => null,
            };
            if (list is not null)
            {
                foreach (var parameter in list.Parameters)
                {
                    if (parameter.Identifier.ValueText == target && NamedLast(parameter.Type) == "Hashtable")
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    private static string? NamedLast(ExpressionSyntax? value) => value switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        NullableTypeSyntax nullable => NamedLast(nullable.ElementType),
        _ => null,
    };
}
