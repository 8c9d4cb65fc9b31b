using System;
using System.Collections.Generic;

namespace Showcase;

// VET401: eleven members written next to their only implementation; the stock report uses one of them.
internal interface IStockLedger
{
    int OnHand(string sku);
    void Receive(string sku, int quantity);
    void Ship(string sku, int quantity);
    void Adjust(string sku, int delta, string reason);
    IReadOnlyList<string> Skus();
    int Reserved(string sku);
    void Reserve(string sku, int quantity);
    void Unreserve(string sku, int quantity);
    DateTime LastCounted(string sku);
    void MarkCounted(string sku, DateTime when);
    event EventHandler<string> Changed;
}

internal sealed class StockLedger : IStockLedger
{
    private readonly Dictionary<string, int> _onHand = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _reserved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _counted = new(StringComparer.Ordinal);

    public event EventHandler<string>? Changed;

    public int OnHand(string sku) => _onHand.TryGetValue(sku, out var n) ? n : 0;

    public void Receive(string sku, int quantity) => Adjust(sku, quantity, "receipt");

    public void Ship(string sku, int quantity) => Adjust(sku, -quantity, "shipment");

    public void Adjust(string sku, int delta, string reason)
    {
        _onHand[sku] = OnHand(sku) + delta;
        Changed?.Invoke(this, sku);
    }

    public IReadOnlyList<string> Skus() => new List<string>(_onHand.Keys);

    public int Reserved(string sku) => _reserved.TryGetValue(sku, out var n) ? n : 0;

    public void Reserve(string sku, int quantity) => _reserved[sku] = Reserved(sku) + quantity;

    public void Unreserve(string sku, int quantity) => _reserved[sku] = Math.Max(0, Reserved(sku) - quantity);

    public DateTime LastCounted(string sku) => _counted.TryGetValue(sku, out var when) ? when : DateTime.MinValue;

    public void MarkCounted(string sku, DateTime when) => _counted[sku] = when;
}

internal static class StockReport
{
    public static string Line(IStockLedger ledger, string sku) => $"{sku}: {ledger.OnHand(sku)}";
}
