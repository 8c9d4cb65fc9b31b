using System.Diagnostics;
using System.Reflection;

namespace Vet.Cli.Tests;

/// <summary>What one <c>vet</c> invocation printed and returned.</summary>
public sealed record VetRun(int ExitCode, string Output, string Errors);

/// <summary>Runs the <c>vet</c> command in this process, and prepares fixture copies outside the repository.</summary>
public static class Vet
{
    public static string RepositoryRoot { get; } = typeof(Vet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A sample folder of the repository: Showcase breaks every rule, Clean breaks none.</summary>
    public static string Sample(string name) => Path.Combine(RepositoryRoot, "samples", name);

    public static VetRun Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = VetCommand.RunAsync(args, output, errors, Progress.Silent, CancellationToken.None).GetAwaiter().GetResult();
        return new VetRun(exitCode, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// A fresh copy of a fixture in a temporary folder, away from the repository's Directory.Build.props, so each
    /// test sees the fixture exactly as written and may change it.
    /// </summary>
    public static string CopyFixture(string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        var target = Path.Combine(Path.GetTempPath(), "vet-cli-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>A copy of a fixture with its projects restored, as MSBuildWorkspace needs them (SDK-only: no download).</summary>
    public static string RestoredFixture(string name, string projectOrSolution)
    {
        var folder = CopyFixture(name);
        var start = new ProcessStartInfo("dotnet", ["restore", projectOrSolution, "-nologo"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"restore of fixture {name} failed:\n{log.Result}\n{errors}");
        return folder;
    }
}
