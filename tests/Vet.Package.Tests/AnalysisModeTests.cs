using System.Collections.Generic;
using Xunit;

namespace Vet.Package.Tests;

/// <summary>
/// What a consumer build reports under each VetAnalysisMode. The consumer breaks three rules: VET305 (Info, with a fix
/// and measured precision, which 'recommended' raises), VET301 (Info, with a fix, not yet precise enough) and VET104
/// (off by default, no fix): only 'all' raises VET301 and turns VET104 on. Levels are SARIF's: "warning", and "note"
/// for Info.
/// </summary>
public sealed class AnalysisModeTests : IClassFixture<ConsumerWorkspace>
{
    private const string Api = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer;

        public class Api
        {
            private CancellationToken _request;

            // VET301: the new exception drops the caught one.
            public string Load(string path)
            {
                try
                {
                    return File.ReadAllText(path);
                }
                catch (IOException)
                {
                    throw new InvalidOperationException("Could not load " + path);
                }
            }

            // VET104: a per-call token stored in instance state.
            public Task BeginAsync(string name, CancellationToken request)
            {
                _request = request;
                return Task.CompletedTask;
            }

            public string Read(string path)
            {
                try
                {
                    return File.ReadAllText(path);
                }
                catch (IOException ex)
                {
                    // VET305: a conditional rethrow instead of an exception filter.
                    if (ex is FileNotFoundException) throw;
                    return "";
                }
            }
        }
        """;

    private readonly ConsumerWorkspace _workspace;

    public AnalysisModeTests(ConsumerWorkspace workspace) => _workspace = workspace;

    public static TheoryData<string, string?, string?, string?> Modes() => new()
    {
        // mode, VET301, VET305, VET104 (null: not reported)
        { "default", "note", "note", null },
        { "recommended", "note", "warning", null },
        { "all", "warning", "warning", "warning" },
        { "none", null, null, null },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Mode_sets_the_reported_severities(string mode, string? vet301, string? vet305, string? vet104)
    {
        var folder = _workspace.CreateProject("mode-" + mode, new Dictionary<string, string> { ["Api.cs"] = Api });
        var build = _workspace.Build(folder, "VetAnalysisMode=" + mode);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(Expected(("VET301", vet301), ("VET305", vet305), ("VET104", vet104)), build.VetLevels);
        if (vet301 == "warning")
        {
            // A warning is printed by the build, with its help link.
            Assert.Contains("docs/rules/VET301.md", build.Output, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_mode_the_build_reports_the_default_severities()
    {
        var folder = _workspace.CreateProject("mode-unset", new Dictionary<string, string> { ["Api.cs"] = Api });
        var build = _workspace.Build(folder);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(Expected(("VET301", "note"), ("VET305", "note"), ("VET104", null)), build.VetLevels);
    }

    [Fact]
    public void A_projects_own_settings_win_over_the_preset()
    {
        var folder = _workspace.CreateProject(
            "user-settings",
            new Dictionary<string, string>
            {
                ["Api.cs"] = Api,
                // .editorconfig turns a rule off that 'all' turns on ...
                [".editorconfig"] = "root = true\n\n[*.cs]\ndotnet_diagnostic.VET301.severity = none\n",
                // ... and a project global config (default global_level 0) keeps another below warning.
                ["team.globalconfig"] = "is_global = true\ndotnet_diagnostic.VET104.severity = suggestion\n",
            },
            """<ItemGroup><GlobalAnalyzerConfigFiles Include="team.globalconfig" /></ItemGroup>""");
        var build = _workspace.Build(folder, "VetAnalysisMode=all");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(Expected(("VET305", "warning"), ("VET104", "note")), build.VetLevels);
    }

    [Fact]
    public void A_projects_own_settings_turn_rules_on_under_none()
    {
        var folder = _workspace.CreateProject(
            "user-settings-none",
            new Dictionary<string, string>
            {
                ["Api.cs"] = Api,
                [".editorconfig"] = "root = true\n\n[*.cs]\ndotnet_diagnostic.VET104.severity = warning\n",
            });
        var build = _workspace.Build(folder, "VetAnalysisMode=none");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(Expected(("VET104", "warning")), build.VetLevels);
    }

    private const string Client = """
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer;

        public class Client
        {
            // VET101, unless the public method is an API contract of a published package.
            public Task FetchAsync(string url, CancellationToken token, int retries) => Task.CompletedTask;
        }
        """;

    [Fact]
    public void A_nuspec_named_like_the_project_makes_its_public_surface_a_contract()
    {
        // The package's targets pass VetNuspecFile on: a hand-written Consumer.nuspec publishes the project.
        var loose = _workspace.CreateProject("nuspec-absent", new Dictionary<string, string> { ["Client.cs"] = Client });
        var published = _workspace.CreateProject("nuspec-present", new Dictionary<string, string>
        {
            ["Client.cs"] = Client,
            ["Consumer.nuspec"] = "<package><metadata><id>Consumer</id><version>1.0.0</version><authors>a</authors><description>d</description></metadata></package>",
        });

        var looseBuild = _workspace.Build(loose);
        var publishedBuild = _workspace.Build(published);

        Assert.True(looseBuild.ExitCode == 0, looseBuild.Output);
        Assert.True(publishedBuild.ExitCode == 0, publishedBuild.Output);
        Assert.Equal("note", looseBuild.VetLevels.GetValueOrDefault("VET101"));
        Assert.False(publishedBuild.VetLevels.ContainsKey("VET101"), publishedBuild.Output);
    }

    [Fact]
    public void An_unknown_mode_fails_the_build()
    {
        var folder = _workspace.CreateProject("mode-unknown", new Dictionary<string, string> { ["Api.cs"] = Api });
        var build = _workspace.Build(folder, "VetAnalysisMode=strict");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("VetAnalysisMode is 'strict'; use default, recommended, all or none.", build.Output, System.StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Expected(params (string Id, string? Level)[] rules)
    {
        var expected = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var (id, level) in rules)
        {
            if (level is not null)
            {
                expected[id] = level;
            }
        }

        return expected;
    }
}
