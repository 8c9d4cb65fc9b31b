using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vet.Analyzers.Engine;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>
/// A type that a polyfill package defines again beside the framework's own still resolves, where
/// <c>Compilation.GetTypeByMetadataName</c> gives up and answers null.
/// </summary>
public class WellKnownTypesTests
{
    private const string LockName = "System.Threading.Lock";

    [Fact]
    public void The_frameworks_type_wins_over_a_public_polyfill()
    {
        var compilation = Compile("class C { }", Polyfill("public"));

        var found = WellKnownTypes.Get(compilation, LockName);

        Assert.NotNull(found);
        Assert.Equal(compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly, found!.ContainingAssembly);
    }

    [Fact]
    public void A_polyfill_is_used_where_the_framework_has_none()
    {
        var compilation = Compile("class C { }", Polyfill("public"), TargetFramework.Net80);

        var found = WellKnownTypes.Get(compilation, LockName);

        Assert.NotNull(found);
        Assert.Equal("Polyfills", found!.ContainingAssembly.Name);
    }

    [Fact]
    public void The_compilations_own_definition_wins()
    {
        var compilation = Compile("namespace System.Threading { internal sealed class Lock { } }", Polyfill("public"));

        var found = WellKnownTypes.Get(compilation, LockName);

        Assert.Equal(compilation.Assembly, found!.ContainingAssembly);
    }

    [Fact]
    public void An_internal_polyfill_of_another_assembly_is_not_seen()
    {
        var compilation = Compile("class C { }", Polyfill("internal"), TargetFramework.Net80);

        Assert.Null(WellKnownTypes.Get(compilation, LockName));
        Assert.Null(WellKnownTypes.Get(compilation, "System.NoSuchType"));
    }

    [Fact]
    public void A_public_polyfill_is_used_beside_an_internal_one()
    {
        var compilation = Compile("class C { }", Polyfill("public"), TargetFramework.Net80, Polyfill("internal", "Hidden"));

        var found = WellKnownTypes.Get(compilation, LockName);

        Assert.Null(compilation.GetTypeByMetadataName(LockName));
        Assert.Equal("Polyfills", found!.ContainingAssembly.Name);
    }

    [Fact]
    public void Answers_the_same_symbol_every_time()
    {
        var compilation = Compile("class C { }", Polyfill("public"));

        Assert.Same(WellKnownTypes.Get(compilation, LockName), WellKnownTypes.Get(compilation, LockName));
    }

    private static MetadataReference Polyfill(string accessibility, string assemblyName = "Polyfills")
    {
        var source = "namespace System.Threading { " + accessibility + " sealed class Lock { } }";
        var polyfill = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestEnvironment.ReferencesFor(TargetFramework.Net80),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = polyfill.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static CSharpCompilation Compile(string source, MetadataReference polyfill, TargetFramework framework = TargetFramework.Net100, MetadataReference? another = null) =>
        CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(source) },
            another is null ? TestEnvironment.ReferencesFor(framework).Append(polyfill) : TestEnvironment.ReferencesFor(framework).Append(polyfill).Append(another),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
