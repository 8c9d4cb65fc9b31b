using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Test code: a test project, and a method marked with a test framework's attribute (xUnit, NUnit, MSTest), recognized
/// by the attribute's name so that it works whether or not the framework's assembly is referenced.
/// </summary>
internal static class TestCode
{
    /// <summary>The option, global or per rule (<c>vet.VETnnn.test_code</c>): <c>skip</c> (default) or <c>analyze</c>.</summary>
    internal const string Option = "test_code";

    /// <summary>
    /// Whether rule <paramref name="ruleId"/> leaves this compilation alone: it is a test project, and neither
    /// <c>vet.VETnnn.test_code</c> nor <c>vet.test_code</c> is <c>analyze</c>. Findings in test code were rarely worth
    /// changing on held-out code (docs/precision.md): timeouts that end with the test, helpers shaped by their fixture,
    /// failures the test provokes. Test code is analyzed on request.
    /// </summary>
    internal static bool SkipsCompilation(Compilation compilation, AnalyzerOptions options, string ruleId)
    {
        if (!IsTestProject(compilation, BuildProperties.Read(options)))
        {
            return false;
        }

        // The option is a project-wide choice: the settings of the project's first file answer for all of them.
        foreach (var tree in compilation.SyntaxTrees)
        {
            var value = RuleOptions.GetString(options, tree, ruleId, Option) ?? RuleOptions.GetGlobalString(options, tree, Option);
            return value != "analyze";
        }

        return true;
    }

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

    /// <summary>
    /// A NuGet package only test code references (the package of a framework in <see cref="IsTestProject"/>'s list, or
    /// the test SDK): for the <c>vet</c> tool, which reads project files without restoring their packages. Projects on
    /// Microsoft.Testing.Platform reference the framework without Microsoft.NET.Test.Sdk.
    /// </summary>
    internal static bool IsTestFrameworkPackage(string? id) =>
        id is not null
        && (id.Equals("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase)
            || id.Equals("xunit", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("xunit.v3", StringComparison.OrdinalIgnoreCase)
            || id.Equals("xunit.core", StringComparison.OrdinalIgnoreCase)
            || id.Equals("NUnit", StringComparison.OrdinalIgnoreCase)
            || id.Equals("MSTest", StringComparison.OrdinalIgnoreCase)
            || id.Equals("MSTest.TestFramework", StringComparison.OrdinalIgnoreCase)
            || id.Equals("TUnit", StringComparison.OrdinalIgnoreCase));

    private static bool IsTestAttribute(string? name) =>
        name is "Fact" or "FactAttribute" or "Theory" or "TheoryAttribute" or "Test" or "TestAttribute"
            or "TestCase" or "TestCaseAttribute" or "TestMethod" or "TestMethodAttribute" or "DataTestMethod" or "DataTestMethodAttribute";
}
