using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.Analyzers;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.RuleIndex;
using Xunit;

namespace Vet.Analyzers.Tests.Meta;

/// <summary>
/// The rule index, the README's rules table and the package presets are generated from the descriptors by
/// tools/Vet.RuleIndex; these tests fail when the checked-in files drift from what it would write.
/// </summary>
public class GeneratedFilesTests
{
    private static string Root => TestEnvironment.RepositoryRoot;

    public static TheoryData<string> GeneratedPaths()
    {
        var data = new TheoryData<string>();
        foreach (var file in GeneratedFiles.Render(Root))
        {
            data.Add(file.RelativePath);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedPaths))]
    public void Generated_file_is_up_to_date(string relativePath)
    {
        var expected = GeneratedFiles.Render(Root).Single(file => file.RelativePath == relativePath).Content;
        var path = Path.Combine(Root, relativePath);
        Assert.True(File.Exists(path), $"{relativePath} is missing: run {GeneratedFiles.RegenerateCommand}");
        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (actual != expected)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var first = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
                .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
            Assert.Fail(
                $"{relativePath} is out of date: run {GeneratedFiles.RegenerateCommand}\n"
                + $"line {first + 1} expected: {expectedLines.ElementAtOrDefault(first)}\n"
                + $"line {first + 1} actual:   {actualLines.ElementAtOrDefault(first)}");
        }
    }

    [Fact]
    public void Rule_index_lists_every_rule()
    {
        var index = File.ReadAllLines(Path.Combine(Root, "docs", "rules", "README.md"));
        var table = index.SkipWhile(line => line != GeneratedFiles.ReadmeTableStart).TakeWhile(line => line != GeneratedFiles.ReadmeTableEnd);
        var listed = table.Where(line => line.StartsWith("| [VET", StringComparison.Ordinal)).Select(line => line[3..9]);
        Assert.Equal(VetAssemblies.AllDescriptors().Keys, listed);
    }

    /// <summary>The index's overlaps table, written by hand, has one row per rule: a new rule needs its peers checked.</summary>
    [Fact]
    public void Overlaps_table_has_a_row_per_rule()
    {
        var index = File.ReadAllLines(Path.Combine(Root, "docs", "rules", "README.md"));
        var overlaps = index.SkipWhile(line => line != "## Overlaps with other analyzer packages");
        var listed = overlaps.Where(line => line.StartsWith("| [VET", StringComparison.Ordinal)).Select(line => line[3..9]);
        Assert.Equal(VetAssemblies.AllDescriptors().Keys, listed);
    }

    /// <summary>
    /// Read independently of the generator's own code: each preset file names every rule it should, with the
    /// severity its mode promises, and nothing else.
    /// </summary>
    [Theory]
    [InlineData("all")]
    [InlineData("none")]
    [InlineData("recommended")]
    public void Preset_sets_each_rule_as_its_mode_promises(string mode)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "src", "Vet.Package", "buildTransitive", $"Vet.Analyzers.{mode}.globalconfig"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        Assert.Equal("is_global = true", lines[0]);
        Assert.Equal("global_level = -1", lines[1]);
        var fixable = VetAssemblies.AllCodeFixes().SelectMany(fix => fix.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);
        var expected = new List<string>();
        foreach (var descriptor in VetAssemblies.AllDescriptors().Values)
        {
            var severity = mode switch
            {
                "all" => "warning",
                "none" => "none",
                _ => descriptor.IsEnabledByDefault && descriptor.DefaultSeverity == DiagnosticSeverity.Info && fixable.Contains(descriptor.Id)
                    && descriptor.CustomTags.Contains(Descriptors.PreciseTag) ? "warning" : null,
            };
            if (severity is not null)
            {
                expected.Add($"dotnet_diagnostic.{descriptor.Id}.severity = {severity}");
            }
        }

        Assert.Equal(expected, lines.Skip(2));
    }

    [Fact]
    public void Recommended_raises_only_precise_info_rules_with_a_fix()
    {
        var rules = RuleCatalog.Rules(Root);
        var raised = rules.Where(rule => GeneratedFiles.PresetSeverity(AnalysisMode.Recommended, rule) is not null).Select(rule => rule.Id);
        Assert.NotEmpty(raised);
        Assert.All(rules.Where(rule => raised.Contains(rule.Id)), rule =>
        {
            Assert.Equal(DiagnosticSeverity.Info, rule.Descriptor.DefaultSeverity);
            Assert.True(rule.HasCodeFix);
            Assert.Contains(Descriptors.PreciseTag, rule.Descriptor.CustomTags);
        });
    }

    /// <summary>
    /// The index's Options column comes from the rule pages. Running every analyzer over both samples with an
    /// options provider that records each key asked for proves the pages list every option the code reads there.
    /// </summary>
    [Fact]
    public async Task Rule_pages_document_every_option_the_analyzers_read()
    {
        var provider = new RecordingOptionsProvider();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider);
        foreach (var sample in new[] { "Showcase", "Clean" })
        {
            var compilation = VetAssemblies.CompileFolder(Path.Combine(Root, "samples", sample), TargetFramework.Net100);
            var run = await VetAssemblies.AnalyzeAsync(compilation, VetAssemblies.AllAnalyzers(), options);
            Assert.Empty(run.Exceptions);
        }

        var read = provider.Keys.Where(key => key.StartsWith("vet.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(read);
        // An option every rule shares (vet.api_surface) is read without a rule id; a page that documents it per rule documents both keys.
        var documented = RuleCatalog.Rules(Root)
            .SelectMany(rule => rule.Options.SelectMany(option => new[] { $"vet.{rule.Id}.{option}", $"vet.{option}" }))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(read, key => Assert.True(documented.Contains(key), $"{key} is read by an analyzer but not listed in the Options section of its rule page"));
    }

    /// <summary>The other way round: an option a page documents is a name the analyzers' source spells out.</summary>
    [Fact]
    public void Every_documented_option_is_in_the_analyzers_source()
    {
        var source = string.Concat(Directory.EnumerateFiles(Path.Combine(Root, "src", "Vet.Analyzers"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        Assert.All(
            RuleCatalog.Rules(Root).SelectMany(rule => rule.Options.Select(option => (rule.Id, option))),
            documented => Assert.True(
                source.Contains($"\"{documented.option}\"", StringComparison.Ordinal),
                $"{documented.Id}: its page documents vet.{documented.Id}.{documented.option}, which no analyzer reads"));
    }

    /// <summary>Answers every option lookup with "unset" and remembers the key.</summary>
    private sealed class RecordingOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly RecordingOptions _options = new();

        public IEnumerable<string> Keys => _options.Requested.Keys;

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class RecordingOptions : AnalyzerConfigOptions
        {
            public ConcurrentDictionary<string, bool> Requested { get; } = new(StringComparer.Ordinal);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                Requested[key] = true;
                value = null;
                return false;
            }
        }
    }
}
