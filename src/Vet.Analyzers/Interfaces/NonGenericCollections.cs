using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>The five non-generic collections of System.Collections and the generic type that replaces each.</summary>
internal sealed class NonGenericCollections
{
    internal sealed class Kind
    {
        public Kind(INamedTypeSymbol type, string replacementMetadataName, string replacement)
        {
            Type = type;
            ReplacementMetadataName = replacementMetadataName;
            Replacement = replacement;
        }

        public INamedTypeSymbol Type { get; }

        public string Name => Type.Name;

        /// <summary>Metadata name of the generic replacement, e.g. <c>System.Collections.Generic.List`1</c>.</summary>
        public string ReplacementMetadataName { get; }

        /// <summary>How the message writes the replacement, e.g. <c>List&lt;T&gt;</c>.</summary>
        public string Replacement { get; }

        /// <summary>Hashtable alone lets many threads read while one writes; its generic twin does not.</summary>
        public bool IsHashtable => Type.Name == "Hashtable";

        /// <summary>Keyed collections (Hashtable, SortedList) take a key and a value type.</summary>
        public bool IsKeyed => ReplacementMetadataName.EndsWith("`2", System.StringComparison.Ordinal);
    }

    private readonly ImmutableArray<Kind> kinds;

    private NonGenericCollections(ImmutableArray<Kind> kinds) => this.kinds = kinds;

    public bool IsEmpty => kinds.IsEmpty;

    /// <summary>The five types' names, as code writes them.</summary>
    public static readonly string[] Names = { "ArrayList", "Hashtable", "Queue", "Stack", "SortedList" };

    /// <summary>A cheap test on the written name before any binding (aliases are missed, and rare).</summary>
    public static bool IsCandidateName(string? name) => name is "ArrayList" or "Hashtable" or "Queue" or "Stack" or "SortedList";

    public static NonGenericCollections Resolve(Compilation compilation)
    {
        var builder = ImmutableArray.CreateBuilder<Kind>(5);
        Add(builder, compilation, "System.Collections.ArrayList", "System.Collections.Generic.List`1", "List<T>");
        Add(builder, compilation, "System.Collections.Hashtable", "System.Collections.Generic.Dictionary`2", "Dictionary<TKey, TValue>");
        Add(builder, compilation, "System.Collections.Queue", "System.Collections.Generic.Queue`1", "Queue<T>");
        Add(builder, compilation, "System.Collections.Stack", "System.Collections.Generic.Stack`1", "Stack<T>");
        Add(builder, compilation, "System.Collections.SortedList", "System.Collections.Generic.SortedList`2", "SortedList<TKey, TValue>");
        return new NonGenericCollections(builder.ToImmutable());
    }

    public Kind? Find(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { Arity: 0 } named)
        {
            foreach (var kind in kinds)
            {
                if (SymbolEqualityComparer.Default.Equals(kind.Type, named))
                {
                    return kind;
                }
            }
        }

        return null;
    }

    private static void Add(ImmutableArray<Kind>.Builder builder, Compilation compilation, string name, string replacementMetadataName, string replacement)
    {
        if (WellKnownTypes.Get(compilation, name) is { } type)
        {
            builder.Add(new Kind(type, replacementMetadataName, replacement));
        }
    }
}
