using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The names of the exception types a compilation catches by type: <c>catch (RetryException)</c>, or a filter that tests
/// the type (<c>when (ex is RetryException)</c>). An exception without a message that some code catches by type is a
/// control-flow signal (retry, skip, stop), not a failure report that should carry a cause (VET301, VET306).
/// </summary>
/// <remarks>
/// Read from syntax (simple names, no binding), once per compilation and only when a rule asks: a signal is told apart
/// by its name being caught somewhere, which a same-named type elsewhere can only make more lenient.
/// </remarks>
internal sealed class CaughtTypes
{
    private readonly Compilation compilation;
    private HashSet<string>? names;

    internal CaughtTypes(Compilation compilation) => this.compilation = compilation;

    /// <summary>Some catch of the compilation selects a type of this simple name.</summary>
    internal bool IsCaught(INamedTypeSymbol type, CancellationToken cancellationToken) => Names(cancellationToken).Contains(type.Name);

    private HashSet<string> Names(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref names);
        if (known is not null)
        {
            return known;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes())
            {
                if (node is not CatchClauseSyntax clause)
                {
                    continue;
                }

                if (clause.Declaration is { Type: var caught } && WrittenCode.TypeName(caught) is { } name)
                {
                    found.Add(name);
                }

                if (clause.Filter is { FilterExpression: var filter })
                {
                    AddTypeTests(filter, found);
                }
            }
        }

        Interlocked.CompareExchange(ref names, found, null);
        return names!;
    }

    /// <summary><c>ex is T</c>, <c>ex is T t</c>, <c>ex is not T</c>, and <c>T</c> in property patterns, in a filter.</summary>
    private static void AddTypeTests(ExpressionSyntax filter, HashSet<string> found)
    {
        foreach (var node in filter.DescendantNodesAndSelf())
        {
            var type = node switch
            {
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression, Right: TypeSyntax tested } => tested,
                DeclarationPatternSyntax { Type: var declared } => declared,
                TypePatternSyntax { Type: var typed } => typed,
                RecursivePatternSyntax { Type: { } recursive } => recursive,
                ConstantPatternSyntax { Expression: NameSyntax named } => named,
                _ => null,
            };
            if (type is not null && WrittenCode.TypeName(type) is { } name)
            {
                found.Add(name);
            }
        }
    }
}
