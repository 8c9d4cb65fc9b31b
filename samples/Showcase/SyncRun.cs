using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>One synchronization of the in-memory catalog, as a host runs it until it is asked to stop.</summary>
public static class SyncRun
{
    public static async Task<string> RunAsync(CancellationToken stopping)
    {
        var catalog = new InMemoryCatalog();
        var sync = new InventorySync(catalog);
        var report = await sync.RunAsync(["sku-1", "sku-2", "sku-3"], stopping);
        return $"Synchronized {report.Updated} of {report.Requested} items.";
    }
}
