using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The MSBuild properties the package makes visible to analyzers (<c>CompilerVisibleProperty</c> in
/// <c>buildTransitive/Vet.Analyzers.props</c>), read once per compilation from the global options.
/// </summary>
internal sealed class BuildProperties
{
    /// <summary>
    /// Package metadata that no SDK default fills: a project that sets one of them publishes a package, so its visible
    /// surface is somebody else's dependency.
    /// </summary>
    internal static readonly string[] PackageMetadata =
    {
        "PackageTags", "PackageProjectUrl", "RepositoryUrl", "PackageLicenseExpression", "PackageLicenseFile", "PackageReadmeFile",
    };

    /// <summary>Every property read here: the package's props must make each one visible to analyzers.</summary>
    internal static readonly string[] Names =
    {
        "PackageTags", "PackageProjectUrl", "RepositoryUrl", "PackageLicenseExpression", "PackageLicenseFile", "PackageReadmeFile",
        "GeneratePackageOnBuild", "IsPackable", "IsTestProject", "TargetFrameworks",
    };

    private BuildProperties(bool publishesPackage, string? targetFrameworks)
    {
        PublishesPackage = publishesPackage;
        TargetFrameworks = targetFrameworks;
    }

    /// <summary>The project is packed and published: it sets package metadata or packs on build, and is packable.</summary>
    internal bool PublishesPackage { get; }

    /// <summary>The project's <c>TargetFrameworks</c> (the multi-targeting list), or null when it targets one framework.</summary>
    internal string? TargetFrameworks { get; }

    internal static BuildProperties Read(AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var publishes = IsTrue(global, "GeneratePackageOnBuild");
        foreach (var name in PackageMetadata)
        {
            publishes |= Get(global, name) is not null;
        }

        // Test projects and projects that opt out are never packed, whatever metadata they inherit from Directory.Build.props.
        if (IsFalse(global, "IsPackable") || IsTrue(global, "IsTestProject"))
        {
            publishes = false;
        }

        return new BuildProperties(publishes, Get(global, "TargetFrameworks"));
    }

    private static string? Get(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsTrue(AnalyzerConfigOptions options, string name) =>
        string.Equals(Get(options, name), "true", System.StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(AnalyzerConfigOptions options, string name) =>
        string.Equals(Get(options, name), "false", System.StringComparison.OrdinalIgnoreCase);
}
