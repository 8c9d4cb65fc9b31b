using System;
using System.Collections.Generic;
using System.Threading;

namespace Clean;

/// <summary>Currency tables built once and shared by every invoice.</summary>
public sealed class ExchangeRates
{
    private readonly object _gate = new();
    private readonly Lazy<Dictionary<string, decimal>> _rates = new(() => new Dictionary<string, decimal> { ["EUR"] = 1.08m, ["GBP"] = 1.27m });
    private Dictionary<string, string>? _symbols;
    private volatile List<string>? _currencies;
    private bool _audited;

    public decimal Rate(string currency) => _rates.Value.TryGetValue(currency, out var rate) ? rate : 1m;

    // EnsureInitialized publishes the table safely.
    public string Symbol(string currency) =>
        LazyInitializer.EnsureInitialized(ref _symbols, () => new Dictionary<string, string> { ["EUR"] = "€", ["GBP"] = "£" })
            .TryGetValue(currency, out var symbol) ? symbol : currency;

    // A volatile field: the unlocked read is an acquire, the write under the lock a release.
    public IReadOnlyList<string> Currencies()
    {
        if (_currencies == null)
        {
            lock (_gate)
            {
                if (_currencies == null)
                {
                    _currencies = new List<string> { "EUR", "GBP", "USD" };
                }
            }
        }

        return _currencies;
    }

    // Every read and write of the flag is under the lock: no double check.
    public bool AuditOnce()
    {
        lock (_gate)
        {
            if (_audited)
            {
                return false;
            }

            _audited = true;
            return true;
        }
    }
}
