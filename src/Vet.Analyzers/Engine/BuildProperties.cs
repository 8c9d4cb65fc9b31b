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
        "GeneratePackageOnBuild", "EnablePackageValidation", "IsPackable", "IsTestProject", "VetTargetFrameworks", "IsRoslynComponent",
        "IncludeBuildOutput", "VetNuspecFile",
    };

    private BuildProperties(bool publishesPackage, string? targetFrameworks, bool isTestProject, bool isLoadedByHost)
    {
        PublishesPackage = publishesPackage;
        TargetFrameworks = targetFrameworks;
        IsTestProject = isTestProject;
        IsLoadedByHost = isLoadedByHost;
    }

    /// <summary>
    /// The assembly is loaded by a host, not compiled against: an analyzer or generator (<c>IsRoslynComponent</c>), or a
    /// project that leaves its own assembly out of its package (<c>IncludeBuildOutput</c> false, as analyzer and build
    /// task packages do). Its public types have no callers outside it.
    /// </summary>
    internal bool IsLoadedByHost { get; }

    /// <summary>The project is a test project (<c>IsTestProject</c>, which Microsoft.NET.Test.Sdk sets).</summary>
    internal bool IsTestProject { get; }

    /// <summary>The project is packed and published: it sets package metadata or packs on build, and is packable.</summary>
    internal bool PublishesPackage { get; }

    /// <summary>
    /// The project's <c>TargetFrameworks</c> (the multi-targeting list), or null when it targets one framework. It arrives
    /// as <c>VetTargetFrameworks</c>, with ',' between the frameworks: an analyzer sees a build property only up to its
    /// first ';'.
    /// </summary>
    internal string? TargetFrameworks { get; }

    /// <summary>
    /// Whether every framework the project targets is .NET <paramref name="major"/> or later, for code that must compile
    /// for all of them (a single-target project is judged by its compilation alone, so it answers true).
    /// </summary>
    internal bool AllTargetsAtLeast(int major)
    {
        if (TargetFrameworks is null)
        {
            return true;
        }

        foreach (var framework in TargetFrameworks.Split(',', ';'))
        {
            var moniker = framework.Trim();
            if (moniker.Length > 0 && !IsNetAtLeast(moniker, major))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>net7.0</c>, <c>net8.0-windows</c> are .NET 7+; <c>netstandard2.0</c>, <c>net48</c>, <c>netcoreapp3.1</c> are not.</summary>
    private static bool IsNetAtLeast(string moniker, int major)
    {
        if (!moniker.StartsWith("net", System.StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var dot = moniker.IndexOf('.');
        if (dot <= 3)
        {
            return false; // net48, net472: .NET Framework
        }

        return int.TryParse(moniker.Substring(3, dot - 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            && version >= major;
    }

    internal static BuildProperties Read(AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        return new BuildProperties(
            IsPublished(name => Get(global, name)),
            Get(global, "VetTargetFrameworks"),
            Is(Get(global, "IsTestProject"), "true"),
            Is(Get(global, "IsRoslynComponent"), "true") || Is(Get(global, "IncludeBuildOutput"), "false"));
    }

    /// <summary>Whether a project with these property values (null when unset) publishes a package.</summary>
    internal static bool IsPublished(System.Func<string, string?> property)
    {
        // Test projects and projects that opt out are never packed, whatever metadata they inherit from Directory.Build.props.
        if (Is(property("IsPackable"), "false") || Is(property("IsTestProject"), "true"))
        {
            return false;
        }

        // Package validation compares each package with the last one shipped: only a published package turns it on. A
        // .nuspec (the project's NuspecFile, or one named like the project beside it, which `nuget pack` picks up) is
        // the package's metadata written by hand (VetNuspecFile, set by the package's targets).
        if (Is(property("GeneratePackageOnBuild"), "true") || Is(property("EnablePackageValidation"), "true")
            || !string.IsNullOrWhiteSpace(property("VetNuspecFile")))
        {
            return true;
        }

        foreach (var name in PackageMetadata)
        {
            if (!string.IsNullOrWhiteSpace(property(name)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(string? value, string expected) =>
        string.Equals(value?.Trim(), expected, System.StringComparison.OrdinalIgnoreCase);

    private static string? Get(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
