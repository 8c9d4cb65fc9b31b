using Microsoft.CodeAnalysis;

namespace Vet.Cli.Tests;

/// <summary>Solutions and projects, loaded through MSBuild with their references and .editorconfig.</summary>
public class CheckProjectTests
{
    [Fact]
    public void Solution_with_two_projects_reports_both()
    {
        var folder = Vet.RestoredFixture("TwoProjects", "TwoProjects.sln");

        var run = Vet.Run("check", Path.Combine(folder, "TwoProjects.sln"), "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var findings = CheckFolderTests.Findings(run.Output)
            .Select(f => (File: f.GetProperty("file").GetString(), Id: f.GetProperty("id").GetString())).ToList();
        Assert.Contains(("Alpha/Api.cs", "VET101"), findings);
        Assert.Contains(("Beta/Cache.cs", "VET301"), findings);
    }

    [Fact]
    public void Project_editorconfig_changes_the_severities()
    {
        var folder = Vet.RestoredFixture("Configured", "Configured.csproj");
        var project = Path.Combine(folder, "Configured.csproj");

        var run = Vet.Run("check", project, "--format", "json");

        var findings = CheckFolderTests.Findings(run.Output);
        var vet101 = Assert.Single(findings);
        Assert.Equal("VET101", vet101.GetProperty("id").GetString());
        Assert.Equal("error", vet101.GetProperty("severity").GetString());
        // VET302 (Cache.cs) is off in the .editorconfig.
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, Vet.Run("check", project, "--fail-on", "error").ExitCode);
    }

    [Fact]
    public void Project_without_editorconfig_uses_default_severities()
    {
        var folder = Vet.RestoredFixture("Configured", "Configured.csproj");
        File.Delete(Path.Combine(folder, ".editorconfig"));

        var run = Vet.Run("check", Path.Combine(folder, "Configured.csproj"), "--format", "json");

        var severities = CheckFolderTests.Findings(run.Output).ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("severity").GetString());
        // Rules are Info until their measured precision earns Warning (docs/precision.md): reported, not failing. VET302 is
        // off by default, so the empty catch in Cache.cs is not reported without a setting that enables it.
        Assert.Equal("info", severities["VET101"]);
        Assert.False(severities.ContainsKey("VET302"));
        Assert.Equal(0, run.ExitCode);
    }
}
