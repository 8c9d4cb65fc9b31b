using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Vet.Package.Tests;

/// <summary>The nupkg holds exactly what a consumer needs: the analyzers, the presets and the README; no lib/.</summary>
public class PackageContentsTests
{
    private static readonly string[] ExpectedFiles =
    [
        "README.md",
        "Vet.Analyzers.nuspec",
        "analyzers/dotnet/cs/Vet.Analyzers.dll",
        "analyzers/dotnet/cs/Vet.CodeFixes.dll",
        "buildTransitive/Vet.Analyzers.all.globalconfig",
        "buildTransitive/Vet.Analyzers.none.globalconfig",
        "buildTransitive/Vet.Analyzers.props",
        "buildTransitive/Vet.Analyzers.recommended.globalconfig",
    ];

    /// <summary>The Open Packaging Conventions parts every nupkg carries, which say nothing about Vet.</summary>
    private static bool IsPackagingPart(string name) =>
        name == "[Content_Types].xml"
        || name == "_rels/.rels"
        || (name.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) && name.EndsWith(".psmdcp", StringComparison.Ordinal));

    [Fact]
    public void Package_holds_exactly_the_expected_files()
    {
        using var package = ZipFile.OpenRead(PackedPackage.Path);
        var files = package.Entries
            .Select(entry => entry.FullName)
            .Where(name => !IsPackagingPart(name))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(ExpectedFiles.Order(StringComparer.Ordinal), files);
        Assert.DoesNotContain(package.Entries, entry => entry.FullName.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Fact]
    public void Packed_presets_and_props_are_the_repository_files()
    {
        using var package = ZipFile.OpenRead(PackedPackage.Path);
        foreach (var entry in package.Entries.Where(entry => entry.FullName.StartsWith("buildTransitive/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var source = Path.Combine(PackedPackage.RepositoryRoot, "src", "Vet.Package", entry.FullName);
            Assert.Equal(File.ReadAllText(source), reader.ReadToEnd());
        }
    }

    [Fact]
    public void Package_is_a_development_dependency_without_dependencies()
    {
        using var package = ZipFile.OpenRead(PackedPackage.Path);
        using var stream = package.GetEntry("Vet.Analyzers.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        Assert.Equal("Vet.Analyzers", metadata.Elements().Single(element => element.Name.LocalName == "id").Value);
        Assert.Equal("true", metadata.Elements().Single(element => element.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Descendants(), element => element.Name.LocalName == "dependency");
    }
}
