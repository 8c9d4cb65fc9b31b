using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Vet.Analyzers.Tests.Meta;

/// <summary>
/// Every rule ships complete: a documentation page from the template, a help link to that page (the rule index
/// is generated; GeneratedFilesTests checks it), a release-tracking row, a test class, one violation in samples/Showcase and none in samples/Clean.
/// </summary>
public class RuleCatalogTests
{
    private static readonly string[] TemplateSections =
    [
        "## Why", "## Flagged", "## Fixed", "## Options", "## When to suppress", "## Related rules",
    ];

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in VetAssemblies.AllDescriptors().Keys)
        {
            data.Add(id);
        }

        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => VetAssemblies.AllDescriptors()[id];

    private static string Repo(params string[] parts) => Path.Combine([TestEnvironment.RepositoryRoot, .. parts]);

    [Fact]
    public void Vet_ships_rules()
    {
        Assert.NotEmpty(VetAssemblies.AllDescriptors());
        Assert.All(VetAssemblies.AllDescriptors().Keys, id => Assert.Matches("^VET[1-6][0-9]{2}$", id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_follows_the_conventions(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal(Vet.Analyzers.Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        var family = id[3] switch
        {
            '1' => "Cancellation",
            '2' => "Concurrency",
            '3' => "Errors",
            '4' => "Interfaces",
            '5' => "Resources",
            _ => "Testing",
        };
        Assert.Equal(family, descriptor.Category);
        Assert.NotEqual(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_exists_with_the_template_sections(string id)
    {
        var path = Repo("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"{id}: missing docs/rules/{id}.md");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {Descriptor(id).Title}", page, StringComparison.Ordinal);
        Assert.Contains("| ID | Category | Default severity | Code fix |", page, StringComparison.Ordinal);
        Assert.Matches($@"\|\s*{id}\s*\|\s*{Descriptor(id).Category}\s*\|\s*{Descriptor(id).DefaultSeverity}\s*\|", page);
        var lastIndex = -1;
        foreach (var section in TemplateSections)
        {
            var index = page.IndexOf("\n" + section + "\n", StringComparison.Ordinal);
            Assert.True(index > lastIndex, $"{id}: section '{section}' is missing or out of template order");
            lastIndex = index;
        }

        foreach (var option in Regex.Matches(page, $@"vet\.{id}\.([a-z_]+)").Select(m => m.Value).Distinct())
        {
            Assert.Contains($"`{option}`", page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Release_tracking_has_a_row(string id)
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => File.ReadAllLines(Repo("src", "Vet.Analyzers", file)))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 3 && cells[0] == id)
            .ToList();
        Assert.True(rows.Count > 0, $"{id}: no row in AnalyzerReleases.*.md");
        Assert.Equal(Descriptor(id).Category, rows[^1][1]);
        // Release tracking writes a rule that is off by default as "Disabled".
        Assert.Equal(Descriptor(id).IsEnabledByDefault ? Descriptor(id).DefaultSeverity.ToString() : "Disabled", rows[^1][2]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_test_class(string id)
    {
        Assert.Contains(typeof(RuleCatalogTests).Assembly.GetTypes(), type => type.Name == id + "Tests");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Showcase_violates_the_rule_exactly_once(string id)
    {
        var found = await ShowcaseDiagnostics.Value;
        Assert.Single(found, diagnostic => diagnostic.Id == id);
    }

    /// <summary>The showcase's build output is Vet's findings only: a compiler warning of its own would hide among them.</summary>
    [Fact]
    public void Showcase_has_no_compiler_warnings_of_its_own()
    {
        var compilation = VetAssemblies.CompileFolder(Repo("samples", "Showcase"), TargetFramework.Net100);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Clean_sample_treats_the_rule_as_an_error(string id)
    {
        var config = File.ReadAllLines(Repo("samples", "Clean", "vet-all-errors.globalconfig"));
        Assert.Contains($"dotnet_diagnostic.{id}.severity = error", config);
    }

    [Fact]
    public async Task Clean_sample_has_no_vet_diagnostics()
    {
        var compilation = VetAssemblies.CompileFolder(Repo("samples", "Clean"), TargetFramework.Net100)
            .WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var run = await VetAssemblies.AnalyzeAsync(compilation, VetAssemblies.AllAnalyzers());
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void Every_code_fix_supports_fix_all_and_fixes_a_known_rule()
    {
        var ids = VetAssemblies.AllDescriptors().Keys.ToHashSet();
        Assert.All(VetAssemblies.AllCodeFixes(), fix =>
        {
            Assert.NotNull(fix.GetFixAllProvider());
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        });
    }

    /// <summary>
    /// A rule is findable from its ID: its descriptor <c>VETnnn_Name</c>, its analyzer <c>NameAnalyzer</c> (a rule
    /// with two analyzers: <c>Name…Analyzer</c>) and its fix <c>NameCodeFix</c> share one name.
    /// </summary>
    [Fact]
    public void Descriptor_analyzer_and_fix_share_one_name()
    {
        var names = typeof(Vet.Analyzers.Descriptors)
            .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .ToDictionary(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id, field => field.Name.Substring(field.Name.IndexOf('_') + 1));
        Assert.Equal(VetAssemblies.AllDescriptors().Count, names.Count);
        Assert.All(VetAssemblies.AllAnalyzers(), analyzer =>
        {
            var type = analyzer.GetType().Name;
            Assert.All(analyzer.SupportedDiagnostics, descriptor =>
                Assert.True(type.StartsWith(names[descriptor.Id], StringComparison.Ordinal) && type.EndsWith("Analyzer", StringComparison.Ordinal),
                    $"{type} reports {descriptor.Id}, whose descriptor is named {names[descriptor.Id]}"));
        });
        var analyzersPerRule = VetAssemblies.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Type: a.GetType().Name)).Distinct()).GroupBy(p => p.Id);
        Assert.All(analyzersPerRule.Where(g => g.Count() == 1), g => Assert.Equal(names[g.Key] + "Analyzer", g.Single().Type));
        Assert.All(VetAssemblies.AllCodeFixes(), fix =>
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Equal(names[id] + "CodeFix", fix.GetType().Name)));
    }

    /// <summary>
    /// A rule whose findings take several shapes has a descriptor per shape (<c>Descriptors.Shapes</c>): each is listed by an
    /// analyzer of its rule, after the rule's own descriptor, and differs from it only in its message.
    /// </summary>
    [Fact]
    public void Every_message_shape_is_listed_after_its_rule_by_an_analyzer_of_that_rule()
    {
        var shapes = typeof(Vet.Analyzers.Descriptors.Shapes)
            .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(shapes);
        var rules = VetAssemblies.AllDescriptors();
        Assert.All(VetAssemblies.AllAnalyzers(), analyzer => Assert.Same(rules[analyzer.SupportedDiagnostics[0].Id], analyzer.SupportedDiagnostics[0]));
        Assert.All(shapes, shape =>
        {
            Assert.Contains(VetAssemblies.AllAnalyzers(), analyzer => analyzer.SupportedDiagnostics.Contains(shape));
            var rule = rules[shape.Id];
            Assert.Equal(
                (rule.Title.ToString(), rule.Category, rule.DefaultSeverity, rule.IsEnabledByDefault, rule.Description.ToString(), rule.HelpLinkUri, string.Join(",", rule.CustomTags)),
                (shape.Title.ToString(), shape.Category, shape.DefaultSeverity, shape.IsEnabledByDefault, shape.Description.ToString(), shape.HelpLinkUri, string.Join(",", shape.CustomTags)));
            Assert.NotEqual(rule.MessageFormat.ToString(), shape.MessageFormat.ToString());
        });
    }

    private static readonly Lazy<Task<List<Diagnostic>>> ShowcaseDiagnostics = new(async () =>
    {
        var compilation = VetAssemblies.CompileFolder(Repo("samples", "Showcase"), TargetFramework.Net100);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var run = await VetAssemblies.AnalyzeAsync(compilation, VetAssemblies.AllAnalyzers());
        Assert.Empty(run.Exceptions);
        return run.Diagnostics.ToList();
    });
}
