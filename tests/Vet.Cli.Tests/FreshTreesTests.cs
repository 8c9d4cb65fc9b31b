using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Vet.Cli.Tests;

/// <summary>A timed run's copy of a compilation: new tree objects over the same text, answered for as the originals.</summary>
public class FreshTreesTests
{
    [Fact]
    public void The_copy_has_new_trees_of_the_same_text_and_the_originals_options()
    {
        var large = "class Large {\n" + string.Concat(Enumerable.Repeat("    int _f; // padding padding padding padding\n", 2000)) + "}\n";
        var small = CSharpSyntaxTree.ParseText(SourceText.From("class Small { }"), path: "/src/Small.cs");
        var big = CSharpSyntaxTree.ParseText(SourceText.From(large), path: "/src/Large.cs");
        var treeOptions = new FixedTreeOptions(small, "VET201", ReportDiagnostic.Suppress);
        var compilation = CSharpCompilation.Create("Copied", new[] { small, big },
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSyntaxTreeOptionsProvider(treeOptions));
        var configOptions = new FixedConfigOptions(small);
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, configOptions);

        var (copy, copiedOptions) = FreshTrees.Copy(compilation, analyzerOptions, CancellationToken.None);

        Assert.Equal(2, copy.SyntaxTrees.Count());
        foreach (var (original, fresh) in compilation.SyntaxTrees.Zip(copy.SyntaxTrees))
        {
            Assert.NotSame(original, fresh);
            Assert.Equal(original.FilePath, fresh.FilePath);
            Assert.Equal(original.GetText().ToString(), fresh.GetText().ToString());
        }

        var freshSmall = copy.SyntaxTrees.First();
        Assert.True(copy.Options.SyntaxTreeOptionsProvider!.TryGetDiagnosticValue(freshSmall, "VET201", CancellationToken.None, out var severity));
        Assert.Equal(ReportDiagnostic.Suppress, severity);
        Assert.True(copiedOptions.AnalyzerConfigOptionsProvider.GetOptions(freshSmall).TryGetValue("vet.test_code", out var value));
        Assert.Equal("analyze", value);
        Assert.False(copiedOptions.AnalyzerConfigOptionsProvider.GetOptions(copy.SyntaxTrees.Last()).TryGetValue("vet.test_code", out _));
    }

    private sealed class FixedTreeOptions(SyntaxTree tree, string id, ReportDiagnostic severity) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree syntaxTree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree syntaxTree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = severity;
            return syntaxTree == tree && diagnosticId == id;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = default;
            return false;
        }
    }

    private sealed class FixedConfigOptions(SyntaxTree tree) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree syntaxTree) =>
            new Options(syntaxTree == tree ? ImmutableDictionary<string, string>.Empty.Add("vet.test_code", "analyze") : ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
