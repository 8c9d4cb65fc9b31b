using Microsoft.CodeAnalysis;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>SymbolExtensions: facts about symbols several rules ask.</summary>
public class SymbolExtensionsTests
{
    [Theory]
    [InlineData("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute", "System.Diagnostics.CodeAnalysis", true)]
    [InlineData("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute", "System.Diagnostics", false)]
    [InlineData("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute", "Diagnostics.CodeAnalysis", false)]
    [InlineData("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute", "XSystem.Diagnostics.CodeAnalysis", false)]
    [InlineData("System.Diagnostics.ConditionalAttribute", "System.Diagnostics", true)]
    [InlineData("System.ObsoleteAttribute", "System", true)]
    [InlineData("System.ObsoleteAttribute", "", false)]
    [InlineData("Company.System.Marker", "System", false)]
    [InlineData("Marker", "", true)]
    [InlineData("Marker", "System", false)]
    public void A_namespace_is_compared_by_its_dotted_name(string type, string name, bool expected)
    {
        var code = EngineCompilation.Create("namespace Company.System { public class Marker { } } public class Marker { }");
        var symbol = code.Compilation.GetTypeByMetadataName(type)!;

        Assert.Equal(expected, symbol.ContainingNamespace.IsNamed(name));
    }
}
