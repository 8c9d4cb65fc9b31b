using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>The collections that are not safe to change from several threads, resolved once per compilation.</summary>
internal sealed class CollectionTypes
{
    private readonly ImmutableArray<INamedTypeSymbol> _types;

    internal CollectionTypes(Compilation compilation)
    {
        var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in new[]
        {
            "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.SortedDictionary`2",
            "System.Collections.Generic.SortedList`2", "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.LinkedList`1",
            "System.Collections.ArrayList", "System.Collections.Hashtable", "System.Text.StringBuilder",
        })
        {
            if (WellKnownTypes.Get(compilation, name) is { } type)
            {
                types.Add(type);
            }
        }

        _types = types.ToImmutable();
    }

    internal bool IsUnsafeCollection(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        foreach (var candidate in _types)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, candidate))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsMutator(string name) => name switch
    {
        "Add" or "AddRange" or "Insert" or "InsertRange" or "Remove" or "RemoveAt" or "RemoveAll" or "RemoveRange" or "RemoveWhere"
            or "Clear" or "Enqueue" or "Dequeue" or "TryDequeue" or "Push" or "Pop" or "TryPop" or "TryAdd" or "Sort" or "Reverse"
            or "AddFirst" or "AddLast" or "AddBefore" or "AddAfter" or "RemoveFirst" or "RemoveLast"
            or "UnionWith" or "ExceptWith" or "IntersectWith" or "SymmetricExceptWith" or "TrimExcess" or "EnsureCapacity"
            or "Append" or "AppendLine" or "AppendFormat" => true,
        _ => false,
    };
}
