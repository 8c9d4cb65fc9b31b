using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>Walks of a type's base-class chain (exception hierarchies, mostly).</summary>
internal static class BaseTypes
{
    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    internal static bool IsOrDerivesFrom(ITypeSymbol? type, ITypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
