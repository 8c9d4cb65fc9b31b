using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Meta;

/// <summary>
/// The package promises to load in the .NET 8 SDK (8.0.100) and VS 2022 17.8, whose compiler is Roslyn 4.8.
/// The analyzers must be compiled against no newer Roslyn, and these tests must run on exactly that floor:
/// a testing package pulling a newer Microsoft.CodeAnalysis in transitively would hide a CS8032/CS9057 break.
/// </summary>
public class CompilerFloorTests
{
    private static readonly Version Floor = new(4, 8, 0, 0);

    [Theory]
    [InlineData(typeof(Compilation))]
    [InlineData(typeof(CSharpCompilation))]
    [InlineData(typeof(Microsoft.CodeAnalysis.Workspace))]
    [InlineData(typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions))]
    public void Tests_load_the_floor_roslyn(Type roslynType)
    {
        var assembly = roslynType.Assembly;
        Assert.Equal(Floor, assembly.GetName().Version);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.StartsWith("4.8.", informational, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_assemblies_reference_no_newer_roslyn()
    {
        foreach (var shipped in new[] { VetAssemblies.Analyzers, VetAssemblies.CodeFixes })
        {
            var roslyn = shipped.GetReferencedAssemblies().Where(reference => reference.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, reference => Assert.True(reference.Version <= Floor, $"{shipped.GetName().Name} references {reference.Name} {reference.Version}, newer than the {Floor} floor"));
        }
    }
}
