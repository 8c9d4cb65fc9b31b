using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Test code: a test project, and a method marked with a test framework's attribute (xUnit, NUnit, MSTest), recognized
/// by the attribute's name so that it works whether or not the framework's assembly is referenced.
/// </summary>
internal static class TestCode
{
    /// <summary>Whether <paramref name="containingSymbol"/>, or a method it is written in (for a lambda or local function), is a test.</summary>
    internal static bool IsInTestMethod(ISymbol? containingSymbol)
    {
        for (var symbol = containingSymbol; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (IsTestAttribute(attribute.AttributeClass?.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="compilation"/> is a test project: it says so (<c>IsTestProject</c>), or, in a build that
    /// does not pass the property, it references a test framework.
    /// </summary>
    internal static bool IsTestProject(Compilation compilation, BuildProperties properties)
    {
        if (properties.IsTestProject)
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (reference.Name is "xunit.core" or "xunit.v3.core" or "nunit.framework" or "Microsoft.VisualStudio.TestPlatform.TestFramework" or "MSTest.TestFramework")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTestAttribute(string? name) =>
        name is "Fact" or "FactAttribute" or "Theory" or "TheoryAttribute" or "Test" or "TestAttribute"
            or "TestCase" or "TestCaseAttribute" or "TestMethod" or "TestMethodAttribute" or "DataTestMethod" or "DataTestMethodAttribute";
}
