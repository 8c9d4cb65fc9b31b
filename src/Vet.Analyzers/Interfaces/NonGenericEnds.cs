using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// Where a new non-generic collection goes. When every place it reaches takes it as a non-generic interface
/// (<c>IList</c>, <c>IDictionary</c>, <c>ICollection</c>, <c>IEnumerable</c>), as <c>object</c> or as its own type, the
/// code that reads its elements is non-generic anyway: a generic collection adds no type safety there (the fix could
/// only write <c>List&lt;object&gt;</c>). A local qualifies when it is only filled (<c>Add</c>, indexer sets, ...) and
/// handed on like that; a local that uses a member without a generic twin, or that an expression tree captures (the
/// query provider sees its type), keeps its type too.
/// </summary>
internal static class NonGenericEnds
{
    /// <summary>Whether <paramref name="creation"/> only reaches non-generic code (see the type's remarks).</summary>
    public static bool OnlyReachesNonGenericCode(IObjectCreationOperation creation, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        var top = Climb(creation);
        switch (top.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsNonGenericLocal(declarator.Symbol, declarator, collections, cancellationToken);
            case ISimpleAssignmentOperation assignment when assignment.Value == top && assignment.Target is ILocalReferenceOperation local:
                return IsNonGenericLocal(local.Local, assignment, collections, cancellationToken);
            default:
                return IsHandOff(top, collections);
        }
    }

    /// <summary>
    /// Whether <paramref name="local"/> is only filled and handed to non-generic code (at least once), or uses a member
    /// without a generic twin, or is captured by an expression tree. <paramref name="anywhere"/> is any operation of its body.
    /// </summary>
    public static bool IsNonGenericLocal(ILocalSymbol local, IOperation anywhere, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        var root = anywhere;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var handOffs = 0;
        foreach (var node in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (IsInExpressionTree(reference))
            {
                return true;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    if (HasNoGenericTwin(invocation.TargetMethod))
                    {
                        return true;
                    }

                    if (!IsFill(invocation))
                    {
                        return false;
                    }

                    continue;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == reference:
                    if (indexer.Parent is ISimpleAssignmentOperation set && set.Target == indexer)
                    {
                        continue;
                    }

                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    continue; // a new value: its creation is judged on its own
            }

            if (!IsHandOff(Climb(reference), collections))
            {
                return false;
            }

            handOffs++;
        }

        return handOffs > 0;
    }

    /// <summary>The value as its destination receives it: above conversions, parentheses, <c>??</c> and <c>?:</c> branches.</summary>
    private static IOperation Climb(IOperation value)
    {
        while (value.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IParenthesizedOperation:
                case ICoalesceOperation coalesce when coalesce.WhenNull == value:
                case IConditionalOperation conditional when conditional.WhenTrue == value || conditional.WhenFalse == value:
                    value = parent;
                    continue;
            }

            break;
        }

        return value;
    }

    /// <summary>
    /// <paramref name="top"/> (see <see cref="Climb"/>) is passed, returned or stored (not into a local) as a non-generic
    /// type, or passed to a call that does not bind, whose target type is unknown.
    /// </summary>
    private static bool IsHandOff(IOperation top, NonGenericCollections collections)
    {
        switch (top.Parent)
        {
            case IArgumentOperation { Parameter: null }:
                return true;
            case IArgumentOperation { Parameter: { } parameter }:
                return IsNonGenericTarget(parameter.Type, collections);
            case IReturnOperation:
            case ISymbolInitializerOperation:
                return IsNonGenericTarget(top.Type, collections);
            case ISimpleAssignmentOperation assignment when assignment.Value == top && assignment.Target is not ILocalReferenceOperation:
                return IsNonGenericTarget(assignment.Target.Type, collections);
            case IInvalidOperation when top.Syntax.Parent is ArgumentSyntax:
                return true;
            default:
                return false;
        }
    }

    private static bool IsNonGenericTarget(ITypeSymbol? type, NonGenericCollections collections)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType is SpecialType.System_Object or SpecialType.System_Collections_IEnumerable || collections.Find(type) is not null)
        {
            return true;
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Interface, Arity: 0, Name: "IList" or "ICollection" or "IDictionary" } named
            && named.ContainingNamespace is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    /// <summary>Puts elements in, and nothing comes out that a generic type would type.</summary>
    private static bool IsFill(IInvocationOperation invocation) => invocation.TargetMethod.Name switch
    {
        "Add" => invocation.Parent is IExpressionStatementOperation, // ArrayList.Add's index read back is a use
        "AddRange" or "Insert" or "InsertRange" or "Enqueue" or "Push" or "Clear" => true,
        _ => false,
    };

    /// <summary>
    /// Members whose behaviour the generic collections do not offer: <c>ArrayList.ToArray(Type)</c> (an array whose
    /// element type is known only at run time), <c>ArrayList.SetRange</c>, <c>SortedList.SetByIndex</c>.
    /// </summary>
    internal static bool HasNoGenericTwin(IMethodSymbol method) =>
        IsNoGenericTwin(method.ContainingType?.Name ?? string.Empty, method.Name, method.Parameters.Length);

    private static readonly (string Type, string Member, int Arguments)[] NoGenericTwin =
    {
        ("ArrayList", "ToArray", 1),
        ("ArrayList", "SetRange", 2),
        ("SortedList", "SetByIndex", 2),
    };

    /// <summary>One of <see cref="NoGenericTwin"/>; a null <paramref name="type"/> (read from syntax, unbound) matches any of them.</summary>
    private static bool IsNoGenericTwin(string? type, string member, int arguments)
    {
        foreach (var twinless in NoGenericTwin)
        {
            if ((type is null || twinless.Type == type) && twinless.Member == member && twinless.Arguments == arguments)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether code in <paramref name="scopes"/> calls, on a field named <paramref name="name"/> (or <c>this.</c> it), a
    /// member that <see cref="HasNoGenericTwin"/> names, read from the syntax: a field whose array is built with
    /// <c>ToArray(elementType)</c> has no generic replacement either.
    /// </summary>
    internal static bool FieldUsesMemberWithoutGenericTwin(string name, IEnumerable<SyntaxNode> scopes, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var scope in scopes)
        {
            foreach (var token in FileText.WrittenInside(scope, name, SyntaxKind.IdentifierToken, cancellationToken))
            {
                SyntaxNode? receiver = token.Parent as IdentifierNameSyntax;
                if (receiver?.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == receiver)
                {
                    receiver = self;
                }

                if (receiver?.Parent is MemberAccessExpressionSyntax access
                    && access.Expression == receiver
                    && access.Parent is InvocationExpressionSyntax call
                    && IsNoGenericTwin(null, access.Name.Identifier.ValueText, call.ArgumentList.Arguments.Count))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsInExpressionTree(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation && current.Parent?.Type is INamedTypeSymbol { Name: "Expression", Arity: 1 } tree
                && tree.ContainingNamespace is { Name: "Expressions", ContainingNamespace.Name: "Linq" })
            {
                return true;
            }
        }

        return false;
    }
}
