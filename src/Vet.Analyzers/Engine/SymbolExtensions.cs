using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>Facts about a symbol that more than one question asks.</summary>
internal static class SymbolExtensions
{
    /// <summary>Marked <c>[Obsolete]</c>: an overload a rule should not point callers to.</summary>
    internal static bool IsObsolete(this ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute" })
            {
                return true;
            }
        }

        return false;
    }
}
