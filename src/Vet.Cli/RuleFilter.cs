using System.Text.RegularExpressions;

namespace Vet.Cli;

/// <summary><c>--rules</c> and <c>--exclude</c>: comma-separated IDs where <c>*</c> matches any run of characters.</summary>
internal sealed class RuleFilter
{
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public RuleFilter(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _include = include.Select(ToRegex).ToArray();
        _exclude = exclude.Select(ToRegex).ToArray();
    }

    public static RuleFilter All { get; } = new(Array.Empty<string>(), Array.Empty<string>());

    public bool IsRestricted => _include.Length > 0;

    public bool Matches(string id) =>
        (_include.Length == 0 || _include.Any(r => r.IsMatch(id))) && !_exclude.Any(r => r.IsMatch(id));

    public static IEnumerable<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Regex ToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
