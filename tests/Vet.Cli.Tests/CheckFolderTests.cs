using System.Text.Json;

namespace Vet.Cli.Tests;

public class CheckFolderTests
{
    [Fact]
    public void Showcase_folder_reports_every_rule()
    {
        var run = Vet.Run("check", Vet.Sample("Showcase"), "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var reported = Findings(run.Output).Select(f => f.GetProperty("id").GetString()).ToHashSet();
        var missing = RuleCatalog.Load().Rules.Select(r => r.Id).Where(id => !reported.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "the showcase should violate every rule; not reported: " + string.Join(", ", missing));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void Clean_sample_folder_has_no_findings_and_exits_0()
    {
        var run = Vet.Run("check", Vet.Sample("Clean"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No findings.", run.Output);
    }

    [Fact]
    public void Loose_folder_is_compiled_with_implicit_usings_and_reports_file_line_column_rule_and_link()
    {
        var folder = Vet.CopyFixture("Loose");

        var run = Vet.Run("check", folder);

        Assert.Equal(1, run.ExitCode);
        // Api.cs line 8: `public Task FetchAsync(string url, CancellationToken ct, int retries)`; the token starts at column 40.
        Assert.Contains("Api.cs:8:40: warning VET101: 'ct' should be the first or the last parameter of 'FetchAsync' (https://github.com/vet-analyzers/vet/blob/main/docs/rules/VET101.md)", run.Output);
        Assert.Contains("Summary per rule:", run.Output);
        Assert.Matches(@"VET101\s+1\s+CancellationToken parameter", run.Output);
        // Nested/Caller.cs uses Task and CancellationToken without usings: it binds, so no compiler-error note.
        Assert.DoesNotContain("compiler error", run.Errors);
    }

    [Fact]
    public void A_folder_is_checked_with_what_its_project_file_tells_the_build()
    {
        // Published.csproj sets PackageTags (a published library) and InternalsVisibleTo: VET101 leaves the public and the
        // internal method alone, as a build with the package does, and reports only the private one.
        var folder = Vet.CopyFixture("Published");

        var contracts = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("line").GetInt32()).ToList();
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n[*.cs]\nvet.api_surface = all\n");
        var all = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("line").GetInt32()).ToList();

        Assert.Equal([12], contracts);
        Assert.Equal([8, 10, 12], all);
    }

    [Fact]
    public void A_nuspec_named_like_the_project_makes_it_a_published_library()
    {
        // Without PackageTags the public method is no contract; a hand-written Published.nuspec (what `nuget pack` picks
        // up, and what the package's targets pass on as VetNuspecFile) makes it one again.
        var folder = Vet.CopyFixture("Published");
        var project = Path.Combine(folder, "Published.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<PackageTags>messaging</PackageTags>", string.Empty, System.StringComparison.Ordinal));
        var unpublished = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("line").GetInt32()).ToList();
        File.WriteAllText(Path.Combine(folder, "Published.nuspec"), "<package><metadata><id>Published</id><version>1.0.0</version></metadata></package>");
        var published = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("line").GetInt32()).ToList();

        Assert.Equal([8, 12], unpublished);
        Assert.Equal([12], published);
    }

    [Fact]
    public void Every_target_framework_of_a_multi_targeted_project_counts()
    {
        // netstandard2.0, listed last, has no INumber<T>: VET411 must not ask for generic math. A build property reaches
        // an analyzer only up to its first ';', so the list travels with ',' (as the package's targets file writes it).
        var folder = Vet.CopyFixture("MultiTargeted");
        var multi = Findings(Vet.Run("check", folder, "--rules", "VET411", "--format", "json").Output).Count();
        File.WriteAllText(Path.Combine(folder, "MultiTargeted.csproj"), File.ReadAllText(Path.Combine(folder, "MultiTargeted.csproj")).Replace(";netstandard2.0", string.Empty, System.StringComparison.Ordinal));
        var modern = Findings(Vet.Run("check", folder, "--rules", "VET411", "--format", "json").Output).Count();

        Assert.Equal(0, multi);
        Assert.Equal(1, modern);
    }

    [Fact]
    public void A_project_that_references_a_test_framework_is_a_test_project()
    {
        // FrameworkTests.csproj references NUnit without Microsoft.NET.Test.Sdk; its packages are not restored, so only
        // the project file can say it is a test project. Test code is skipped unless vet.test_code asks for it.
        var folder = Vet.CopyFixture("FrameworkTests");

        var skipped = Findings(Vet.Run("check", folder, "--format", "json").Output).ToList();
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n[*.cs]\nvet.test_code = analyze\n");
        var analyzed = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("id").GetString()).ToList();

        Assert.Empty(skipped);
        Assert.NotEmpty(analyzed);
        Assert.All(analyzed, id => Assert.Equal("VET412", id));
    }

    [Fact]
    public void A_test_helper_library_that_references_a_test_framework_is_test_code()
    {
        // TestHelpers.csproj imports a props file that references xunit, and says IsTestProject=false: a build would see
        // xunit among its references and treat it as test code, and so does the tool.
        var folder = Vet.CopyFixture("TestHelpers");

        Assert.Empty(Findings(Vet.Run("check", folder, "--format", "json").Output));
    }

    [Fact]
    public void Package_metadata_set_in_an_imported_file_counts()
    {
        // ImportedMetadata.csproj imports Package.targets, which sets RepositoryUrl: the public method is shipped API.
        var folder = Vet.CopyFixture("ImportedMetadata");

        var lines = Findings(Vet.Run("check", folder, "--format", "json").Output).Select(f => f.GetProperty("line").GetInt32()).ToList();

        Assert.Equal([10, 12], lines);
    }

    [Fact]
    public void A_project_folder_is_compiled_with_the_projects_it_references()
    {
        // App/MemoryStore.cs implements Lib's IStore (whose token sits in the middle: Lib's finding, not App's) and calls
        // Lib's internal Keys through InternalsVisibleTo. Compiled alone, App would not bind and VET101 would take the
        // implementation for a declaration of its own.
        var folder = Vet.CopyFixture("Referencing");

        var run = Vet.Run("check", Path.Combine(folder, "App"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Findings(run.Output));
        Assert.Equal(0, JsonDocument.Parse(run.Output).RootElement.GetProperty("compilerErrors").GetInt32());
    }

    [Fact]
    public void A_project_referenced_twice_under_two_conditions_is_one_reference()
    {
        // Projects that multi-target often list one reference per framework condition.
        var folder = Vet.CopyFixture("Referencing");
        var projectFile = Path.Combine(folder, "App", "App.csproj");
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace(
            "<ProjectReference Include=\"..\\Lib\\Lib.csproj\" />",
            "<ProjectReference Include=\"..\\Lib\\Lib.csproj\" Condition=\"'$(TargetFramework)' == 'net10.0'\" />\n    <ProjectReference Include=\"../Lib/Lib.csproj\" Condition=\"'$(TargetFramework)' != 'net10.0'\" />",
            StringComparison.Ordinal));
        Assert.Equal(2, File.ReadAllText(projectFile).Split("Lib.csproj").Length - 1);

        var run = Vet.Run("check", Path.Combine(folder, "App"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Findings(run.Output));
        Assert.Equal(0, JsonDocument.Parse(run.Output).RootElement.GetProperty("compilerErrors").GetInt32());
    }

    [Fact]
    public void Broken_code_is_still_checked_and_the_compiler_errors_are_noted()
    {
        var folder = Vet.CopyFixture("Broken");

        var run = Vet.Run("check", folder, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Findings(run.Output), f => f.GetProperty("id").GetString() == "VET101");
        Assert.Matches(@"the code has \d+ compiler error\(s\)", run.Errors);
    }

    [Fact]
    public void Severity_threshold_rules_and_exclude_filter_the_findings()
    {
        var showcase = Vet.Sample("Showcase");
        var all = Ids(Vet.Run("check", showcase, "--format", "json").Output);

        // The showcase's .editorconfig raises every rule to a warning: all pass a warning threshold, none an error one.
        Assert.Equal(all.Order(), Ids(Vet.Run("check", showcase, "--format", "json", "--severity", "warning").Output).Order());
        Assert.Empty(Ids(Vet.Run("check", showcase, "--format", "json", "--severity", "error").Output));

        var cancellation = Ids(Vet.Run("check", showcase, "--format", "json", "--rules", "VET1*", "--exclude", "VET102").Output);
        Assert.Equal(all.Where(id => id.StartsWith("VET1", StringComparison.Ordinal) && id != "VET102").Order(), cancellation.Order());
    }

    [Fact]
    public void Fail_on_decides_the_exit_code()
    {
        var folder = Vet.CopyFixture("Loose");

        Assert.Equal(1, Vet.Run("check", folder, "--fail-on", "warning").ExitCode);
        Assert.Equal(0, Vet.Run("check", folder, "--fail-on", "error").ExitCode);
        Assert.Equal(0, Vet.Run("check", folder, "--fail-on", "none").ExitCode);
        // Below the --severity threshold a finding is not reported, so it cannot fail the run either.
        Assert.Equal(0, Vet.Run("check", folder, "--severity", "error").ExitCode);
    }

    [Fact]
    public void Output_option_writes_the_report_to_a_file()
    {
        var folder = Vet.CopyFixture("Loose");
        var file = Path.Combine(folder, "out", "vet.json");

        var run = Vet.Run("check", folder, "--format", "json", "--output", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Single(Findings(File.ReadAllText(file)));
    }

    [Fact]
    public void Timing_lists_each_vet_analyzer_beside_the_compiler_binding_time()
    {
        var folder = Vet.Sample("Showcase");

        var run = Vet.Run("check", folder, "--timing", "--format", "json");

        var timing = JsonDocument.Parse(run.Output).RootElement.GetProperty("timing");
        Assert.True(timing.GetProperty("bindingMs").GetDouble() > 0);
        var analyzers = timing.GetProperty("analyzers").EnumerateArray().ToList();
        Assert.Equal(RuleCatalog.Load().Analyzers.Length, analyzers.Count);
        Assert.All(analyzers, a => Assert.Equal("Vet.Analyzers", a.GetProperty("assembly").GetString()));
        var ids = analyzers.SelectMany(a => a.GetProperty("ids").EnumerateArray().Select(i => i.GetString())).ToHashSet();
        Assert.Superset(RuleCatalog.Load().Rules.Select(r => r.Id).ToHashSet(), ids!);
        // The analyzers did run over the code, so some execution time was recorded.
        Assert.True(analyzers.Sum(a => a.GetProperty("ms").GetDouble()) > 0, "no analyzer execution time was recorded");

        var text = Vet.Run("check", folder, "--timing");
        Assert.Matches(@"Timing \(one run after a warm-up run; compiler binding of the same code: \d+ ms\)", text.Output);
        Assert.Matches(@"% +total of \d+ analyzer\(s\) in Vet.Analyzers", text.Output);
        Assert.Matches(@"% +added to the build: the whole analyzer pass, less an empty one", text.Output);
        Assert.True(timing.TryGetProperty("addedPassMs", out _), "the JSON report has no addedPassMs");
    }

    [Fact]
    public void Repeat_reports_the_median_of_several_timed_runs()
    {
        var folder = Vet.Sample("Showcase");

        var once = Vet.Run("check", folder, "--timing", "--format", "json");
        var run = Vet.Run("check", folder, "--repeat", "3", "--format", "json");

        var timing = JsonDocument.Parse(run.Output).RootElement.GetProperty("timing");
        Assert.Equal(3, timing.GetProperty("runs").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(once.Output).RootElement.GetProperty("timing").GetProperty("runs").GetInt32());
        Assert.True(timing.GetProperty("bindingMs").GetDouble() > 0);
        // Repeating the timed runs does not repeat the findings.
        Assert.Equal(Findings(once.Output).Count, Findings(run.Output).Count);
        Assert.Matches(@"Timing \(median of 3 runs after a warm-up run; compiler binding", Vet.Run("check", folder, "--repeat", "3").Output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public void Repeat_needs_a_number_of_runs(string value)
    {
        var run = Vet.Run("check", Vet.Sample("Showcase"), "--repeat", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--repeat", run.Errors, StringComparison.Ordinal);
    }

    internal static List<JsonElement> Findings(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray().ToList();

    private static List<string> Ids(string json) =>
        Findings(json).Select(f => f.GetProperty("id").GetString()!).Distinct().ToList();
}
