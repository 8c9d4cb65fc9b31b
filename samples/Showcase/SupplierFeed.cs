using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

public sealed record StockLevel(string Sku, int Quantity);

/// <summary>The supplier's API: a stream of stock levels that ends when the supplier has sent them all.</summary>
public interface ISupplierClient
{
    IAsyncEnumerable<StockLevel> StreamLevels();
}

/// <summary>Applies the stock levels a supplier streams to the catalog.</summary>
public sealed class SupplierFeed(ICatalog catalog, ISupplierClient supplier)
{
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var applied = 0;

        // VET103: the stream is opened without the token; cancelling the sync leaves the enumerator waiting.
        await foreach (var level in supplier.StreamLevels())
        {
            if (await catalog.UpdateStockAsync(level.Sku, cancellationToken, level.Quantity))
            {
                applied++;
            }
        }

        return applied;
    }
}
