using System.Runtime.InteropServices;
using System.Text.Json;

namespace Vet.Cli.Tests;

/// <summary><c>--analyzers</c> runs another package's analyzers in the same pass, timed beside Vet's.</summary>
public class PeerAnalyzerTests
{
    [Fact]
    public void Sdk_net_analyzers_are_timed_beside_vet_on_the_same_compilation()
    {
        var analyzers = SdkAnalyzerFolder();
        var run = Vet.Run("check", Vet.CopyFixture("Loose"), "--timing", "--format", "json",
            "--analyzers", Path.Combine(analyzers, "Microsoft.CodeAnalysis.NetAnalyzers.dll"),
            "--analyzers", Path.Combine(analyzers, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"));
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("did not load", run.Errors);
        var assemblies = JsonDocument.Parse(run.Output).RootElement.GetProperty("timing").GetProperty("analyzers").EnumerateArray()
            .Select(a => a.GetProperty("assembly").GetString()).ToHashSet();
        Assert.Contains("Vet.Analyzers", assemblies);
        Assert.Contains("Microsoft.CodeAnalysis.CSharp.NetAnalyzers", assemblies);
        // Vet's finding is still there; CA1068 (the SDK's rule for the same concern) is not on by default.
        Assert.Contains(CheckFolderTests.Findings(run.Output), f => f.GetProperty("id").GetString() == "VET101");
    }

    [Fact]
    public void Missing_analyzer_path_exits_2()
    {
        var run = Vet.Run("check", Vet.CopyFixture("Loose"), "--analyzers", "/no/such/Peer.Analyzers.dll");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--analyzers: '/no/such/Peer.Analyzers.dll' does not exist.", run.Errors);
    }

    /// <summary>The .NET SDK ships its own analyzers (CAxxxx); the SDK that runs the tests has them.</summary>
    private static string SdkAnalyzerFolder()
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Select(sdk => Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
            .Where(folder => File.Exists(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll")))
            .OrderByDescending(folder => folder, StringComparer.Ordinal)
            .First();
    }
}
