using System.Text;
using System.Text.RegularExpressions;

namespace Vet.Cli;

/// <summary><c>vet explain VETnnn</c>: the rule's page from docs/rules, embedded in the tool, made readable in a terminal.</summary>
internal static partial class ExplainCommand
{
    public static int Run(IEnumerable<string> args, TextWriter stdout)
    {
        var arguments = Arguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        var id = CheckCommand.SinglePath(arguments, "explain").Trim().ToUpperInvariant();
        var page = Page(id);
        if (page is null)
        {
            var ids = RuleCatalog.Load().Rules.Select(r => r.Id).ToList();
            var closest = ids.OrderBy(known => Distance(id, known)).ThenBy(known => known, StringComparer.Ordinal).Take(3);
            throw new UsageException($"no rule '{id}'. Closest: {string.Join(", ", closest)} (see `vet rules`).");
        }
        stdout.Write(Render(page));
        return ExitCodes.Clean;
    }

    public static string? Page(string id)
    {
        using var stream = typeof(ExplainCommand).Assembly.GetManifestResourceStream($"rules/{id}.md");
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Markdown to plain terminal text: headings underlined, emphasis and link syntax dropped, code fences indented, and the
    /// HTML comments that mark examples for the page tests (<c>&lt;!-- fix --&gt;</c>) left out.
    /// </summary>
    public static string Render(string markdown)
    {
        var output = new StringBuilder();
        var inFence = false;
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                output.Append("    ").AppendLine(raw);
                continue;
            }
            if (HtmlCommentPattern().IsMatch(raw))
            {
                continue;
            }
            var heading = HeadingPattern().Match(raw);
            if (heading.Success)
            {
                var text = Inline(heading.Groups[2].Value);
                output.AppendLine(text);
                output.AppendLine(new string(heading.Groups[1].Length == 1 ? '=' : '-', text.Length));
                continue;
            }
            output.AppendLine(Inline(raw));
        }
        return output.ToString();
    }

    private static string Inline(string line)
    {
        line = LinkPattern().Replace(line, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[1].Value : $"{m.Groups[1].Value} <{m.Groups[2].Value}>");
        line = EmphasisPattern().Replace(line, "$2");
        return line.Replace("`", "", StringComparison.Ordinal);
    }

    /// <summary>Edit distance, for suggesting the rule a mistyped ID most likely meant.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex EmphasisPattern();

    [GeneratedRegex(@"^\s*<!--.*-->\s*$")]
    private static partial Regex HtmlCommentPattern();
}
