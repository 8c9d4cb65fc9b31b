namespace Vet.Cli;

/// <summary>A command's arguments: positional values and <c>--name value</c> / <c>--name=value</c> / <c>--flag</c> options.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    private Arguments(List<string> positional) => Positional = positional;

    public List<string> Positional { get; }

    /// <param name="flags">Options that take no value.</param>
    /// <param name="valued">Options that take a value.</param>
    public static Arguments Parse(IEnumerable<string> args, ISet<string> flags, ISet<string> valued)
    {
        var result = new Arguments(new List<string>());
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                result.Positional.Add(arg);
                continue;
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            string value;
            if (flags.Contains(name) && equals < 0)
                value = "true";
            else if (!valued.Contains(name))
                throw new UsageException($"unknown option '{name}'.");
            else if (equals > 0)
                value = arg[(equals + 1)..];
            else if (e.MoveNext())
                value = e.Current;
            else
                throw new UsageException($"option '{name}' needs a value.");
            if (!result._options.TryGetValue(name, out var values))
                result._options[name] = values = new List<string>();
            values.Add(value);
        }
        return result;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IEnumerable<string> Values(string name) => _options.TryGetValue(name, out var values) ? values : Enumerable.Empty<string>();

    /// <summary>The value of an option that must be one of <paramref name="allowed"/> (case-insensitive).</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        var value = Value(name) ?? fallback;
        return allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"{name} must be one of {string.Join(", ", allowed)}, not '{value}'.");
    }
}
