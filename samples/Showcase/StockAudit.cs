using System.Collections.Generic;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Checks the stock levels of a batch of SKUs in parallel before a sync run.</summary>
public static class StockAudit
{
    public static int CountLowStock(IReadOnlyList<int> levels, int threshold)
    {
        var low = 0;
        Parallel.ForEach(levels, level =>
        {
            if (level < threshold)
            {
                low++;
            }
        });
        return low;
    }
}
