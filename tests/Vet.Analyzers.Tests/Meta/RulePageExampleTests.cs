using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Meta;

/// <summary>
/// The rule pages' examples are executable: every <c>csharp</c> block of <c>docs/rules/VETnnn.md</c> compiles on its own,
/// the page's rule reports exactly the lines marked <c>// VETnnn</c> (so a block without markers, such as the "Fixed"
/// example, reports nothing), and a block under <c>&lt;!-- fix --&gt;</c> is exactly what the rule's fix makes of the
/// marked block before it. <c>&lt;!-- options: key = value --&gt;</c> above a block gives it <c>.editorconfig</c> settings.
/// </summary>
public class RulePageExampleTests
{
    private const TargetFramework Framework = TargetFramework.Net100;

    public static TheoryData<string> RuleIds() => RuleCatalogTests.RuleIds();

    private static string PagePath(string id) => Path.Combine(TestEnvironment.RepositoryRoot, "docs", "rules", id + ".md");

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Page_examples_compile_and_report_the_marked_lines(string id)
    {
        var examples = RulePageExamples.Read(PagePath(id));
        Assert.True(examples.Any(e => e.Section == "Flagged" && e.MarkedLines(id).Count > 0),
            $"{id}.md: the Flagged section needs a csharp block with a '// {id}' marker on each line the rule reports.");
        Assert.True(examples.Any(e => e.Section == "Fixed" && e.MarkedLines(id).Count == 0), $"{id}.md: the Fixed section needs a csharp block without markers.");

        var problems = new List<string>();
        foreach (var example in examples)
        {
            var compilation = Compile(id, example);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                problems.Add($"{id}.md:{example.Line}: the block does not compile:\n" + string.Join("\n", errors.Select(e => "    " + Describe(example, e))));
                continue;
            }

            var run = await VetAssemblies.AnalyzeAsync(compilation, AnalyzersOf(id), OptionsOf(example));
            Assert.Empty(run.Exceptions);
            var reported = run.Diagnostics.Where(d => d.Id == id).ToList();
            var reportedLines = new SortedSet<int>(reported.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
            var marked = example.MarkedLines(id);
            if (!reportedLines.SetEquals(marked))
            {
                problems.Add($"{id}.md:{example.Line}: marked lines [{string.Join(", ", marked)}], reported lines [{string.Join(", ", reportedLines)}]"
                    + string.Concat(reported.Select(d => "\n    " + Describe(example, d))));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Page_fix_examples_are_what_the_fix_makes(string id)
    {
        var examples = RulePageExamples.Read(PagePath(id));
        var fixes = VetAssemblies.AllCodeFixes().Where(fix => fix.FixableDiagnosticIds.Contains(id)).ToImmutableArray();
        var checkedExamples = examples.Where(e => e.FixTitle is not null).ToList();
        if (fixes.IsEmpty)
        {
            Assert.True(checkedExamples.Count == 0, $"{id}.md: '<!-- fix -->' above a block, but {id} has no code fix.");
            return;
        }

        Assert.True(checkedExamples.Count > 0, $"{id}.md: {id} has a code fix; put '<!-- fix -->' above the block that shows what it makes of the flagged example.");
        foreach (var expected in checkedExamples)
        {
            var index = examples.ToList().IndexOf(expected);
            var flagged = examples.Take(index).LastOrDefault(e => e.MarkedLines(id).Count > 0);
            Assert.True(flagged is not null, $"{id}.md:{expected.Line}: '<!-- fix -->' needs a block with '// {id}' markers before it.");
            var actual = await ApplyFixesAsync(id, flagged!, fixes, expected.FixTitle!);
            Assert.True(Normalize(actual) == Normalize(expected.Code),
                $"{id}.md:{expected.Line}: the fix of the block at line {flagged.Line} makes:\n{actual}\n--- but the page shows:\n{expected.Code}");
        }
    }

    private static ImmutableArray<DiagnosticAnalyzer> AnalyzersOf(string id) =>
        VetAssemblies.AllAnalyzers().Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Id == id)).ToImmutableArray();

    /// <summary>
    /// The block as its reader would write it: without the markers, which are comments a rule could take for a stated reason
    /// (VET302, VET103 and VET203 read comments), on the same lines.
    /// </summary>
    private static CSharpCompilation Compile(string id, RulePageExample example) =>
        VetAssemblies.Compile(new[] { CSharpSyntaxTree.ParseText(example.WithoutMarkers(), ParseOptions, $"{id}.md") }, Framework, id + "Example");

    private static AnalyzerOptions OptionsOf(RulePageExample example) => Engine.EngineCompilation.OptionsFor(editorConfig: example.Options);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A diagnostic with the page line it is on.</summary>
    private static string Describe(RulePageExample example, Diagnostic diagnostic) =>
        $"page line {example.Line + diagnostic.Location.GetLineSpan().StartLinePosition.Line}: {diagnostic.Id}: {diagnostic.GetMessage()}";

    /// <summary>
    /// Applies the rule's fix to the first diagnostic it fixes, again and again, until the rule reports nothing it can fix
    /// (a fix may settle several findings at once). <paramref name="title"/> picks the fix by the start of its title when it offers several.
    /// </summary>
    private static async Task<string> ApplyFixesAsync(string id, RulePageExample flagged, ImmutableArray<CodeFixProvider> fixes, string title)
    {
        var code = flagged.WithoutMarkers();
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var compilation = VetAssemblies.Compile(Array.Empty<SyntaxTree>(), Framework, id + "Example");
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, id + "Example", id + "Example", LanguageNames.CSharp,
                compilationOptions: compilation.Options, parseOptions: ParseOptions, metadataReferences: compilation.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, id + ".cs", SourceText.From(code));
        for (var round = 0; round < 20; round++)
        {
            var document = solution.GetDocument(documentId)!;
            var projectCompilation = (await document.Project.GetCompilationAsync())!;
            var run = await VetAssemblies.AnalyzeAsync(projectCompilation, AnalyzersOf(id), OptionsOf(flagged));
            Assert.Empty(run.Exceptions);
            CodeAction? chosen = null;
            foreach (var diagnostic in run.Diagnostics.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var actions = new List<CodeAction>();
                foreach (var fix in fixes)
                {
                    await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                }

                chosen = actions.FirstOrDefault(action => action.Title.StartsWith(title, StringComparison.Ordinal));
                if (chosen is not null)
                {
                    break;
                }
            }

            if (chosen is null)
            {
                return (await solution.GetDocument(documentId)!.GetTextAsync()).ToString();
            }

            var operations = await chosen.GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }

        throw new InvalidOperationException($"{id}: the fix was still offered after 20 rounds.");
    }

    private static string Normalize(string code) =>
        string.Join("\n", code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.TrimEnd())).Trim('\n');
}
