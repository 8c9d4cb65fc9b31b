using System.Text;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace Vet.Cli;

/// <summary>The code behind a path given to <c>vet check</c> or <c>vet fix</c>, loaded into a workspace.</summary>
internal sealed class CodeSource : IDisposable
{
    private CodeSource(Workspace workspace, string root, bool isLooseFolder, IReadOnlyList<string> loadWarnings, ProjectId? only = null, Solution? solution = null)
    {
        _only = only;
        Workspace = workspace;
        Solution = solution ?? workspace.CurrentSolution;
        Root = root;
        IsLooseFolder = isLooseFolder;
        LoadWarnings = loadWarnings;
    }

    private readonly ProjectId? _only;

    public Workspace Workspace { get; }

    /// <summary>The folder paths in reports are relative to.</summary>
    public string Root { get; }

    public bool IsLooseFolder { get; }

    public IReadOnlyList<string> LoadWarnings { get; }

    /// <summary>The loaded code, with what a build would tell the analyzers about each project.</summary>
    public Solution Solution { get; }

    /// <summary>The C# projects to analyze: a .csproj's own (not the projects it references), or every project of a solution.</summary>
    public IEnumerable<Project> Projects => Solution.Projects.Where(p => p.Language == LanguageNames.CSharp && (_only is null || p.Id == _only));

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public void Dispose() => Workspace.Dispose();

    public static async Task<CodeSource> LoadAsync(string path, Progress progress, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            progress.Report($"reading {path}");
            return await LoadFolderAsync(full, cancellationToken).ConfigureAwait(false);
        }
        if (!File.Exists(full))
            throw new UsageException($"'{path}' does not exist: give a .sln, .slnx, .csproj or a folder of .cs files.");
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".sln" or ".slnx" or ".csproj"))
            throw new UsageException($"'{path}' is not a .sln, .slnx, .csproj or folder.");
        progress.Report($"loading {Path.GetFileName(full)}");
        return await LoadMSBuildAsync(full, extension, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CodeSource> LoadMSBuildAsync(string path, string extension, CancellationToken cancellationToken)
    {
        // The locator finds the SDK that runs the tool, so projects evaluate as `dotnet build` would evaluate them.
        if (!MSBuildLocator.IsRegistered)
            MSBuildLocator.RegisterDefaults();
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e => failures.Add(e.Diagnostic.Message));
        ProjectId? only = null;
        try
        {
            if (extension == ".csproj")
                only = (await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Id;
            else
                await workspace.OpenSolutionAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException or FormatException)
        {
            workspace.Dispose();
            throw new UsageException($"cannot load '{path}': {e.Message}");
        }
        var projects = workspace.CurrentSolution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
        if (projects.Count == 0 || projects.All(p => !p.DocumentIds.Any()))
        {
            workspace.Dispose();
            var why = failures.Count > 0 ? string.Join(Environment.NewLine + "  ", failures) : "it has no C# project with source files";
            throw new UsageException($"cannot load '{path}':{Environment.NewLine}  {why}");
        }
        // The package's props make these properties visible to analyzers in a build; the tool loads the analyzers itself.
        var solution = workspace.CurrentSolution;
        foreach (var project in projects.Where(p => p.FilePath is not null))
        {
            var properties = ProjectFiles.Read(Path.GetDirectoryName(project.FilePath)!, [project.FilePath!], []);
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(project.Id), "Vet.BuildProperties.globalconfig",
                SourceText.From(properties.GlobalConfig()), filePath: Path.Combine(Path.GetDirectoryName(project.FilePath)!, "obj", "Vet.BuildProperties.globalconfig"));
        }
        return new CodeSource(workspace, Path.GetDirectoryName(path)!, isLooseFolder: false, failures, only, solution);
    }

    private static readonly CSharpParseOptions FolderParseOptions = new(LanguageVersion.Preview, DocumentationMode.Parse, SourceCodeKind.Regular,
        ["NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER"]);

    private static readonly CSharpCompilationOptions FolderCompilationOptions = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    private static async Task<CodeSource> LoadFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var files = SourceFiles(folder);
        if (files.Count == 0)
            throw new UsageException($"'{folder}' has no .cs files.");
        var workspace = new AdhocWorkspace();
        // A project folder is compiled with the projects it references, each as its own assembly, as a build would.
        var projectFile = Directory.GetFiles(folder, "*.csproj") is [var single] ? single : null;
        var referenced = new Dictionary<string, ProjectId>(StringComparer.Ordinal);
        var references = projectFile is null ? [] : AddReferencedProjects(workspace, projectFile, referenced, depth: 0);
        var project = FolderProject(folder, files, FilesNamed(folder, "*.csproj"), projectFile, references);
        workspace.AddProject(project);
        var projectId = project.Id;
        // A folder with top-level statements is a program; compiling it as a library would be a compiler error.
        var hasTopLevelStatements = false;
        foreach (var document in workspace.CurrentSolution.GetProject(projectId)!.Documents)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is CompilationUnitSyntax root
                && root.Members.OfType<GlobalStatementSyntax>().Any())
            {
                hasTopLevelStatements = true;
                break;
            }
        }
        if (hasTopLevelStatements)
            workspace.TryApplyChanges(workspace.CurrentSolution.WithProjectCompilationOptions(projectId, FolderCompilationOptions.WithOutputKind(OutputKind.ConsoleApplication)));
        return new CodeSource(workspace, folder, isLooseFolder: true, Array.Empty<string>(), projectFile is null ? null : projectId);
    }

    /// <summary>The .cs files of a folder compiled as one project, with what a build would tell the analyzers about it.</summary>
    private static ProjectInfo FolderProject(string folder, IReadOnlyList<string> files, IEnumerable<string> projectFiles, string? projectFile, IEnumerable<ProjectReference> references)
    {
        var projectId = ProjectId.CreateNewId(folder);
        var documents = files.Select(f => DocumentInfo.Create(DocumentId.CreateNewId(projectId, f), Path.GetFileName(f),
            loader: new FileTextLoader(f, Utf8WithoutBom), filePath: f)).ToList();
        // The SDK's implicit usings, for code written with `<ImplicitUsings>enable</ImplicitUsings>` (or with no project at all).
        // Never for projects that do not enable them: fixes would then leave out the using directives they need.
        if (UsesImplicitUsings(folder))
            documents.Add(Generated(projectId, folder, "ImplicitUsings.g.cs", ImplicitUsings, isGenerated: true));
        // Its package metadata (published libraries keep their visible surface), InternalsVisibleTo, target frameworks
        // and shipped API files.
        var properties = ProjectFiles.Read(folder, projectFiles, FilesNamed(folder, "PublicAPI.Shipped.txt"));
        if (properties.FriendAssemblies.Count > 0)
            documents.Add(Generated(projectId, folder, "InternalsVisibleTo.g.cs", properties.FriendAttributes(), isGenerated: true));
        var configs = EditorConfigs(folder).Select(f => DocumentInfo.Create(DocumentId.CreateNewId(projectId, f), Path.GetFileName(f),
                loader: new FileTextLoader(f, Utf8WithoutBom), filePath: f))
            .Append(Generated(projectId, folder, "Vet.BuildProperties.globalconfig", properties.GlobalConfig(), isGenerated: false));
        var additional = properties.ShippedApiFiles.Select(f => DocumentInfo.Create(DocumentId.CreateNewId(projectId, f), Path.GetFileName(f),
            loader: new FileTextLoader(f, Utf8WithoutBom), filePath: f));
        var name = projectFile is null ? Path.GetFileName(folder) : properties.AssemblyName ?? Path.GetFileNameWithoutExtension(projectFile);
        return ProjectInfo.Create(projectId, VersionStamp.Default, name, name, LanguageNames.CSharp,
                filePath: projectFile, compilationOptions: FolderCompilationOptions.WithOutputKind(properties.OutputKind), parseOptions: FolderParseOptions,
                documents: documents, projectReferences: references, metadataReferences: ReferenceAssemblies.ForRunningSdk())
            .WithAnalyzerConfigDocuments(configs)
            .WithAdditionalDocuments(additional);
    }

    /// <summary>Adds the projects <paramref name="projectFile"/> references (and theirs), once each, and returns references to them.</summary>
    private static List<ProjectReference> AddReferencedProjects(AdhocWorkspace workspace, string projectFile, Dictionary<string, ProjectId> added, int depth)
    {
        var result = new List<ProjectReference>();
        if (depth > 16)
            return result;
        foreach (var reference in ProjectFiles.ProjectReferences(projectFile))
        {
            if (!added.TryGetValue(reference, out var id))
            {
                var folder = Path.GetDirectoryName(reference)!;
                var files = SourceFiles(folder);
                if (files.Count == 0)
                    continue;
                var own = AddReferencedProjects(workspace, reference, added, depth + 1);
                var info = FolderProject(folder, files, [reference], reference, own);
                workspace.AddProject(info);
                id = info.Id;
                added[reference] = id;
            }
            result.Add(new ProjectReference(id));
        }
        return result;
    }

    /// <summary>A document the SDK would write under obj/ for the project.</summary>
    private static DocumentInfo Generated(ProjectId projectId, string folder, string name, string text, bool isGenerated) =>
        DocumentInfo.Create(DocumentId.CreateNewId(projectId), name,
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Default)),
            filePath: Path.Combine(folder, "obj", name), isGenerated: isGenerated);

    /// <summary>Files of that name under the folder, outside build output.</summary>
    private static IEnumerable<string> FilesNamed(string folder, string pattern)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(folder, pattern, options)
            .Where(f => !IsUnderBuildOutput(Path.GetRelativePath(folder, f)))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static bool UsesImplicitUsings(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var projectFiles = Directory.EnumerateFiles(folder, "*.csproj", options)
            .Concat(Directory.EnumerateFiles(folder, "Directory.Build.props", options))
            .ToList();
        for (var dir = Directory.GetParent(folder); dir is not null; dir = dir.Parent)
        {
            var props = Path.Combine(dir.FullName, "Directory.Build.props");
            if (File.Exists(props))
                projectFiles.Add(props);
        }
        return projectFiles.Count(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)) == 0
            || projectFiles.Any(f => File.ReadAllText(f).Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase));
    }

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>Every .cs file under the folder, skipping build output, VCS folders and symbolic links.</summary>
    private static List<string> SourceFiles(string root)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden,
            IgnoreInaccessible = true,
        };
        return Directory.EnumerateFiles(root, "*.cs", options)
            .Where(f => !IsUnderBuildOutput(Path.GetRelativePath(root, f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsUnderBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(part =>
            part.Equals("bin", StringComparison.OrdinalIgnoreCase) || part.Equals("obj", StringComparison.OrdinalIgnoreCase) || part.StartsWith('.'));

    /// <summary>The .editorconfig files that apply to the folder: its own, those below it, and those above it up to a root one.</summary>
    private static IEnumerable<string> EditorConfigs(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var below = Directory.EnumerateFiles(folder, ".editorconfig", options)
            .Concat(Directory.EnumerateFiles(folder, "*.globalconfig", options))
            .Where(f => !IsUnderBuildOutput(Path.GetRelativePath(folder, f)));
        var above = new List<string>();
        for (var dir = Directory.GetParent(folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".editorconfig");
            if (!File.Exists(candidate))
                continue;
            above.Add(candidate);
            if (File.ReadLines(candidate).Any(l => l.Replace(" ", "", StringComparison.Ordinal).Equals("root=true", StringComparison.OrdinalIgnoreCase)))
                break;
        }
        return below.Concat(above).Distinct(StringComparer.Ordinal).ToList();
    }
}
