using System;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Talks to the payment provider; every source it creates is disposed or handed to an owner.</summary>
public sealed class PaymentGateway : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // Owned by the gateway, which is IDisposable and disposes it.
    private readonly CancellationTokenSource _shutdown = new();

    public async Task ChargeAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        timeout.CancelAfter(RequestTimeout);
        await Task.Delay(1, timeout.Token);
    }

    public async Task RefundAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            await Task.Delay(1, cancellationToken);
            if (invoice.Amount <= 0)
            {
                return;
            }

            await Task.Delay(1, timeout.Token);
        }
        finally
        {
            timeout.Dispose();
        }
    }

    // Handed off: the caller owns the returned source.
    public static CancellationTokenSource StartDeadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        return deadline;
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }
}
