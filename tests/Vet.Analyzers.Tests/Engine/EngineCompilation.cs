using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Vet.Analyzers.Tests.Infrastructure;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>A compilation of one source, with the analyzer options a project would give the engines.</summary>
internal sealed class EngineCompilation
{
    private EngineCompilation(CSharpCompilation compilation, AnalyzerOptions options)
    {
        Compilation = compilation;
        Options = options;
    }

    public CSharpCompilation Compilation { get; }

    public AnalyzerOptions Options { get; }

    public SyntaxTree Tree => Compilation.SyntaxTrees[0];

    public static EngineCompilation Create(
        string source,
        IReadOnlyDictionary<string, string>? buildProperties = null,
        IReadOnlyDictionary<string, string>? editorConfig = null,
        IEnumerable<(string Path, string Text)>? additionalFiles = null,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: "/Test0.cs");
        var compilation = CSharpCompilation.Create(
            "Test",
            new[] { tree },
            TestEnvironment.ReferencesFor(TargetFramework.Net80),
            new CSharpCompilationOptions(outputKind));
        return new EngineCompilation(compilation, OptionsFor(buildProperties, editorConfig, additionalFiles));
    }

    /// <summary>
    /// Analyzer options as a build gives them: <paramref name="buildProperties"/> as global <c>build_property.*</c> values,
    /// <paramref name="editorConfig"/> for every file.
    /// </summary>
    public static AnalyzerOptions OptionsFor(
        IReadOnlyDictionary<string, string>? buildProperties = null,
        IReadOnlyDictionary<string, string>? editorConfig = null,
        IEnumerable<(string Path, string Text)>? additionalFiles = null)
    {
        var global = (buildProperties ?? new Dictionary<string, string>()).ToDictionary(p => "build_property." + p.Key, p => p.Value);
        var files = (additionalFiles ?? Enumerable.Empty<(string, string)>())
            .Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text))
            .ToImmutableArray();
        return new AnalyzerOptions(files, new Provider(global, editorConfig ?? new Dictionary<string, string>()));
    }

    /// <summary>The symbol declared with this name anywhere in the source (a type or one of its members).</summary>
    public ISymbol Symbol(string name)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(Compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            foreach (var member in stack.Pop().GetMembers())
            {
                if (member.Name == name && member.Locations.Any(l => l.IsInSource))
                {
                    return member;
                }

                if (member is INamespaceOrTypeSymbol container)
                {
                    stack.Push(container);
                }
            }
        }

        throw new KeyNotFoundException(name);
    }

    private sealed class InMemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Provider : AnalyzerConfigOptionsProvider
    {
        private readonly ConfigOptions _global;
        private readonly ConfigOptions _tree;

        public Provider(IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, string> tree)
        {
            _global = new ConfigOptions(global);
            _tree = new ConfigOptions(tree);
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _tree;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _tree;
    }

    private sealed class ConfigOptions : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public ConfigOptions(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value)
        {
            if (_values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = null!;
            return false;
        }
    }
}
