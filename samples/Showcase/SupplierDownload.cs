using System;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Fetches the supplier's stock file, giving up after a per-request timeout.</summary>
public sealed class SupplierDownload
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public async Task<string> DownloadAsync(string sku, CancellationToken cancellationToken)
    {
        // VET102: the linked source registers on the caller's token and holds a timer; it is never disposed.
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        await Task.Delay(10, timeout.Token);
        return sku + ";10";
    }
}
