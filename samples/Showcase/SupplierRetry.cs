using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Showcase;

/// <summary>Asks the supplier again once when it reports being briefly unavailable.</summary>
public sealed class SupplierRetry(Func<CancellationToken, Task<string>> fetch)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await fetch(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // VET305: every other failure is caught, unwound and rethrown; the test belongs in a filter.
            if (ex.StatusCode != HttpStatusCode.ServiceUnavailable) throw;
            await Task.Delay(RetryDelay, cancellationToken);
            return await fetch(cancellationToken);
        }
    }
}
