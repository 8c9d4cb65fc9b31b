using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

public sealed record Payment(string InvoiceId, decimal Amount);

/// <summary>Writes payments to a ledger stream, passing the caller's token everywhere it matters.</summary>
public sealed class PaymentLedger(Stream ledger)
{
    public async Task<int> RecordAsync(IAsyncEnumerable<Payment> payments, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await foreach (var payment in payments.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var line = System.Text.Encoding.UTF8.GetBytes($"{payment.InvoiceId};{payment.Amount}\n");
                await ledger.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }
        finally
        {
            // What was written must reach the disk even when the caller gave up.
            await ledger.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Each parallel worker uses the token Parallel.ForEachAsync hands it, not the outer one.</summary>
    public Task ReconcileAsync(IEnumerable<Payment> payments, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(payments, cancellationToken, async (payment, token) =>
            await Task.Delay(payment.Amount > 1000 ? 10 : 1, token).ConfigureAwait(false));

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // Too late to wait for the flush: close without it.
            ledger.Close();
            return;
        }

        await ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
