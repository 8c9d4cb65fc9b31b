using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>Fields of the type being analyzed that other threads can see change: shared, mutable, not volatile.</summary>
internal static class OwnFields
{
    /// <summary>
    /// The field when <paramref name="operation"/> (under conversions) reads or writes a mutable, non-volatile field of
    /// the current object (<c>_f</c>, <c>this._f</c>) or a static field; null otherwise.
    /// </summary>
    internal static IFieldSymbol? PlainShared(IOperation? operation)
    {
        if (operation is null
            || Operations.WithoutConversions(operation) is not IFieldReferenceOperation { Field: var field } reference
            || field.IsVolatile
            || field.IsConst
            || field.IsReadOnly)
        {
            return null;
        }

        return field.IsStatic || reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
            ? field
            : null;
    }
}
