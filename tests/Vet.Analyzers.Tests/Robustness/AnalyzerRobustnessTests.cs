using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzers run on half-typed code: every analyzer, and every fix's registration, must survive mutated and
/// extreme inputs without an exception, each analyzer within <see cref="RunLimit"/> of its own execution time
/// per run. <see cref="HangLimit"/> bounds the whole run, compiler included, to catch a hang.
/// </summary>
public class AnalyzerRobustnessTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(120);
    private const int Truncations = 10;
    private const int TokenDeletions = 4;
    private const int ListTruncations = 6;

    private static readonly ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> Analyzers = VetAssemblies.AllAnalyzers();
    private static readonly ImmutableArray<CodeFixProvider> Fixes = VetAssemblies.AllCodeFixes();

    /// <summary>The C# sources of every rule test (raw string literals in the test files) and of both samples.</summary>
    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var source in CollectSources().Keys)
        {
            data.Add(source);
        }

        return data;
    }

    [Fact]
    public void Sources_are_collected_from_every_rule_test()
    {
        var sources = CollectSources();
        Assert.True(sources.Count >= 20, $"only {sources.Count} sources collected");
        foreach (var id in VetAssemblies.AllDescriptors().Keys)
        {
            Assert.Contains(sources.Keys, name => name.StartsWith(id + "Tests", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Mutated_source_does_not_break_any_analyzer(string name)
    {
        var source = CollectSources()[name];
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var variants = new List<(string Label, string Text)> { ("original", source) };
        for (var i = 1; i <= Truncations; i++)
        {
            var at = source.Length * i / (Truncations + 1);
            variants.Add(($"truncated at {at}", source[..at]));
        }

        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();

        // Where code is typed most: just after a separator in a parameter or argument list.
        foreach (var comma in tokens.Where(t => t.IsKind(SyntaxKind.CommaToken)
            && t.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BaseParameterListSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.BaseArgumentListSyntax).Take(ListTruncations))
        {
            variants.Add(($"truncated after ',' at {comma.SpanStart}", source[..comma.Span.End]));
        }

        for (var i = 0; i < TokenDeletions && tokens.Count > 0; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            variants.Add(($"without '{token.Text}' at {token.SpanStart}", source.Remove(token.SpanStart, token.Span.Length)));
        }

        foreach (var (label, text) in variants)
        {
            await AssertSurvivesAsync($"{name} ({label})", text, exerciseFixes: true);
        }
    }

    [Fact]
    public async Task Deeply_nested_expressions_do_not_break_any_analyzer()
    {
        const int depth = 5_000;
        var parenthesized = new StringBuilder("using System.Threading;\nclass Deep { int M(int x, CancellationToken ct, int y) => ");
        parenthesized.Append('(', depth).Append('x').Append(')', depth).Append("; }");
        await AssertSurvivesAsync("5,000 nested parentheses", parenthesized.ToString(), exerciseFixes: false);

        var binary = new StringBuilder("using System.Threading;\nclass Deep { int M(int x, CancellationToken ct, int y) => x");
        for (var i = 0; i < depth; i++)
        {
            binary.Append(" + x");
        }

        await AssertSurvivesAsync("5,000-term binary expression", binary.Append("; }").ToString(), exerciseFixes: false);

        var lambdas = new StringBuilder("using System; using System.Threading;\nclass Deep { Func<int> M(int x, CancellationToken ct, int y) => ");
        for (var i = 0; i < 500; i++)
        {
            lambdas.Append("() => ");
        }

        await AssertSurvivesAsync("500 nested lambdas", lambdas.Append("x; }").ToString(), exerciseFixes: false);
    }

    [Fact]
    public async Task A_twenty_thousand_member_file_is_analyzed_in_time()
    {
        var text = new StringBuilder("using System.Threading;\nusing System.Threading.Tasks;\nclass Huge\n{\n");
        for (var i = 0; i < 20_000; i++)
        {
            _ = (i % 4) switch
            {
                0 => text.Append("    public Task M").Append(i).Append("(int a, CancellationToken ct, int b) => Task.CompletedTask;\n"),
                1 => text.Append("    public int F").Append(i).Append(";\n"),
                2 => text.Append("    public Task N").Append(i).Append("(int a, CancellationToken ct) => M").Append(i - 2).Append("(a, ct, 0);\n"),
                _ => text.Append("    public string P").Append(i).Append(" { get; set; } = \"\";\n"),
            };
        }

        var run = await AssertSurvivesAsync("20,000 members", text.Append("}\n").ToString(), exerciseFixes: false);
        Assert.Equal(5_000, run.Diagnostics.Count(d => d.Id == "VET101"));
    }

    private static async Task<AnalysisRun> AssertSurvivesAsync(string label, string text, bool exerciseFixes)
    {
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), "/0/Test0.cs");
        var compilation = VetAssemblies.Compile([tree], TargetFramework.Net80);
        using var timeout = new CancellationTokenSource(HangLimit);
        AnalysisRun run;
        try
        {
            run = await VetAssemblies.AnalyzeAsync(compilation, Analyzers, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{label}: analysis did not finish within {HangLimit.TotalSeconds} s");
        }

        Assert.True(run.Exceptions.Count == 0, $"{label}: {string.Join(Environment.NewLine, run.Exceptions)}");
        foreach (var (analyzer, time) in run.ExecutionTimes)
        {
            Assert.True(time < RunLimit, $"{label}: {analyzer} ran {time.TotalSeconds:0.0} s");
        }

        if (exerciseFixes)
        {
            await AssertFixesRegisterAsync(label, text, run.Diagnostics);
        }

        return run;
    }

    private static async Task AssertFixesRegisterAsync(string label, string text, ImmutableArray<Diagnostic> diagnostics)
    {
        if (diagnostics.IsEmpty)
        {
            return;
        }

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestEnvironment.ReferencesFor(TargetFramework.Net80)));
        var document = workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(text));
        var tree = await document.GetSyntaxTreeAsync();

        foreach (var diagnostic in diagnostics)
        {
            // Re-anchor the diagnostic on the workspace's tree so the fix sees the same positions.
            var located = Diagnostic.Create(diagnostic.Descriptor, Location.Create(tree!, diagnostic.Location.SourceSpan), diagnostic.Properties, diagnostic.GetMessage());
            foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, located, (action, _) => actions.Add(action), CancellationToken.None);
                using var timeout = new CancellationTokenSource(RunLimit);
                try
                {
                    await fix.RegisterCodeFixesAsync(context).WaitAsync(timeout.Token);
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(timeout.Token);
                    }
                }
                catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
                {
                    throw new Xunit.Sdk.XunitException($"{label}: {fix.GetType().Name} threw on {diagnostic}: {exception}");
                }
            }
        }
    }

    private static Dictionary<string, string> CollectSources()
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var testsFolder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Vet.Analyzers.Tests");
        foreach (var file in Directory.EnumerateFiles(testsFolder, "VET*Tests.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var index = 0;
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.StringLiteralToken))
                {
                    var value = token.ValueText;
                    if (value.Length >= 30 && Regex.IsMatch(value, @"\b(class|interface|struct|record|delegate)\b"))
                    {
                        sources[$"{Path.GetFileNameWithoutExtension(file)} #{index++}"] = WithoutMarkup(value);
                    }
                }
            }
        }

        foreach (var sample in new[] { "Showcase", "Clean" })
        {
            var folder = Path.Combine(TestEnvironment.RepositoryRoot, "samples", sample);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            {
                sources[$"samples/{sample}/{Path.GetFileName(file)}"] = File.ReadAllText(file);
            }
        }

        return sources;
    }

    /// <summary>Removes test markup ({|#0:...|}, [|...|]) so the text is plain C#.</summary>
    private static string WithoutMarkup(string text) =>
        Regex.Replace(text, @"\{\|[^:|]*:|\|\}|\[\||\|\]", string.Empty);
}
