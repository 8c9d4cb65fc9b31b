using System.Threading;
using System.Threading.Tasks;

namespace Published;

public class Client
{
    public Task SendAsync(string message, CancellationToken ct, bool flush) => Task.CompletedTask;

    internal Task PingAsync(int count, CancellationToken ct, bool wait) => Task.CompletedTask;

    private Task FlushAsync(int count, CancellationToken ct, bool wait) => Task.CompletedTask;

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(SendAsync("hi", ct, true), PingAsync(1, ct, true), FlushAsync(1, ct, true));
}
