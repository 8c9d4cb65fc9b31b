using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>How a read of a field uses the value it reads: what an unlocked read can race with.</summary>
internal enum ReadUse
{
    /// <summary>Only the reference (or what never changes in the object): a null test, a comparison, a copy, <c>array.Length</c>.</summary>
    Reference,

    /// <summary>The value leaves the member: <c>return _f;</c> or an expression body.</summary>
    Returned,

    /// <summary>The object's contents: a member call, an indexer, an enumeration, an argument.</summary>
    Content,
}

/// <summary>
/// What VET201 needs to know about single accesses of a field, from the operation tree around them: how a read uses
/// the value, whether an access changes the object in place, and what a write stores.
/// </summary>
internal static class FieldUses
{
    /// <summary>
    /// How the read <paramref name="access"/> uses the value; <paramref name="member"/> names what a content read goes through
    /// for a message (a method or property, <c>this[]</c>, <c>foreach</c>), empty when nothing.
    /// </summary>
    internal static ReadUse Classify(IOperation access, out string member)
    {
        member = string.Empty;
        var value = Outermost(access);
        switch (value.Parent)
        {
            case IBinaryOperation { OperatorMethod: null }:
            case IIsPatternOperation:
            case IIsTypeOperation:
            case IVariableInitializerOperation:
                return ReadUse.Reference;
            case ICoalesceOperation coalesce when coalesce.Value == value:
                return coalesce.Parent is IReturnOperation ? ReadUse.Returned : ReadUse.Reference;
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return ReadUse.Reference;
            case IReturnOperation:
                return ReadUse.Returned;
            case IPropertyReferenceOperation { Property: { Name: "Length" or "LongLength" or "Rank" } } arrayProperty when value.Type is IArrayTypeSymbol && arrayProperty.Instance == value:
                return ReadUse.Reference;
            case IPropertyReferenceOperation { Property.Name: "Comparer" } comparer when comparer.Instance == value:
                // A collection's comparer is fixed when it is built.
                return ReadUse.Reference;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ReferenceEquals" or "Equals", IsStatic: true } } }:
                return ReadUse.Reference;
            case IInvocationOperation invocation when invocation.Instance == value:
                member = invocation.TargetMethod.Name;
                return ReadUse.Content;
            case IPropertyReferenceOperation property when property.Instance == value:
                member = property.Property.IsIndexer ? "this[]" : property.Property.Name;
                return ReadUse.Content;
            case IForEachLoopOperation:
                member = "foreach";
                return ReadUse.Content;
            default:
                return ReadUse.Content;
        }
    }

    /// <summary>
    /// Whether <paramref name="access"/> changes the object the field holds in place (not the field): a mutating call on a
    /// collection, any call on a type outside the framework, an indexer or array element write, a member assignment.
    /// <paramref name="member"/> names what the change goes through: a method, <c>this[]</c>, <c>[]</c> or the assigned member.
    /// </summary>
    internal static bool ChangesInPlace(IOperation access, CollectionTypes collections, out string member)
    {
        member = string.Empty;
        var value = Outermost(access);
        switch (value.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == value:
                member = invocation.TargetMethod.Name;
                return collections.IsUnsafeCollection(value.Type)
                    ? CollectionTypes.IsMutator(member)
                    : !IsFrameworkType(invocation.TargetMethod.ContainingType) && !invocation.TargetMethod.IsStatic;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == value && IsWritten(indexer):
                member = "this[]";
                return true;
            case IArrayElementReferenceOperation element when element.ArrayReference == value && IsWritten(element):
                member = "[]";
                return true;
            case IMemberReferenceOperation assigned when assigned.Instance == value && IsWritten(assigned):
                member = assigned.Member.Name;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The value a plain write <c>_f = value</c> stores (under conversions), or null for any other write.</summary>
    internal static IOperation? StoredValue(IOperation access) =>
        access.Parent is ISimpleAssignmentOperation assignment && assignment.Target == access
            ? Operations.WithoutConversions(assignment.Value)
            : null;

    /// <summary><c>_f ??= value</c>: lazy creation.</summary>
    internal static bool IsCoalescingWrite(IOperation access) =>
        access.Parent is ICoalesceAssignmentOperation assignment && assignment.Target == access;

    /// <summary>
    /// Whether <paramref name="value"/> is an object built right here, not yet shared: a creation, a copy
    /// (<c>ToArray()</c>, <c>ToList()</c>, ...), an immutable collection's new version, or a local the member fills from
    /// a creation and assigns nothing else.
    /// </summary>
    internal static bool IsNewlyBuilt(IOperation value, IOperation body)
    {
        value = Operations.WithoutConversions(value);
        switch (value)
        {
            case IObjectCreationOperation:
            case IArrayCreationOperation:
            case IAnonymousObjectCreationOperation:
            case ITypeParameterObjectCreationOperation:
                return true;
            case var _ when value.Syntax is CollectionExpressionSyntax:
                // [.. _items, item]: a collection expression always builds a new collection.
                return true;
            case IInvocationOperation invocation:
                var name = invocation.TargetMethod.Name;
                if (name is "ToArray" or "ToList" or "ToDictionary" or "ToHashSet" or "Clone"
                    || name.StartsWith("ToImmutable", System.StringComparison.Ordinal) || name.StartsWith("ToFrozen", System.StringComparison.Ordinal))
                {
                    return true;
                }

                // ImmutableList<T>.Add and friends return a new collection.
                return invocation.TargetMethod.ContainingType?.Name.StartsWith("Immutable", System.StringComparison.Ordinal) == true
                    && invocation.Type?.Name.StartsWith("Immutable", System.StringComparison.Ordinal) == true;
            case ILocalReferenceOperation local:
                return IsLocalOnlyBuilt(local.Local, body);
            default:
                return false;
        }
    }

    /// <summary>A local declared with a newly built value and not assigned again in <paramref name="body"/>.</summary>
    private static bool IsLocalOnlyBuilt(ILocalSymbol local, IOperation body)
    {
        var built = false;
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is not { } initializer || !IsNewlyBuilt(initializer.Value, body))
                    {
                        return false;
                    }

                    built = true;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return false;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation byRef } when SymbolEqualityComparer.Default.Equals(byRef.Local, local):
                    return false;
            }
        }

        return built;
    }

    /// <summary>The field access under any conversions (<c>(object)_f</c>) and struct member chains it is the base of.</summary>
    private static IOperation Outermost(IOperation access)
    {
        var current = access;
        while (current.Parent is IConversionOperation conversion && conversion.Operand == current)
        {
            current = conversion;
        }

        return current;
    }

    private static bool IsWritten(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        _ => false,
    };

    private static bool IsFrameworkType(INamedTypeSymbol? type)
    {
        var ns = type?.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name is "System" or "Microsoft";
    }
}
