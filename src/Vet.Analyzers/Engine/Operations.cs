using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>Small operation-tree helpers shared by the rules.</summary>
internal static class Operations
{
    /// <summary>The operand under any conversions (implicit or explicit), so a value is compared by what it is.</summary>
    internal static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
