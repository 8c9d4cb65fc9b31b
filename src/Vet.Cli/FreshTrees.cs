using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Vet.Cli;

/// <summary>
/// A copy of a compilation over newly parsed syntax trees of the same text, for one timed run. A build starts with no
/// syntax nodes built and no cache that analyzers keep per tree; over the same tree objects, every run after the first
/// would find both already made and time less than a build pays. The options that a build looks up per tree (severities
/// from .editorconfig, generated-code flags) are answered for the new trees as for the originals.
/// </summary>
internal static class FreshTrees
{
    internal static (Compilation Compilation, AnalyzerOptions Options) Copy(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var originals = new ConditionalWeakTable<SyntaxTree, SyntaxTree>();
        var fresh = new List<SyntaxTree>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Text as the compiler reads a file: one string, or chunks for a file too large for one (the workspace's own
            // text is kept in a form that is slower to read).
            var original = tree.GetText(cancellationToken);
            using var reader = new StringReader(original.ToString());
            var text = SourceText.From(reader, original.Length, original.Encoding, original.ChecksumAlgorithm);
            var copy = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)tree.Options, tree.FilePath, cancellationToken);
            originals.Add(copy, tree);
            fresh.Add(copy);
        }

        SyntaxTree Original(SyntaxTree tree) => originals.TryGetValue(tree, out var original) ? original : tree;

        var compilationOptions = compilation.Options;
        if (compilationOptions.SyntaxTreeOptionsProvider is { } treeOptions)
        {
            compilationOptions = compilationOptions.WithSyntaxTreeOptionsProvider(new MappedTreeOptions(treeOptions, Original));
        }

        var copied = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(fresh).WithOptions(compilationOptions);
        var analyzerOptions = new AnalyzerOptions(options.AdditionalFiles, new MappedConfigOptions(options.AnalyzerConfigOptionsProvider, Original));
        return (copied, analyzerOptions);
    }

    private sealed class MappedTreeOptions(SyntaxTreeOptionsProvider inner, Func<SyntaxTree, SyntaxTree> original) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            inner.IsGenerated(original(tree), cancellationToken);

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            inner.TryGetDiagnosticValue(original(tree), diagnosticId, cancellationToken, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            inner.TryGetGlobalDiagnosticValue(diagnosticId, cancellationToken, out severity);
    }

    private sealed class MappedConfigOptions(AnalyzerConfigOptionsProvider inner, Func<SyntaxTree, SyntaxTree> original) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => inner.GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => inner.GetOptions(original(tree));

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => inner.GetOptions(textFile);
    }
}
