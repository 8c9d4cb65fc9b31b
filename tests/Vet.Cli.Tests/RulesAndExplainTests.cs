using System.Globalization;

namespace Vet.Cli.Tests;

public class RulesAndExplainTests
{
    [Fact]
    public void Rules_lists_every_descriptor_with_category_severity_and_fix()
    {
        var run = Vet.Run("rules");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID ", lines[0]);
        var catalog = RuleCatalog.Load();
        Assert.Equal(catalog.Rules.Length, lines.Length - 1);
        foreach (var rule in catalog.Rules)
        {
            var line = Assert.Single(lines, l => l.StartsWith(rule.Id + " ", StringComparison.Ordinal));
            Assert.Contains(rule.Descriptor.Title.ToString(CultureInfo.InvariantCulture), line);
            Assert.Contains(rule.Descriptor.Category, line);
            Assert.Matches(rule.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info ? @"\binfo\b" : @"\bwarning\b", line);
            // Whether a fix exists is read from the code fix providers, so compare with one known each way.
            Assert.EndsWith(rule.HasFix ? "yes" : "no", line.TrimEnd());
        }
        Assert.True(catalog.Find("VET101")!.HasFix);
        Assert.False(catalog.Find("VET302")!.HasFix);
    }

    [Fact]
    public void Explain_prints_every_rule_page_without_markdown_syntax()
    {
        foreach (var rule in RuleCatalog.Load().Rules)
        {
            var run = Vet.Run("explain", rule.Id.ToLowerInvariant());

            Assert.Equal(0, run.ExitCode);
            var page = File.ReadAllText(Path.Combine(Vet.RepositoryRoot, "docs", "rules", rule.Id + ".md"));
            var title = page.Split('\n')[0].TrimStart('#', ' ').Trim().Replace("`", "", StringComparison.Ordinal);
            var lines = run.Output.Split('\n');
            Assert.Equal(title, lines[0].TrimEnd());
            Assert.Matches("^=+$", lines[1].TrimEnd());
            Assert.DoesNotContain("\n## ", run.Output);
            Assert.DoesNotContain("```", run.Output);
            Assert.DoesNotContain("<!--", run.Output);
        }
    }

    [Fact]
    public void Explain_of_an_unknown_rule_suggests_the_closest()
    {
        var run = Vet.Run("explain", "VET13");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no rule 'VET13'. Closest: VET103", run.Errors);
    }
}
