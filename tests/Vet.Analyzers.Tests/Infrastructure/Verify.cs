using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Vet.Analyzers.Tests.Infrastructure;

/// <summary>
/// Short verbs for a rule's tests, used through an alias:
/// <c>using Verify = Vet.Analyzers.Tests.Infrastructure.Verify&lt;MyAnalyzer, MyCodeFix&gt;;</c>
/// </summary>
public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// A finding with the rule's own message (the analyzer's first descriptor; the others are the rule's other shapes), to be
    /// placed with <c>WithLocation</c> and given message arguments.
    /// </summary>
    public static DiagnosticResult Diagnostic() => Diagnostic(new TAnalyzer().SupportedDiagnostics[0]);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

    /// <summary>The analyzer reports exactly <paramref name="expected"/> (plus markup locations) on <paramref name="source"/>.</summary>
    public static Task Analyzer(string source, params DiagnosticResult[] expected) =>
        Analyzer(source, TargetFramework.Net80, editorConfig: null, expected);

    public static Task Analyzer(string source, TargetFramework framework, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new VetTest<TAnalyzer, TCodeFix>(framework) { TestCode = source };
        if (editorConfig is not null)
        {
            test.WithEditorConfig(editorConfig);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Nothing is reported on <paramref name="source"/>.</summary>
    public static Task NoDiagnostics(string source, TargetFramework framework = TargetFramework.Net80, string? editorConfig = null) =>
        Analyzer(source, framework, editorConfig);

    /// <summary>
    /// Applying the fix named <paramref name="equivalenceKey"/> to each diagnostic, one at a time and with Fix All,
    /// turns <paramref name="source"/> into <paramref name="fixedSource"/>, which must compile.
    /// </summary>
    public static Task CodeFix(string source, string fixedSource, string? equivalenceKey = null, TargetFramework framework = TargetFramework.Net80, params DiagnosticResult[] expected)
    {
        var test = new VetTest<TAnalyzer, TCodeFix>(framework)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
