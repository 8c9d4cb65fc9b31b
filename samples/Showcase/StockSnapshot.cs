using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Keeps the last stock levels the sync saw, for the status page.</summary>
public sealed class StockSnapshot
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, int> _levels = new();

    public async Task RecordAsync(string sku, int level, CancellationToken cancellationToken)
    {
        // VET203: if the indexer or the delay throws, Release never runs and every later caller waits forever.
        await _gate.WaitAsync(cancellationToken);
        _levels[sku] = level;
        await Task.Delay(1, cancellationToken);
        _gate.Release();
    }
}
