using Microsoft.CodeAnalysis;

namespace Vet.Cli;

/// <summary>The reference assemblies of the SDK that runs the tool, for compiling a folder that has no project.</summary>
internal static class ReferenceAssemblies
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Find);

    public static IReadOnlyList<MetadataReference> ForRunningSdk() => Cached.Value;

    private static IReadOnlyList<MetadataReference> Find()
    {
        // shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll sits three levels below the dotnet root.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var runtimeVersion = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var references = new List<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var packDirectory = Path.Combine(dotnetRoot, "packs", pack);
            if (!Directory.Exists(packDirectory))
                continue;
            var refDirectory = Directory.GetDirectories(packDirectory)
                .Select(d => Path.Combine(d, "ref", tfm))
                .Where(Directory.Exists)
                .OrderByDescending(d => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))) == runtimeVersion)
                .ThenByDescending(d => ParseVersion(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d)))!))
                .FirstOrDefault();
            if (refDirectory is not null)
                references.AddRange(Directory.GetFiles(refDirectory, "*.dll").Order(StringComparer.Ordinal).Select(f => MetadataReference.CreateFromFile(f)));
        }
        if (references.Count > 0)
            return references;
        // No targeting pack (a runtime-only install): the runtime's own assemblies still describe the same API.
        return Directory.GetFiles(runtimeDirectory, "*.dll")
            .Where(f => IsManagedAssembly(f))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToList();
    }

    private static Version ParseVersion(string text) =>
        Version.TryParse(text.Split('-')[0], out var version) ? version : new Version(0, 0);

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
