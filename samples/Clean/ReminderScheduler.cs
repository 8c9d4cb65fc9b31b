using System;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Sends payment reminders until it is disposed.</summary>
public sealed class ReminderScheduler : IDisposable
{
    // The scheduler owns its lifetime: its token comes from its own source, not from a caller.
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationToken _stopping;

    public ReminderScheduler() => _stopping = _lifetime.Token;

    public Task SendAsync(string invoiceId, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping, cancellationToken);
        return Task.Delay(TimeSpan.FromMilliseconds(10), linked.Token);
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
