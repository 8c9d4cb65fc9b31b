using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Holds stock for a SKU until the order is confirmed.</summary>
public sealed class StockReservation
{
    private readonly ICatalog _catalog;
    private CancellationToken _requestToken;

    public StockReservation(ICatalog catalog) => _catalog = catalog;

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        // VET104: the token belongs to BeginAsync's caller, but Release uses it long after that call ends.
        _requestToken = cancellationToken;
        return Task.CompletedTask;
    }

    public Task<bool> ReleaseAsync(string sku) => _catalog.UpdateStockAsync(sku, _requestToken, 0);
}
