using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

public sealed record SyncReport(int Requested, int Updated);

/// <summary>Pushes a fixed restock quantity for each SKU to the catalog.</summary>
public sealed class InventorySync(ICatalog catalog)
{
    private const int RestockQuantity = 10;

    public async Task<SyncReport> RunAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var updated = 0;
        foreach (var sku in skus)
        {
            if (await catalog.UpdateStockAsync(sku, cancellationToken, RestockQuantity))
            {
                updated++;
            }
        }

        return new SyncReport(skus.Count, updated);
    }
}
