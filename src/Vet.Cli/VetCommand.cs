namespace Vet.Cli;

/// <summary>Exit codes a CI can rely on.</summary>
internal static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int UsageOrLoadError = 2;
}

/// <summary>The <c>vet</c> command line: dispatches to check, fix, explain and rules.</summary>
internal static class VetCommand
{
    public const string Usage = """
        vet: check, fix and explain Vet's rules on C# code.

        usage:
          vet check <path> [--format text|json|sarif] [--output FILE] [--severity info|warning|error]
                           [--rules VET101,VET2*] [--exclude IDS] [--fail-on warning|error|none]
                           [--timing] [--repeat N] [--analyzers <dll|folder>]...
          vet fix <path> [--rules IDS] [--exclude IDS] [--dry-run]
          vet explain VETnnn
          vet rules

        <path> is a .sln, .slnx or .csproj (loaded with MSBuild, with its references and .editorconfig),
        or a folder of .cs files (compiled without a project against the SDK's reference assemblies).

        --timing times each analyzer beside the compiler's binding of the same code, after a warm-up run;
        --repeat N (implies --timing) reports the median of N timed runs.

        exit codes: 0 clean, 1 findings at or above --fail-on (default: warning), 2 usage or load error.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Progress progress, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.UsageOrLoadError : ExitCodes.Clean;
            }
            var rest = args.Skip(1);
            return args[0] switch
            {
                "check" => await CheckCommand.RunAsync(rest, stdout, stderr, progress, cancellationToken).ConfigureAwait(false),
                "fix" => await FixCommand.RunAsync(rest, stdout, stderr, progress, cancellationToken).ConfigureAwait(false),
                "explain" => ExplainCommand.Run(rest, stdout),
                "rules" => RulesCommand.Run(rest, stdout),
                _ => throw new UsageException($"unknown command '{args[0]}'; the commands are check, fix, explain and rules."),
            };
        }
        catch (UsageException e)
        {
            progress.Clear();
            stderr.WriteLine("vet: error: " + e.Message);
            return ExitCodes.UsageOrLoadError;
        }
    }
}
