using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Vet.Package.Tests;

/// <summary>The nupkg holds exactly what a consumer needs: the analyzers, the presets, the README and the icon; no lib/.</summary>
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
        "buildTransitive/Vet.Analyzers.targets",
        "buildTransitive/Vet.Analyzers.recommended.globalconfig",
        "icon.png",
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

    private const string Repository = "https://github.com/vet-analyzers/vet";

    /// <summary>
    /// nuget.org resolves no relative link, so the packed README is the package page (src/Vet.Package/README.md), every
    /// link in it is absolute, and each link into the repository names a file (or a README heading) that exists.
    /// </summary>
    [Fact]
    public void Packed_readme_links_only_to_absolute_addresses_that_exist()
    {
        using var package = ZipFile.OpenRead(PackedPackage.Path);
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        Assert.Equal(File.ReadAllText(System.IO.Path.Combine(PackedPackage.RepositoryRoot, "src", "Vet.Package", "README.md")), readme);
        var links = Regex.Matches(readme, @"\]\((?<target>[^)\s]+)\)").Select(match => match.Groups["target"].Value).ToList();
        Assert.Contains(links, link => link.EndsWith("/docs/rules/VET101.md", StringComparison.Ordinal));
        Assert.All(links, link =>
        {
            Assert.StartsWith("https://", link);
            if (link.StartsWith(Repository + "/blob/main/", StringComparison.Ordinal))
            {
                var file = link[(Repository + "/blob/main/").Length..].Split('#')[0];
                Assert.True(File.Exists(System.IO.Path.Combine(PackedPackage.RepositoryRoot, file)), $"{link}: no file {file} in the repository");
            }
            else if (link.StartsWith(Repository + "#", StringComparison.Ordinal))
            {
                var anchor = link[(Repository + "#").Length..];
                var headings = File.ReadAllLines(System.IO.Path.Combine(PackedPackage.RepositoryRoot, "README.md"))
                    .Where(line => line.StartsWith('#'))
                    .Select(line => Regex.Replace(line.TrimStart('#').Trim().ToLowerInvariant(), @"[^a-z0-9 -]", "").Replace(' ', '-'));
                Assert.Contains(anchor, headings);
            }
        });
    }

    [Fact]
    public void Package_metadata_names_its_repository_commit_icon_and_release_notes()
    {
        using var package = ZipFile.OpenRead(PackedPackage.Path);
        using var stream = package.GetEntry("Vet.Analyzers.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(element => element.Name.LocalName == name).Value;
        Assert.Equal("icon.png", Value("icon"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("CHANGELOG.md", Value("releaseNotes"));
        Assert.Contains("analyzers", Value("tags").Split(' '));
        var repository = metadata.Elements().Single(element => element.Name.LocalName == "repository");
        Assert.Equal(Repository, repository.Attribute("url")?.Value);
        if (Path.Exists(System.IO.Path.Combine(PackedPackage.RepositoryRoot, ".git")))
        {
            // Source Link reads the commit from git; a tree exported without its history has none to give.
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
        }
    }
}
