using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Vet.Analyzers.Tests.Infrastructure;

/// <summary>
/// One analyzer (and optionally its fix) run over C# sources compiled against a real .NET reference pack.
/// Compiler errors in the sources fail the test unless <see cref="AnalyzerTest{TVerifier}.CompilerDiagnostics"/> says otherwise,
/// so a fix that produces code that does not compile fails.
/// </summary>
public class VetTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public VetTest(TargetFramework framework = TargetFramework.Net80)
    {
        Framework = framework;

        // An empty reference set: nothing is downloaded; the references come from the restored pack below.
        ReferenceAssemblies = new ReferenceAssemblies(TestEnvironment.TargetFrameworkMoniker(framework));
        TestState.AdditionalReferences.AddRange(TestEnvironment.ReferencesFor(framework));
    }

    public TargetFramework Framework { get; }

    /// <summary>
    /// Adds a project that references the primary one, before and after the fix: a fix that changes a
    /// signature must rewrite the call sites there too.
    /// </summary>
    public void AddDependentProject(string name, string source, string fixedSource)
    {
        TestState.AdditionalProjects.Add(name, NewProject(name, source));
        FixedState.AdditionalProjects.Add(name, NewProject(name, fixedSource));
    }

    private ProjectState NewProject(string name, string source)
    {
        var project = new ProjectState(name, Language, "/" + name + "/Test", "cs");
        project.AdditionalReferences.AddRange(TestEnvironment.ReferencesFor(Framework));
        project.AdditionalProjectReferences.Add(DefaultTestProjectName);
        project.Sources.Add(($"/{name}/Test0.cs", source));
        return project;
    }

    /// <summary>Compiles the primary project with an older C# version (for fixes that must produce older idioms).</summary>
    public VetTest<TAnalyzer, TCodeFix> WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion version)
    {
        SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithLanguageVersion(version));
        });
        return this;
    }

    /// <summary>
    /// Compiles the primary project as an executable (with an empty <c>Main</c> of its own, added to the sources and
    /// the fixed sources), for rules that treat the public surface of a library differently.
    /// </summary>
    public bool Executable { get; set; }

    /// <summary>Sets .editorconfig content (for rule options) for every file.</summary>
    public VetTest<TAnalyzer, TCodeFix> WithEditorConfig(string content)
    {
        TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + content + "\n"));
        return this;
    }

    /// <summary>
    /// Gives the analyzers MSBuild properties as a build does (the package's <c>CompilerVisibleProperty</c> items), for
    /// example <c>("PackageTags", "json")</c> to make the project a published library.
    /// </summary>
    public VetTest<TAnalyzer, TCodeFix> WithBuildProperties(params (string Name, string Value)[] properties)
    {
        var text = "is_global = true\n";
        foreach (var (name, value) in properties)
        {
            text += "build_property." + name + " = " + value + "\n";
        }

        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", text));
        return this;
    }

    public new Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Executable)
        {
            const string Program = "static class Program { static void Main() { } }\n";
            var fixedSources = FixedState.Sources.Count > 0;
            TestState.Sources.Add(("/0/Program.cs", Program));
            if (fixedSources)
            {
                FixedState.Sources.Add(("/0/Program.cs", Program));
            }

            SolutionTransforms.Add((solution, projectId) =>
                solution.GetProject(projectId)?.CompilationOptions is { } options
                    ? solution.WithProjectCompilationOptions(projectId, options.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication))
                    : solution);
        }

        return base.RunAsync(cancellationToken);
    }
}

/// <summary>An analyzer-only test: no fix is expected.</summary>
public class VetTest<TAnalyzer> : VetTest<TAnalyzer, EmptyCodeFixProvider>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public VetTest(TargetFramework framework = TargetFramework.Net80)
        : base(framework)
    {
    }
}
