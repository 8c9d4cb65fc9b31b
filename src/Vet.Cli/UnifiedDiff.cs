using System.Text;

namespace Vet.Cli;

/// <summary>A unified diff of two texts (as <c>diff -u</c> prints it), for <c>vet fix --dry-run</c>.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string oldText, string newText, string oldName, string newName)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        output.Append("--- ").AppendLine(oldName).Append("+++ ").AppendLine(newName);
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }
            // A hunk: this change and every change within 2 * Context lines of the previous one, with context around.
            var start = Math.Max(0, i - Context);
            var end = i;
            var lastChange = i;
            while (end < edits.Count && (edits[end].Kind != ' ' || end - lastChange <= 2 * Context))
            {
                if (edits[end].Kind != ' ')
                    lastChange = end;
                end++;
            }
            end = Math.Min(edits.Count, lastChange + Context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldStart = hunk[0].OldLine;
            var newStart = hunk[0].NewLine;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            output.AppendLine($"@@ -{(oldCount == 0 ? oldStart : oldStart + 1)},{oldCount} +{(newCount == 0 ? newStart : newStart + 1)},{newCount} @@");
            foreach (var edit in hunk)
                output.Append(edit.Kind).AppendLine(edit.Text);
            i = end;
        }
        return output.ToString();
    }

    private sealed record Edit(char Kind, string Text, int OldLine, int NewLine);

    private static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>Line edits from the longest common subsequence, after trimming the common start and end (fixes are local).</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;
        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
            for (var y = m - 1; y >= 0; y--)
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);

        var edits = new List<Edit>();
        for (var k = 0; k < prefix; k++)
            edits.Add(new Edit(' ', a[k], k, k));
        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[prefix + i] == b[prefix + j])
            {
                edits.Add(new Edit(' ', a[prefix + i], prefix + i, prefix + j));
                i++;
                j++;
            }
            else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(new Edit('-', a[prefix + i], prefix + i, prefix + j));
                i++;
            }
            else
            {
                edits.Add(new Edit('+', b[prefix + j], prefix + i, prefix + j));
                j++;
            }
        }
        for (var k = 0; k < suffix; k++)
            edits.Add(new Edit(' ', a[a.Length - suffix + k], a.Length - suffix + k, b.Length - suffix + k));
        return edits;
    }
}
