using System.Globalization;

namespace Vet.Cli;

/// <summary><c>vet rules</c>: every rule with its title, category, default severity and whether it has a fix.</summary>
internal static class RulesCommand
{
    public static int Run(IEnumerable<string> args, TextWriter stdout)
    {
        var arguments = Arguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        if (arguments.Positional.Count > 0)
            throw new UsageException("vet rules takes no arguments.");
        var rules = RuleCatalog.Load().Rules;
        var titleWidth = rules.Max(r => r.Descriptor.Title.ToString(CultureInfo.InvariantCulture).Length);
        var categoryWidth = Math.Max("Category".Length, rules.Max(r => r.Descriptor.Category.Length));
        stdout.WriteLine($"{"ID",-7} {"Title".PadRight(titleWidth)}  {"Category".PadRight(categoryWidth)}  {"Severity",-8}  Fix");
        foreach (var rule in rules)
        {
            var d = rule.Descriptor;
            stdout.WriteLine($"{d.Id,-7} {d.Title.ToString(CultureInfo.InvariantCulture).PadRight(titleWidth)}  {d.Category.PadRight(categoryWidth)}  {Reports.Severity(d.DefaultSeverity),-8}  {(rule.HasFix ? "yes" : "no")}");
        }
        return ExitCodes.Clean;
    }
}
