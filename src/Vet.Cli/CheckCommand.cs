using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Cli;

/// <summary><c>vet check</c>: report every Vet diagnostic in a solution, project or folder.</summary>
internal static class CheckCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--timing" };
    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "--format", "--output", "--severity", "--rules", "--exclude", "--fail-on", "--analyzers", "--repeat",
    };

    public static async Task<int> RunAsync(IEnumerable<string> args, TextWriter stdout, TextWriter stderr, Progress progress, CancellationToken cancellationToken)
    {
        var arguments = Arguments.Parse(args, Flags, Valued);
        var path = SinglePath(arguments, "check");
        var format = arguments.Choice("--format", "text", "text", "json", "sarif");
        var threshold = ParseSeverity(arguments.Choice("--severity", "info", "info", "warning", "error"));
        var failOn = arguments.Choice("--fail-on", "warning", "warning", "error", "none");
        var filter = ParseFilter(arguments);
        var timedRuns = ParseTimedRuns(arguments);
        var timing = timedRuns > 0;

        var catalog = RuleCatalog.Load();
        var analyzers = catalog.Analyzers.Concat(ExtraAnalyzers.Load(arguments.Values("--analyzers"), stderr)).ToList();
        var descriptors = analyzers.SelectMany(a => a.SupportedDiagnostics).ToList();
        WarnAboutUnknownRules(arguments, descriptors, stderr);

        using var source = await CodeSource.LoadAsync(path, progress, cancellationToken).ConfigureAwait(false);
        foreach (var warning in source.LoadWarnings)
            stderr.WriteLine("vet: warning: " + warning);
        var result = await Analysis.RunAsync(source, analyzers, filter, timedRuns, progress, cancellationToken).ConfigureAwait(false);
        var findings = result.Findings.Where(f => f.Severity >= threshold).ToList();

        if (result.CompilerErrors > 0)
            stderr.WriteLine($"vet: note: the code has {result.CompilerErrors} compiler error(s); findings in code that does not bind may be missing.");
        foreach (var failure in result.AnalyzerFailures)
            stderr.WriteLine("vet: warning: an analyzer failed: " + failure);

        var output = arguments.Value("--output") is { } file ? OpenOutput(file) : stdout;
        try
        {
            switch (format)
            {
                case "json":
                    Reports.WriteJson(output, source, result, findings);
                    break;
                case "sarif":
                    Reports.WriteSarif(output, source, findings, descriptors);
                    break;
                default:
                    Reports.WriteText(output, source, findings, catalog);
                    break;
            }
            if (timing && format != "json")
                Reports.WriteTiming(format == "text" ? output : stderr, result);
        }
        finally
        {
            if (output != stdout)
                output.Dispose();
        }

        var failing = failOn switch
        {
            "error" => findings.Any(f => f.Severity >= DiagnosticSeverity.Error),
            "warning" => findings.Any(f => f.Severity >= DiagnosticSeverity.Warning),
            _ => false,
        };
        return failing ? ExitCodes.Findings : ExitCodes.Clean;
    }

    public static string SinglePath(Arguments arguments, string command) => arguments.Positional.Count switch
    {
        1 => arguments.Positional[0],
        0 => throw new UsageException($"vet {command} needs a path: a .sln, .slnx, .csproj or a folder."),
        _ => throw new UsageException($"vet {command} takes one path, not {arguments.Positional.Count}."),
    };

    /// <summary><c>--timing</c> times one run, <c>--repeat N</c> (which implies it) N runs; 0 means no timing.</summary>
    private static int ParseTimedRuns(Arguments arguments)
    {
        if (arguments.Value("--repeat") is not { } text)
            return arguments.Has("--timing") ? 1 : 0;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var runs) || runs < 1 || runs > 99)
            throw new UsageException($"--repeat: '{text}' is not a number of runs from 1 to 99.");
        return runs;
    }

    public static RuleFilter ParseFilter(Arguments arguments) => new(
        arguments.Values("--rules").SelectMany(RuleFilter.SplitList),
        arguments.Values("--exclude").SelectMany(RuleFilter.SplitList));

    private static void WarnAboutUnknownRules(Arguments arguments, IReadOnlyList<DiagnosticDescriptor> descriptors, TextWriter stderr)
    {
        foreach (var pattern in arguments.Values("--rules").SelectMany(RuleFilter.SplitList))
        {
            var single = new RuleFilter([pattern], []);
            if (!descriptors.Any(d => single.Matches(d.Id)))
                throw new UsageException($"--rules: no rule matches '{pattern}' (see `vet rules`).");
        }
    }

    private static DiagnosticSeverity ParseSeverity(string value) => value switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    private static StreamWriter OpenOutput(string file)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
                Directory.CreateDirectory(directory);
            return new StreamWriter(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output: cannot write '{file}': {e.Message}");
        }
    }
}
