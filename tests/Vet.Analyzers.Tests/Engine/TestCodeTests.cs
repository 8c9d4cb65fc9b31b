using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>
/// Test projects are left alone unless <c>vet.test_code = analyze</c> (or <c>vet.VETnnn.test_code</c>) asks for them:
/// checked on the showcase, which breaks every rule once, compiled as a test project.
/// </summary>
public class TestCodeTests
{
    private static readonly Dictionary<string, string> TestProject = new() { ["IsTestProject"] = "true" };

    [Fact]
    public async Task A_test_project_gets_no_finding_by_default()
    {
        var inProduct = await ShowcaseRuleIdsAsync(buildProperties: null, editorConfig: null);
        var inTests = await ShowcaseRuleIdsAsync(TestProject, editorConfig: null);

        Assert.Equal(VetAssemblies.AllDescriptors().Keys.Count(), inProduct.Count);
        Assert.Empty(inTests);
    }

    [Fact]
    public async Task Analyze_reports_a_test_project_as_any_other()
    {
        var inProduct = await ShowcaseRuleIdsAsync(buildProperties: null, editorConfig: null);
        var analyzed = await ShowcaseRuleIdsAsync(TestProject, new Dictionary<string, string> { ["vet.test_code"] = "analyze" });

        Assert.Equal(inProduct, analyzed);
    }

    [Fact]
    public async Task A_rule_can_analyze_test_code_on_its_own()
    {
        var analyzed = await ShowcaseRuleIdsAsync(TestProject, new Dictionary<string, string> { ["vet.VET102.test_code"] = "analyze" });

        Assert.Equal(new[] { "VET102" }, analyzed);
    }

    [Fact]
    public async Task A_rule_can_keep_skipping_test_code_when_the_others_analyze_it()
    {
        var analyzed = await ShowcaseRuleIdsAsync(
            TestProject,
            new Dictionary<string, string> { ["vet.test_code"] = "analyze", ["vet.VET102.test_code"] = "skip" });

        Assert.DoesNotContain("VET102", analyzed);
        Assert.Equal(VetAssemblies.AllDescriptors().Keys.Count() - 1, analyzed.Count);
    }

    private static async Task<List<string>> ShowcaseRuleIdsAsync(Dictionary<string, string>? buildProperties, Dictionary<string, string>? editorConfig)
    {
        var compilation = VetAssemblies.CompileFolder(Path.Combine(TestEnvironment.RepositoryRoot, "samples", "Showcase"), TargetFramework.Net100);
        var run = await VetAssemblies.AnalyzeAsync(compilation, VetAssemblies.AllAnalyzers(), EngineCompilation.OptionsFor(buildProperties, editorConfig));
        Assert.Empty(run.Exceptions);
        return run.Diagnostics.Select(d => d.Id).Where(id => id.StartsWith("VET", System.StringComparison.Ordinal)).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToList();
    }
}
