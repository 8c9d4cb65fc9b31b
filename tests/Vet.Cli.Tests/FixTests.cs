namespace Vet.Cli.Tests;

public class FixTests
{
    // VET101's fix moves 'ct' last in the declaration and in the call in Nested/Caller.cs; each hunk has three lines of
    // context before the change and ends at the end of the file.
    // Written out line by line: a diff's context lines for blank lines are a single space, which a raw string drops.
    private static readonly string ExpectedDiff = string.Join("\n",
        "--- a/Api.cs",
        "+++ b/Api.cs",
        "@@ -5,5 +5,5 @@",
        " ",
        " public class Api",
        " {",
        "-    public Task FetchAsync(string url, CancellationToken ct, int retries) => Task.CompletedTask;",
        "+    public Task FetchAsync(string url, int retries, CancellationToken ct) => Task.CompletedTask;",
        " }",
        "--- a/Nested/Caller.cs",
        "+++ b/Nested/Caller.cs",
        "@@ -5,5 +5,5 @@",
        " {",
        "     private readonly Api _api = new();",
        " ",
        "-    public Task RunAsync(CancellationToken ct) => _api.FetchAsync(\"https://example.invalid\", ct, 3);",
        "+    public Task RunAsync(CancellationToken ct) => _api.FetchAsync(\"https://example.invalid\", 3, ct);",
        " }",
        "");

    [Fact]
    public void Dry_run_prints_a_unified_diff_and_writes_nothing()
    {
        var folder = Vet.CopyFixture("Loose");
        var before = Snapshot(folder);
        var run = Vet.Run("fix", folder, "--dry-run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(ExpectedDiff, run.Output.ReplaceLineEndings("\n"));
        Assert.Contains("2 file(s) would change (dry run: nothing written).", run.Output);
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public void Fix_writes_only_the_files_that_change_and_the_finding_is_gone()
    {
        var folder = Vet.CopyFixture("Loose");
        var untouched = Path.Combine(folder, "Untouched.cs");
        File.WriteAllText(untouched, "namespace Loose;\n\npublic class Untouched\n{\n}\n");
        var stamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(untouched, stamp);

        var run = Vet.Run("fix", folder);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("VET101: fixed 1 finding(s).", run.Output);
        Assert.Contains("2 file(s) changed.", run.Output);
        Assert.Contains("FetchAsync(string url, int retries, CancellationToken ct)", File.ReadAllText(Path.Combine(folder, "Api.cs")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(untouched));

        var check = Vet.Run("check", folder);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("No findings.", check.Output);
        Assert.DoesNotContain("compiler error", check.Errors);
    }

    [Fact]
    public void Rules_limit_the_fixes_applied()
    {
        var folder = Vet.CopyFixture("Loose");
        var run = Vet.Run("fix", folder, "--dry-run", "--rules", "VET3*");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 file(s) would change", run.Output);
        Assert.Equal(2, Vet.Run("fix", folder, "--rules", "VET302").ExitCode);
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
}
