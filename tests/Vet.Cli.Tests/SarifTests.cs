using System.Text.Json;

namespace Vet.Cli.Tests;

/// <summary>
/// The SARIF log holds the properties the SARIF 2.1.0 schema requires (sarifLog: version, runs; run: tool;
/// tool: driver; toolComponent: name; result: message; message: text; reportingDescriptor: id) and the ones GitHub code
/// scanning reads (ruleId, a physical location with a relative URI and a region).
/// </summary>
public class SarifTests
{
    [Fact]
    public void Sarif_has_the_required_properties_of_the_2_1_0_schema()
    {
        var run = Vet.Run("check", Vet.Sample("Showcase"), "--format", "sarif");
        Assert.Equal(1, run.ExitCode);
        var log = JsonDocument.Parse(run.Output).RootElement;

        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        var sarifRun = Assert.Single(log.GetProperty("runs").EnumerateArray());
        var driver = sarifRun.GetProperty("tool").GetProperty("driver");
        Assert.Equal("Vet", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(RuleCatalog.Load().Rules.Select(r => r.Id).Order(StringComparer.Ordinal), ruleIds);
        Assert.All(rules, r => Assert.StartsWith("https://github.com/vet-analyzers/vet/blob/main/docs/rules/", r.GetProperty("helpUri").GetString()));
        Assert.All(rules, r => Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "note", "warning", "error" }));

        var sourceRoot = new Uri(sarifRun.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!);
        Assert.True(sourceRoot.IsAbsoluteUri && sourceRoot.AbsolutePath.EndsWith('/'), "SRCROOT must be an absolute URI ending in /");

        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(RuleCatalog.Load().Rules.Length, results.Select(r => r.GetProperty("ruleId").GetString()).Distinct().Count());
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "note", "warning", "error" });
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var artifact = location.GetProperty("artifactLocation");
            Assert.Equal("SRCROOT", artifact.GetProperty("uriBaseId").GetString());
            var uri = artifact.GetProperty("uri").GetString()!;
            Assert.False(Uri.IsWellFormedUriString(uri, UriKind.Absolute), uri);
            Assert.True(File.Exists(new Uri(sourceRoot, uri).LocalPath), $"{uri} should name a file under {sourceRoot}");
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
        }
    }

    [Fact]
    public void Sarif_of_clean_code_is_a_valid_log_with_no_results()
    {
        var run = Vet.Run("check", Vet.Sample("Clean"), "--format", "sarif");

        Assert.Equal(0, run.ExitCode);
        var sarifRun = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("runs").EnumerateArray());
        Assert.Empty(sarifRun.GetProperty("results").EnumerateArray());
    }
}
