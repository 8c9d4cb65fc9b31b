using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Vet.Analyzers.Tests.Meta;

/// <summary>One <c>csharp</c> block of a rule page, with the section it is in and what the page says about it.</summary>
/// <param name="Section">The <c>## </c> heading above the block ("Flagged", "Fixed", ...).</param>
/// <param name="Line">The page line of the block's first code line (1-based), for messages.</param>
/// <param name="Code">The block's code, exactly as the page shows it.</param>
/// <param name="FixTitle">
/// Null unless an HTML comment <c>&lt;!-- fix --&gt;</c> right above the block says the block is what the rule's fix makes of the
/// flagged block before it; <c>&lt;!-- fix: Take the lock --&gt;</c> names the start of the fix's title when it offers several.
/// </param>
/// <param name="Options">
/// The <c>.editorconfig</c> settings the block is analyzed with, from an HTML comment
/// <c>&lt;!-- options: vet.VET204.strict_memory_model = true --&gt;</c> above it (several separated by <c>;</c>).
/// </param>
public sealed record RulePageExample(string Section, int Line, string Code, string? FixTitle, IReadOnlyDictionary<string, string> Options)
{
    private static readonly Regex Marker = new(@"//\s*(VET\d{3})\b.*$", RegexOptions.Compiled);

    /// <summary>The block lines (1-based) that carry a <c>// VETnnn</c> marker for <paramref name="id"/>: the lines the rule reports.</summary>
    public SortedSet<int> MarkedLines(string id)
    {
        var lines = new SortedSet<int>();
        var code = Code.Split('\n');
        for (var i = 0; i < code.Length; i++)
        {
            var match = Marker.Match(code[i]);
            if (match.Success && match.Groups[1].Value == id)
            {
                lines.Add(i + 1);
            }
        }

        return lines;
    }

    /// <summary>The code with its markers (and the text after them on the line) removed: what a user would have written.</summary>
    public string WithoutMarkers() =>
        string.Join("\n", Code.Split('\n').Select(line => Marker.Replace(line, string.Empty).TrimEnd()));
}

/// <summary>Reads the <c>csharp</c> blocks of the rule pages in <c>docs/rules</c>.</summary>
public static class RulePageExamples
{
    private static readonly Regex FixComment = new(@"^<!--\s*fix(?::\s*(?<title>.*?))?\s*-->$", RegexOptions.Compiled);
    private static readonly Regex OptionsComment = new(@"^<!--\s*options:\s*(?<settings>.*?)\s*-->$", RegexOptions.Compiled);
    private static readonly Regex HtmlComment = new(@"^<!--.*-->$", RegexOptions.Compiled);

    public static IReadOnlyList<RulePageExample> Read(string path)
    {
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var examples = new List<RulePageExample>();
        var section = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i].Substring(3).Trim();
                continue;
            }

            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidDataException($"{path}:{i + 1}: a csharp block is not closed.");
            }

            var code = string.Join("\n", lines.Skip(start).Take(end - start).Select(line => line.Length >= indent ? line.Substring(indent) : line.TrimStart()));
            var comments = CommentsAbove(lines, i);
            examples.Add(new RulePageExample(section, start + 1, code, FixTitle(comments), Options(comments)));
            i = end;
        }

        return examples;
    }

    /// <summary>The HTML comment lines right above the fence (blank lines between them allowed).</summary>
    private static List<string> CommentsAbove(string[] lines, int fence)
    {
        var comments = new List<string>();
        for (var i = fence - 1; i >= 0; i--)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!HtmlComment.IsMatch(line))
            {
                break;
            }

            comments.Add(line);
        }

        return comments;
    }

    /// <summary>The fix comment's title prefix ("" for a plain <c>&lt;!-- fix --&gt;</c>), or null when there is none.</summary>
    private static string? FixTitle(List<string> comments) =>
        comments.Select(comment => FixComment.Match(comment)).Where(match => match.Success).Select(match => match.Groups["title"].Value).FirstOrDefault();

    private static IReadOnlyDictionary<string, string> Options(List<string> comments)
    {
        var options = new Dictionary<string, string>();
        foreach (var match in comments.Select(comment => OptionsComment.Match(comment)).Where(match => match.Success))
        {
            foreach (var setting in match.Groups["settings"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = setting.Split('=', 2);
                options[parts[0].Trim()] = parts.Length == 2 ? parts[1].Trim() : throw new InvalidDataException($"'{setting}' is not 'key = value'.");
            }
        }

        return options;
    }
}
