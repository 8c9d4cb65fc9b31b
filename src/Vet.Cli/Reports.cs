using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace Vet.Cli;

/// <summary>Writes the findings of <c>vet check</c> as text, JSON or SARIF 2.1.0.</summary>
internal static class Reports
{
    public static void WriteText(TextWriter output, CodeSource source, IReadOnlyList<Finding> findings, RuleCatalog catalog)
    {
        foreach (var file in findings.GroupBy(f => f.Path))
        {
            var relative = source.Relative(file.Key);
            output.WriteLine(relative);
            foreach (var f in file)
                output.WriteLine($"  {relative}:{f.Line}:{f.Column}: {Severity(f.Severity)} {f.Id}: {f.Message}" + (f.HelpLink is null ? "" : $" ({f.HelpLink})"));
            output.WriteLine();
        }
        if (findings.Count == 0)
        {
            output.WriteLine("No findings.");
            return;
        }
        output.WriteLine("Summary per rule:");
        foreach (var rule in findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {rule.Key,-8} {rule.Count(),5}  {rule.First().Title}");
        var bySeverity = findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => $"{g.Count()} {Severity(g.Key)}");
        output.WriteLine($"{findings.Count} finding(s) in {findings.Select(f => f.Path).Distinct().Count()} file(s): {string.Join(", ", bySeverity)}.");
    }

    public static void WriteTiming(TextWriter output, AnalysisResult result)
    {
        var binding = result.BindingTime!.Value.TotalMilliseconds;
        output.WriteLine();
        var runs = result.TimedRuns == 1 ? "one run" : $"median of {result.TimedRuns} runs";
        output.WriteLine($"Timing ({runs} after a warm-up run; compiler binding of the same code: {binding:F0} ms)");
        output.WriteLine($"  {"ms",9} {"% of binding",13}  analyzer (assembly): rules");
        foreach (var t in result.Timings)
            output.WriteLine($"  {t.ExecutionTime.TotalMilliseconds,9:F1} {Share(t.ExecutionTime.TotalMilliseconds, binding),12:F2}%  {t.Analyzer} ({t.Assembly}): {string.Join(",", t.Ids.Take(6))}{(t.Ids.Length > 6 ? ",…" : "")}");
        foreach (var assembly in result.Timings.GroupBy(t => t.Assembly).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var total = assembly.Sum(t => t.ExecutionTime.TotalMilliseconds);
            output.WriteLine($"  {total,9:F1} {Share(total, binding),12:F2}%  total of {assembly.Count()} analyzer(s) in {assembly.Key}");
        }

        if (result.AddedPassTime is { } added)
        {
            // Callback times leave out what the compiler does for the analyzers: binding each body again for a semantic
            // model and building its operation tree, once any analyzer asks for one.
            output.WriteLine($"  {added.TotalMilliseconds,9:F1} {Share(added.TotalMilliseconds, binding),12:F2}%  added to the build: the whole analyzer pass, less an empty one (the compiler's work for the analyzers included)");
        }
    }

    private static double Share(double part, double whole) => whole <= 0 ? 0 : 100.0 * part / whole;

    public static void WriteJson(TextWriter output, CodeSource source, AnalysisResult result, IReadOnlyList<Finding> findings)
    {
        var json = new JsonObject
        {
            ["tool"] = "vet",
            ["version"] = ToolVersion,
            ["root"] = source.Root,
            ["findings"] = new JsonArray(findings.Select(f => (JsonNode)new JsonObject
            {
                ["file"] = source.Relative(f.Path),
                ["line"] = f.Line,
                ["column"] = f.Column,
                ["endLine"] = f.EndLine,
                ["endColumn"] = f.EndColumn,
                ["id"] = f.Id,
                ["severity"] = Severity(f.Severity),
                ["message"] = f.Message,
                ["helpLink"] = f.HelpLink,
            }).ToArray()),
            ["summary"] = new JsonArray(findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject { ["id"] = g.Key, ["title"] = g.First().Title, ["count"] = g.Count() }).ToArray()),
            ["compilerErrors"] = result.CompilerErrors,
        };
        if (result.BindingTime is { } binding)
        {
            json["timing"] = new JsonObject
            {
                ["runs"] = result.TimedRuns,
                ["bindingMs"] = Math.Round(binding.TotalMilliseconds, 1),
                ["addedPassMs"] = Math.Round(result.AddedPassTime?.TotalMilliseconds ?? 0, 1),
                ["analyzers"] = new JsonArray(result.Timings.Select(t => (JsonNode)new JsonObject
                {
                    ["analyzer"] = t.Analyzer,
                    ["assembly"] = t.Assembly,
                    ["ids"] = new JsonArray(t.Ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
                    ["ms"] = Math.Round(t.ExecutionTime.TotalMilliseconds, 1),
                }).ToArray()),
            };
        }
        output.WriteLine(json.ToJsonString(Indented));
    }

    /// <summary>SARIF 2.1.0 as GitHub code scanning reads it: paths relative to the checkout through %SRCROOT%.</summary>
    public static void WriteSarif(TextWriter output, CodeSource source, IReadOnlyList<Finding> findings, IEnumerable<DiagnosticDescriptor> descriptors)
    {
        var rules = descriptors.GroupBy(d => d.Id).Select(g => g.First())
            .Where(d => findings.Any(f => f.Id == d.Id) || d.Id.StartsWith("VET", StringComparison.Ordinal))
            .OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var root = source.Root.EndsWith(Path.DirectorySeparatorChar) ? source.Root : source.Root + Path.DirectorySeparatorChar;
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "Vet",
                        ["semanticVersion"] = ToolVersion,
                        ["informationUri"] = "https://github.com/vet-analyzers/vet",
                        ["rules"] = new JsonArray(rules.Select(d => (JsonNode)SarifRule(d)).ToArray()),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["SRCROOT"] = new JsonObject { ["uri"] = new Uri(root).AbsoluteUri } },
                ["results"] = new JsonArray(findings.Select(f =>
                {
                    var result = new JsonObject
                    {
                        ["ruleId"] = f.Id,
                        ["level"] = SarifLevel(f.Severity),
                        ["message"] = new JsonObject { ["text"] = f.Message },
                        ["locations"] = new JsonArray(new JsonObject
                        {
                            ["physicalLocation"] = new JsonObject
                            {
                                ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(source.Relative(f.Path)).Replace("%2F", "/", StringComparison.Ordinal), ["uriBaseId"] = "SRCROOT" },
                                ["region"] = new JsonObject
                                {
                                    ["startLine"] = f.Line,
                                    ["startColumn"] = f.Column,
                                    ["endLine"] = f.EndLine,
                                    ["endColumn"] = f.EndColumn,
                                },
                            },
                        }),
                    };
                    if (ruleIndex.TryGetValue(f.Id, out var index))
                        result["ruleIndex"] = index;
                    return (JsonNode)result;
                }).ToArray()),
                ["columnKind"] = "utf16CodeUnits",
            }),
        };
        output.WriteLine(sarif.ToJsonString(Indented));
    }

    private static JsonObject SarifRule(DiagnosticDescriptor d)
    {
        var rule = new JsonObject
        {
            ["id"] = d.Id,
            ["shortDescription"] = new JsonObject { ["text"] = d.Title.ToString(CultureInfo.InvariantCulture) },
            ["defaultConfiguration"] = new JsonObject { ["level"] = SarifLevel(d.DefaultSeverity), ["enabled"] = d.IsEnabledByDefault },
            ["properties"] = new JsonObject { ["category"] = d.Category },
        };
        var description = d.Description.ToString(CultureInfo.InvariantCulture);
        if (description.Length > 0)
            rule["fullDescription"] = new JsonObject { ["text"] = description };
        if (!string.IsNullOrEmpty(d.HelpLinkUri))
            rule["helpUri"] = d.HelpLinkUri;
        return rule;
    }

    private static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    public static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ToolVersion =>
        typeof(Reports).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
