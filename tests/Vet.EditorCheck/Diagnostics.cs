using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vet.EditorCheck;

/// <summary>A diagnostic at a zero-based LSP range, with its help link.</summary>
public sealed record Reported(string Path, string Id, int StartLine, int StartCharacter, int EndLine, int EndCharacter, string? HelpLink)
{
    public string Range => $"{StartLine + 1}:{StartCharacter + 1}-{EndLine + 1}:{EndCharacter + 1}";

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}({Range}) {Id} {HelpLink}";

    public bool SameAs(Reported other) =>
        string.Equals(Path, other.Path, StringComparison.Ordinal) && Id == other.Id
        && StartLine == other.StartLine && StartCharacter == other.StartCharacter
        && EndLine == other.EndLine && EndCharacter == other.EndCharacter
        && string.Equals(HelpLink, other.HelpLink, StringComparison.Ordinal);

    /// <summary>An LSP Diagnostic object for the document at <paramref name="path"/>.</summary>
    public static Reported FromLsp(string path, JsonNode diagnostic)
    {
        var range = diagnostic["range"]!;
        var code = diagnostic["code"];
        var id = code is null ? "" : code.GetValueKind() == JsonValueKind.String ? code.GetValue<string>() : code.ToJsonString();
        return new Reported(
            path,
            id,
            range["start"]!["line"]!.GetValue<int>(),
            range["start"]!["character"]!.GetValue<int>(),
            range["end"]!["line"]!.GetValue<int>(),
            range["end"]!["character"]!.GetValue<int>(),
            diagnostic["codeDescription"]?["href"]?.GetValue<string>());
    }

    /// <summary>
    /// The Vet results of a compiler SARIF 2.1 log (ErrorLog), in zero-based LSP terms: what the build reported is
    /// what the editor must show.
    /// </summary>
    /// <remarks>
    /// Rules tagged CompilationEnd need the whole compilation; an editor runs them only in full-solution analysis,
    /// never for one open document, so they are left out here and their IDs returned in <paramref name="compilationEnd"/>.
    /// </remarks>
    public static IReadOnlyList<Reported> FromSarif(string sarifPath, out IReadOnlySet<string> compilationEnd)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var run = log.RootElement.GetProperty("runs")[0];
        var helpLinks = new Dictionary<string, string>(StringComparer.Ordinal);
        var wholeCompilation = new HashSet<string>(StringComparer.Ordinal);
        compilationEnd = wholeCompilation;
        if (run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rules))
        {
            foreach (var rule in rules.EnumerateArray())
            {
                var ruleId = rule.GetProperty("id").GetString()!;
                if (rule.TryGetProperty("helpUri", out var help))
                {
                    helpLinks[ruleId] = help.GetString()!;
                }

                if (rule.TryGetProperty("properties", out var properties)
                    && properties.TryGetProperty("tags", out var tags)
                    && tags.EnumerateArray().Any(t => t.GetString() == "CompilationEnd"))
                {
                    wholeCompilation.Add(ruleId);
                }
            }
        }

        var found = new List<Reported>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var id = result.GetProperty("ruleId").GetString()!;
            if (!id.StartsWith("VET", StringComparison.Ordinal) || wholeCompilation.Contains(id) || !result.TryGetProperty("locations", out var locations))
            {
                continue;
            }

            var physical = locations[0].GetProperty("physicalLocation");
            var region = physical.GetProperty("region");
            found.Add(new Reported(
                new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath,
                id,
                region.GetProperty("startLine").GetInt32() - 1,
                region.GetProperty("startColumn").GetInt32() - 1,
                region.GetProperty("endLine").GetInt32() - 1,
                region.GetProperty("endColumn").GetInt32() - 1,
                helpLinks.GetValueOrDefault(id)));
        }

        return found.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.StartLine).ToList();
    }
}
