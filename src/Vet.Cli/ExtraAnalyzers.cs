using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Cli;

/// <summary>Other analyzer assemblies given with <c>--analyzers</c>, run in the same pass as Vet's (for timing side by side).</summary>
internal static class ExtraAnalyzers
{
    public static IReadOnlyList<DiagnosticAnalyzer> Load(IEnumerable<string> paths, TextWriter warnings)
    {
        var loader = new DirectoryAnalyzerLoader();
        var analyzers = new List<DiagnosticAnalyzer>();
        foreach (var assembly in paths.SelectMany(Expand))
        {
            var reference = new AnalyzerFileReference(assembly, loader);
            reference.AnalyzerLoadFailed += (_, e) => warnings.WriteLine($"warning: {Path.GetFileName(assembly)}: {e.TypeName} did not load: {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }
        return analyzers;
    }

    private static IEnumerable<string> Expand(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return Directory.GetFiles(full, "*.dll").Where(f => !f.EndsWith(".resources.dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
        if (File.Exists(full))
            return [full];
        throw new UsageException($"--analyzers: '{path}' does not exist.");
    }

    /// <summary>One load context per analyzer folder; Roslyn and the framework come from the tool so types match.</summary>
    private sealed class DirectoryAnalyzerLoader : IAnalyzerAssemblyLoader
    {
        private readonly Dictionary<string, FolderContext> _contexts = new(StringComparer.Ordinal);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath)
        {
            var folder = Path.GetDirectoryName(fullPath)!;
            FolderContext context;
            lock (_contexts)
            {
                if (!_contexts.TryGetValue(folder, out context!))
                    _contexts[folder] = context = new FolderContext(folder);
            }
            return context.LoadFile(fullPath);
        }

        private sealed class FolderContext(string folder) : AssemblyLoadContext("analyzers: " + folder)
        {
            public Assembly LoadFile(string fullPath)
            {
                var name = AssemblyName.GetAssemblyName(fullPath).Name;
                return Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? LoadFromAssemblyPath(fullPath);
            }

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                var candidate = Path.Combine(folder, assemblyName.Name + ".dll");
                var sharedWithTool = assemblyName.Name is "Microsoft.CodeAnalysis" or "Microsoft.CodeAnalysis.CSharp"
                    or "Microsoft.CodeAnalysis.Workspaces" or "Microsoft.CodeAnalysis.CSharp.Workspaces"
                    || Default.Assemblies.Any(a => a.GetName().Name == assemblyName.Name);
                return !sharedWithTool && File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
    }
}
