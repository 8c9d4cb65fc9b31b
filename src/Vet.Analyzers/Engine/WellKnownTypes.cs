using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Types looked up by metadata name, once per compilation for every rule. A type that several assemblies define (a
/// polyfill package beside the framework's own) still resolves: the compilation's own definition first, else the only
/// one it can see, else the core library's. <c>Compilation.GetTypeByMetadataName</c> answers null in those cases,
/// which would switch a rule off in exactly the multi-targeting libraries that carry polyfills.
/// </summary>
internal sealed class WellKnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, WellKnownTypes> PerCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);

    private WellKnownTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>The type named <paramref name="metadataName"/> (<c>System.Threading.Tasks.Task`1</c>) as <paramref name="compilation"/> sees it, or null.</summary>
    internal static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        PerCompilation.GetValue(compilation, static c => new WellKnownTypes(c)).Get(metadataName);

    private INamedTypeSymbol? Get(string metadataName)
    {
        if (_types.TryGetValue(metadataName, out var known))
        {
            return known;
        }

        var type = Resolve(metadataName);
        _types.TryAdd(metadataName, type);
        return type;
    }

    private INamedTypeSymbol? Resolve(string metadataName)
    {
        if (_compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
        {
            return own;
        }

        // The core library's own definition wins over any other the compilation can see, so when it has one, no other
        // assembly needs to be asked (asking every reference is the expensive part of a lookup).
        var coreLibrary = _compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        if (coreLibrary?.GetTypeByMetadataName(metadataName) is { } core && _compilation.IsSymbolAccessibleWithin(core, _compilation.Assembly))
        {
            return core;
        }

        INamedTypeSymbol? visible = null;
        INamedTypeSymbol? fromCoreLibrary = null;
        var visibleCount = 0;
        foreach (var candidate in _compilation.GetTypesByMetadataName(metadataName))
        {
            if (!_compilation.IsSymbolAccessibleWithin(candidate, _compilation.Assembly))
            {
                continue;
            }

            visible = candidate;
            visibleCount++;
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, coreLibrary))
            {
                fromCoreLibrary = candidate;
            }
        }

        return visibleCount == 1 ? visible : fromCoreLibrary;
    }
}
