namespace Vet.Cli.Tests;

/// <summary>Mistakes on the command line and unloadable paths exit with 2 and say what is wrong.</summary>
public class UsageTests
{
    [Fact]
    public void Missing_path_exits_2_with_a_clear_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), "vet-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var run = Vet.Run("check", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{missing}' does not exist", run.Errors);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData(new[] { "check" }, "needs a path")]
    [InlineData(new[] { "check", ".", "--format", "xml" }, "--format must be one of text, json, sarif")]
    [InlineData(new[] { "check", ".", "--colour" }, "unknown option '--colour'")]
    [InlineData(new[] { "check", ".", "--rules", "VET999" }, "no rule matches 'VET999'")]
    [InlineData(new[] { "check", ".", "--fail-on" }, "'--fail-on' needs a value")]
    [InlineData(new[] { "lint", "." }, "unknown command 'lint'")]
    public void Usage_errors_exit_2(string[] args, string message)
    {
        var run = Vet.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Errors);
    }

    [Fact]
    public void A_file_that_is_not_a_project_exits_2()
    {
        var folder = Vet.CopyFixture("Loose");

        var run = Vet.Run("check", Path.Combine(folder, "Api.cs"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a .sln, .slnx, .csproj or folder", run.Errors);
    }

    [Fact]
    public void A_project_that_does_not_load_exits_2()
    {
        var folder = Vet.CopyFixture("Loose");
        var project = Path.Combine(folder, "Bad.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");

        var run = Vet.Run("check", project);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot load", run.Errors);
    }
}
