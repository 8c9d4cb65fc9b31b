using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Vet.Analyzers.Engine;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class BuildPropertiesTests
{
    [Fact]
    public void The_package_makes_every_property_the_engine_reads_visible_to_analyzers()
    {
        var props = XDocument.Load(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Vet.Package", "buildTransitive", "Vet.Analyzers.props"));
        var visible = props.Descendants("CompilerVisibleProperty")
            .SelectMany(item => ((string?)item.Attribute("Include") ?? "").Split(';'))
            .Select(name => name.Trim())
            .ToHashSet();
        Assert.All(BuildProperties.Names, name => Assert.Contains(name, visible));
        Assert.All(BuildProperties.PackageMetadata, name => Assert.Contains(name, BuildProperties.Names));
    }

    [Theory]
    [InlineData("PackageTags", "parsing;json", true)]
    [InlineData("PackageProjectUrl", "https://example.invalid", true)]
    [InlineData("PackageLicenseExpression", "MIT", true)]
    [InlineData("GeneratePackageOnBuild", "true", true)]
    [InlineData("GeneratePackageOnBuild", "false", false)]
    [InlineData("EnablePackageValidation", "true", true)]
    [InlineData("EnablePackageValidation", "false", false)]
    [InlineData("PackageTags", " ", false)]
    [InlineData("Description", "A library", false)]
    public void A_project_publishes_a_package_when_it_sets_metadata_no_SDK_default_fills(string property, string value, bool publishes)
    {
        var code = EngineCompilation.Create("class C { }", new Dictionary<string, string> { [property] = value });
        Assert.Equal(publishes, BuildProperties.Read(code.Options).PublishesPackage);
    }
}
