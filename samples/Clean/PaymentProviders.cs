using System.Threading;
using System.Threading.Tasks;

namespace Clean;

// Two implementations: a real abstraction, however many members it has.
public interface IPaymentProvider
{
    string Name { get; }
    Task<bool> AuthorizeAsync(decimal amount, CancellationToken cancellationToken);
    Task CaptureAsync(string authorization, CancellationToken cancellationToken);
    Task VoidAsync(string authorization, CancellationToken cancellationToken);
    Task RefundAsync(string capture, decimal amount, CancellationToken cancellationToken);
    Task<decimal> BalanceAsync(CancellationToken cancellationToken);
    Task<string> StatusAsync(string reference, CancellationToken cancellationToken);
    Task PingAsync(CancellationToken cancellationToken);
    Task<bool> SupportsAsync(string currency, CancellationToken cancellationToken);
    Task<string> ReceiptAsync(string capture, CancellationToken cancellationToken);
    Task CloseAsync(CancellationToken cancellationToken);
}

public sealed class CardProvider : IPaymentProvider
{
    public string Name => "card";
    public Task<bool> AuthorizeAsync(decimal amount, CancellationToken cancellationToken) => Task.FromResult(amount > 0);
    public Task CaptureAsync(string authorization, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task VoidAsync(string authorization, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RefundAsync(string capture, decimal amount, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<decimal> BalanceAsync(CancellationToken cancellationToken) => Task.FromResult(0m);
    public Task<string> StatusAsync(string reference, CancellationToken cancellationToken) => Task.FromResult("ok");
    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<bool> SupportsAsync(string currency, CancellationToken cancellationToken) => Task.FromResult(currency == "EUR");
    public Task<string> ReceiptAsync(string capture, CancellationToken cancellationToken) => Task.FromResult(capture);
    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class InvoiceProvider : IPaymentProvider
{
    public string Name => "invoice";
    public Task<bool> AuthorizeAsync(decimal amount, CancellationToken cancellationToken) => Task.FromResult(true);
    public Task CaptureAsync(string authorization, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task VoidAsync(string authorization, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RefundAsync(string capture, decimal amount, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<decimal> BalanceAsync(CancellationToken cancellationToken) => Task.FromResult(0m);
    public Task<string> StatusAsync(string reference, CancellationToken cancellationToken) => Task.FromResult("open");
    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<bool> SupportsAsync(string currency, CancellationToken cancellationToken) => Task.FromResult(true);
    public Task<string> ReceiptAsync(string capture, CancellationToken cancellationToken) => Task.FromResult(capture);
    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

// A small interface beside its implementation is fine: it is what its consumers need.
public interface IClock
{
    System.DateTimeOffset UtcNow { get; }
    Task DelayAsync(System.TimeSpan delay, CancellationToken cancellationToken);
}

public sealed class SystemClock : IClock
{
    public System.DateTimeOffset UtcNow => System.DateTimeOffset.UtcNow;
    public Task DelayAsync(System.TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}
