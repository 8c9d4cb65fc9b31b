using System.Xml.Linq;

namespace Vet.Cli;

/// <summary>
/// What the project files of a loose folder say about it, read without MSBuild: the properties the analyzers ask the
/// build for (Vet.Analyzers.props' <c>CompilerVisibleProperty</c> items), the <c>InternalsVisibleTo</c> items the SDK
/// turns into attributes, and the <c>PublicAPI.Shipped.txt</c> files. Only literal values are read: a property set in
/// a condition or from another property counts as set, with its text as written.
/// </summary>
internal sealed class ProjectFiles
{
    private ProjectFiles(IReadOnlyDictionary<string, string> buildProperties, IReadOnlyList<string> friendAssemblies, IReadOnlyList<string> shippedApiFiles)
    {
        BuildProperties = buildProperties;
        FriendAssemblies = friendAssemblies;
        ShippedApiFiles = shippedApiFiles;
    }

    /// <summary>The <c>build_property.*</c> values a build would give the analyzers.</summary>
    public IReadOnlyDictionary<string, string> BuildProperties { get; }

    /// <summary>Assemblies named by <c>InternalsVisibleTo</c> items.</summary>
    public IReadOnlyList<string> FriendAssemblies { get; }

    /// <summary>The project's <c>AssemblyName</c>, when its project file sets one literally.</summary>
    public string? AssemblyName { get; private init; }

    /// <summary>What the project builds: a program for <c>OutputType</c> <c>Exe</c> or <c>WinExe</c>, else a library.</summary>
    public Microsoft.CodeAnalysis.OutputKind OutputKind { get; private init; }

    /// <summary>The project files a project file references with <c>ProjectReference</c> items (relative literal paths that exist).</summary>
    public static IEnumerable<string> ProjectReferences(string projectFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        var directory = Path.GetDirectoryName(projectFile)!;
        // One project listed under two conditions (one per target framework) is one reference.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in document.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
        {
            var include = ((string?)element.Attribute("Include"))?.Replace("$(MSBuildThisFileDirectory)", directory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(include) || include.Contains("$(", StringComparison.Ordinal) || !include.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                continue;
            var path = Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar)));
            if (File.Exists(path) && seen.Add(path))
                yield return path;
        }
    }

    /// <summary>The <c>PublicAPI.Shipped.txt</c> files under the folder.</summary>
    public IReadOnlyList<string> ShippedApiFiles { get; }

    /// <summary>
    /// Reads every project under <paramref name="folder"/> with the Directory.Build.props files above it. A folder of
    /// several projects is described by the one that publishes a package, if any (its surface is then a contract), and
    /// by the union of their target frameworks.
    /// </summary>
    public static ProjectFiles Read(string folder, IEnumerable<string> projectFiles, IEnumerable<string> shippedApiFiles)
    {
        var projects = projectFiles.Select(p => Evaluate(p)).ToList();
        var publishing = projects.FirstOrDefault(Publishes);
        var chosen = publishing ?? projects.FirstOrDefault() ?? Evaluate(null, folder);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Vet.Analyzers.Engine.BuildProperties.Names)
        {
            if (chosen.Properties.TryGetValue(name, out var value))
                properties[name] = value;
        }
        // A build sees the test framework among the references and treats the project as test code whatever
        // IsTestProject says (a test-helper library sets it to false); here the project file is all there is.
        if (chosen.ReferencesTestFramework)
            properties["IsTestProject"] = "true";
        var frameworks = projects
            .SelectMany(p => p.Properties.TryGetValue("TargetFrameworks", out var list) ? list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : p.Properties.TryGetValue("TargetFramework", out var single) ? [single.Trim()] : [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        // As the package's Vet.Analyzers.targets writes it: a ';' would end the value in the global config.
        if (frameworks.Count > 1)
            properties["VetTargetFrameworks"] = string.Join(",", frameworks);
        else
            properties.Remove("VetTargetFrameworks");
        var assemblyName = projects.Count == 1 && projects[0].Properties.TryGetValue("AssemblyName", out var assembly) && !assembly.Contains("$(", StringComparison.Ordinal)
            ? assembly
            : null;
        var outputType = projects.Count == 1 && projects[0].Properties.TryGetValue("OutputType", out var output) ? output : null;
        return new ProjectFiles(properties, projects.SelectMany(p => p.Friends).Distinct(StringComparer.Ordinal).ToList(), shippedApiFiles.ToList())
        {
            AssemblyName = assemblyName,
            OutputKind = outputType?.ToLowerInvariant() switch
            {
                "exe" => Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                "winexe" => Microsoft.CodeAnalysis.OutputKind.WindowsApplication,
                _ => Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary,
            },
        };
    }

    /// <summary>The text of a global analyzer config that gives the build properties, as the SDK's generated one does.</summary>
    public string GlobalConfig() =>
        "is_global = true\n" + string.Concat(BuildProperties.Select(p => $"build_property.{p.Key} = {p.Value}\n"));

    /// <summary>The attributes the SDK writes for InternalsVisibleTo items.</summary>
    public string FriendAttributes() =>
        string.Concat(FriendAssemblies.Select(f => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{f.Replace("\"", "\\\"", StringComparison.Ordinal)}\")]\n"));

    private sealed record Project(Dictionary<string, string> Properties, List<string> Friends)
    {
        /// <summary>A package reference to a test framework, in the project file or a file it imports.</summary>
        public bool ReferencesTestFramework { get; set; }
    }

    private static bool Publishes(Project project) =>
        Vet.Analyzers.Engine.BuildProperties.IsPublished(name => project.Properties.TryGetValue(name, out var value) ? value : null);

    /// <summary>An imported file named by a path relative to the importing file (only this file's directory is expanded).</summary>
    private static string? ImportedFile(string importer, string? project)
    {
        if (string.IsNullOrWhiteSpace(project))
            return null;
        var directory = Path.GetDirectoryName(importer)!;
        var path = project.Replace("$(MSBuildThisFileDirectory)", directory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
        if (path.Contains("$(", StringComparison.Ordinal) || path.Contains('*', StringComparison.Ordinal))
            return null;
        path = Path.GetFullPath(Path.Combine(directory, path.Replace('\\', Path.DirectorySeparatorChar)));
        return File.Exists(path) ? path : null;
    }

    /// <summary>A project's properties: Directory.Build.props files from the top down, then the project file itself.</summary>
    private static Project Evaluate(string? projectFile, string? folder = null)
    {
        var directory = projectFile is null ? folder! : Path.GetDirectoryName(projectFile)!;
        var chain = new List<string>();
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var props = Path.Combine(dir.FullName, "Directory.Build.props");
            if (File.Exists(props))
                chain.Add(props);
        }
        chain.Reverse();
        if (projectFile is not null)
            chain.Add(projectFile);
        var project = new Project(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), []);
        foreach (var file in chain)
            Apply(file, project, depth: 0);
        // As the package's Vet.Analyzers.targets sets it: a hand-written .nuspec is the package's metadata.
        if (project.Properties.TryGetValue("NuspecFile", out var nuspec))
            project.Properties["VetNuspecFile"] = nuspec;
        else if (projectFile is not null && File.Exists(Path.ChangeExtension(projectFile, ".nuspec")))
            project.Properties["VetNuspecFile"] = Path.GetFileName(Path.ChangeExtension(projectFile, ".nuspec"));
        return project;
    }

    private static void Apply(string file, Project project, int depth)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(file);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var element in document.Descendants())
        {
            var name = element.Name.LocalName;
            if (name == "Import" && depth < 8 && ImportedFile(file, (string?)element.Attribute("Project")) is { } imported)
            {
                // Shared package metadata often lives in an imported .targets or .props file.
                Apply(imported, project, depth + 1);
                continue;
            }

            if (element.Parent?.Name.LocalName == "PropertyGroup")
            {
                if (!element.HasElements)
                    project.Properties[name] = element.Value.Trim();
                continue;
            }
            if (element.Parent?.Name.LocalName != "ItemGroup")
                continue;
            if (name == "InternalsVisibleTo" && (string?)element.Attribute("Include") is { Length: > 0 } friend)
                project.Friends.Add(friend.Trim());
            else if (name == "AssemblyAttribute" && (string?)element.Attribute("Include") is "System.Runtime.CompilerServices.InternalsVisibleTo"
                     && element.Elements().FirstOrDefault(e => e.Name.LocalName == "_Parameter1")?.Value is { Length: > 0 } parameter)
                project.Friends.Add(parameter.Trim());
            else if (name == "PackageReference" && Vet.Analyzers.Engine.TestCode.IsTestFrameworkPackage((string?)element.Attribute("Include")))
                project.ReferencesTestFramework = true;
        }
    }
}
