using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>The stock levels the sync job writes to.</summary>
public interface ICatalog
{
    // VET101: the token sits between the SKU and the quantity; callers and CA2016 expect it last.
    Task<bool> UpdateStockAsync(string sku, CancellationToken cancellationToken, int quantity);
}

/// <summary>A catalog held in memory. Its signature follows the interface, so only the interface is flagged.</summary>
public sealed class InMemoryCatalog : ICatalog
{
    private readonly ConcurrentDictionary<string, int> _stock = new();

    public Task<bool> UpdateStockAsync(string sku, CancellationToken cancellationToken, int quantity)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _stock[sku] = quantity;
        return Task.FromResult(true);
    }
}
