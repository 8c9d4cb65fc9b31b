using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Tests.Infrastructure;

/// <summary>The frameworks test compilations can target; their reference packs are restored by the build.</summary>
public enum TargetFramework
{
    Net80,
    Net100,

    /// <summary>.NET Standard 2.0: the floor for APIs that arrived later, such as Task.WaitAsync (.NET 6).</summary>
    NetStandard20,
}

/// <summary>Paths and reference assemblies baked into the test assembly at build time.</summary>
public static class TestEnvironment
{
    private static readonly ConcurrentDictionary<TargetFramework, ImmutableArray<MetadataReference>> References = new();

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static ImmutableArray<MetadataReference> ReferencesFor(TargetFramework framework) =>
        References.GetOrAdd(framework, static f =>
        {
            var folder = Metadata(f switch
            {
                TargetFramework.Net80 => "Net80References",
                TargetFramework.NetStandard20 => "NetStandard20References",
                _ => "Net100References",
            });
            if (!Directory.Exists(folder))
            {
                throw new InvalidOperationException($"Reference pack folder '{folder}' is missing: run 'dotnet restore' on the test project.");
            }

            return Directory.GetFiles(folder, "*.dll")
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        });

    public static string TargetFrameworkMoniker(TargetFramework framework) => framework switch
    {
        TargetFramework.Net80 => "net8.0",
        TargetFramework.NetStandard20 => "netstandard2.0",
        _ => "net10.0",
    };

    private static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(attribute => attribute.Key == key).Value!;
}
