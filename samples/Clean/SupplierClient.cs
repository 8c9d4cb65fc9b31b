using System;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Timeouts that stop waiting and release their timers.</summary>
public sealed class SupplierClient(Func<string, CancellationToken, Task<decimal>> fetchPrice)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<decimal?> TryGetPriceAsync(string sku, CancellationToken cancellationToken)
    {
        try
        {
            return await fetchPrice(sku, cancellationToken).WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // The hand-written form: the delay observes a source this method cancels, so its timer goes with it.
    public async Task<bool> ArrivesInTimeAsync(Task delivery, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var delay = Task.Delay(Timeout, timer.Token);
            return await Task.WhenAny(delivery, delay) != delay;
        }
        finally
        {
            timer.Cancel();
        }
    }

    // Racing two real operations is not a timeout.
    public Task<Task<decimal>> FirstQuoteAsync(string sku, CancellationToken cancellationToken) =>
        Task.WhenAny(fetchPrice(sku, cancellationToken), fetchPrice(sku + "-alt", cancellationToken));
}
