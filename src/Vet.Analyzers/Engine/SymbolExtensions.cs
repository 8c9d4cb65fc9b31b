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

    /// <summary>
    /// In code marked <c>[Obsolete]</c>: the member, or a type around it. Deprecated code is kept as it is until it is
    /// removed; its maintainers do not take improvements to it.
    /// </summary>
    internal static bool IsInObsoleteCode(this ISymbol member)
    {
        for (var current = member; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.IsObsolete() || (current is IMethodSymbol { AssociatedSymbol: { } property } && property.IsObsolete()))
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

    /// <summary>
    /// Whether the namespace is exactly <paramref name="name"/>, written with dots (<c>System.Diagnostics</c>), compared part
    /// by part from the innermost: no display string is formatted, which a check run for every attribute cannot afford.
    /// </summary>
    internal static bool IsNamed(this INamespaceSymbol? ns, string name)
    {
        var end = name.Length;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (end <= 0)
            {
                return false;
            }

            var start = name.LastIndexOf('.', end - 1) + 1;
            var part = current.Name;
            if (end - start != part.Length || string.CompareOrdinal(name, start, part, 0, part.Length) != 0)
            {
                return false;
            }

            end = start - 1;
        }

        // Every part matched (or the global namespace, written as "").
        return end == -1 || name.Length == 0;
    }

    /// <summary>The type itself, or the outermost type it is nested in: the declarations whose code can reach its private members.</summary>
    internal static INamedTypeSymbol OutermostType(this INamedTypeSymbol type)
    {
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        return type;
    }
}
