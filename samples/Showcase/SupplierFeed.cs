using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

public sealed record StockLevel(string Sku, int Quantity);

/// <summary>Applies the stock levels a supplier streams to the catalog.</summary>
public sealed class SupplierFeed(ICatalog catalog)
{
    public async Task<int> ApplyAsync(IAsyncEnumerable<StockLevel> levels, CancellationToken cancellationToken)
    {
        var applied = 0;

        // VET103: the stream is read without the token; cancelling the sync leaves the enumerator waiting.
        await foreach (var level in levels)
        {
            if (await catalog.UpdateStockAsync(level.Sku, cancellationToken, level.Quantity))
            {
                applied++;
            }
        }

        return applied;
    }
}
