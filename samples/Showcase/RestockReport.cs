using System.Collections.Generic;

namespace Showcase;

/// <summary>Totals the quantities a sync run restocked, for the run summary.</summary>
public static class RestockReport
{
    // VET402: the method only enumerates the quantities; it should accept IEnumerable<int>, not List<int>.
    public static int TotalRestocked(List<int> quantities)
    {
        var total = 0;
        foreach (var quantity in quantities)
        {
            total += quantity;
        }

        return total;
    }
}
