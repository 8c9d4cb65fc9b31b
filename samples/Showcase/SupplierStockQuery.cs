using System;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Asks a supplier for a SKU's available stock, giving up after a timeout.</summary>
public sealed class SupplierStockQuery(Func<string, CancellationToken, Task<int>> fetchStock)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<int?> TryGetStockAsync(string sku, CancellationToken cancellationToken)
    {
        var fetch = fetchStock(sku, cancellationToken);
        var delay = Task.Delay(Timeout, cancellationToken);

        // VET105: on timeout the fetch keeps running, and when the fetch wins the delay's timer lives on.
        if (await Task.WhenAny(fetch, delay) == delay)
        {
            return null;
        }

        return await fetch;
    }
}
