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

    /// <summary><c>Task</c> or <c>ValueTask</c> (<paramref name="generic"/> false), or <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> (true).</summary>
    internal static bool IsTask(this ITypeSymbol type, bool generic) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named
        && named.Arity == (generic ? 1 : 0)
        && named.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
