using System.Collections.Generic;

namespace Clean;

/// <summary>Summaries over ledger amounts; each parameter asks only for what the method uses.</summary>
public static class LedgerSummary
{
    public static decimal Total(IEnumerable<decimal> amounts)
    {
        var total = 0m;
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    // Length is not on any read-only collection interface: the array is what the method needs.
    public static decimal Average(decimal[] amounts) => amounts.Length == 0 ? 0m : Total(amounts) / amounts.Length;

    // Sorting in place is List<T>'s own behaviour.
    public static void SortLargestFirst(List<decimal> amounts) => amounts.Sort((a, b) => b.CompareTo(a));

    // A private helper keeps its concrete type (CA1859 prefers that for private code).
    private static decimal First(List<decimal> amounts) => amounts.Count > 0 ? amounts[0] : 0m;

    public static decimal Opening(IReadOnlyList<decimal> amounts) => amounts.Count > 0 ? amounts[0] : 0m;

    internal static decimal FirstOrZero(List<decimal> amounts) => First(amounts);
}
