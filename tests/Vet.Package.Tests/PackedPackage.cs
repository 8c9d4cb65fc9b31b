using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Vet.Package.Tests;

/// <summary>The nupkg that src/Vet.Package packs on build, and the facts about it baked in at build time.</summary>
public static class PackedPackage
{
    public static string Path => Metadata("PackagePath");

    public static string Version => Metadata("PackageVersion");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(attribute => attribute.Key == key).Value!;
}

/// <summary>
/// A project outside the repository that references the packed Vet.Analyzers from a local feed, restored into
/// its own package folder so it never sees a stale copy of the same version.
/// </summary>
public sealed class ConsumerWorkspace : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("vet-consumer-").FullName;

    public ConsumerWorkspace()
    {
        var feed = Directory.CreateDirectory(System.IO.Path.Combine(_root, "feed")).FullName;
        File.Copy(PackedPackage.Path, System.IO.Path.Combine(feed, System.IO.Path.GetFileName(PackedPackage.Path)));
        File.WriteAllText(System.IO.Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Writes a consumer project with the given files into its own folder and returns the folder.</summary>
    public string CreateProject(string name, IReadOnlyDictionary<string, string> files, string extraProjectContent = "")
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(_root, name)).FullName;
        File.WriteAllText(System.IO.Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Vet.Analyzers" Version="{PackedPackage.Version}" PrivateAssets="all" />
              </ItemGroup>
              {extraProjectContent}
            </Project>
            """);
        foreach (var (fileName, content) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(folder, fileName), content);
        }

        return folder;
    }

    /// <summary>
    /// Builds the project and returns the level of every Vet result in its SARIF log, by rule ID ("warning",
    /// "note", "error"); SARIF records Info diagnostics too, which the console output leaves out.
    /// </summary>
    public BuildResult Build(string folder, params string[] properties)
    {
        var sarif = System.IO.Path.Combine(folder, "vet.sarif");
        var arguments = new List<string> { "build", folder, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", $"-p:ErrorLog={sarif}%2Cversion=2.1" };
        arguments.AddRange(properties.Select(property => "-p:" + property));
        var (exitCode, output) = Run(arguments, folder);
        var levels = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (File.Exists(sarif))
        {
            using var log = JsonDocument.Parse(File.ReadAllText(sarif));
            foreach (var result in log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString()!;
                if (id.StartsWith("VET", StringComparison.Ordinal))
                {
                    var level = result.TryGetProperty("level", out var value) ? value.GetString()! : "warning";
                    levels.TryAdd(id, []);
                    levels[id].Add(level);
                }
            }
        }

        return new BuildResult(exitCode, output, levels.ToDictionary(pair => pair.Key, pair => string.Join(",", pair.Value.Order(StringComparer.Ordinal)), StringComparer.Ordinal));
    }

    private (int ExitCode, string Output) Run(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point the child build at the outer build's MSBuild.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["NUGET_PACKAGES"] = System.IO.Path.Combine(_root, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish in {BuildTimeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failed cleanup must not fail the tests.
        }
    }
}

/// <summary>A consumer build: its exit code, its console output, and the level(s) of each Vet rule it reported.</summary>
public sealed record BuildResult(int ExitCode, string Output, IReadOnlyDictionary<string, string> VetLevels);
