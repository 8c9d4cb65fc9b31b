using System.Collections.Generic;
using System.Threading;

namespace Clean;

/// <summary>Running totals per ledger account, updated from several payment workers.</summary>
public sealed class LedgerTotals
{
    // A private readonly gate: only this type can lock it.
    private readonly Lock _gate = new();
    private static readonly object s_registryGate = new();
    private static readonly List<string> s_accounts = new();
    private readonly Dictionary<string, decimal> _totals = new();
    private SpinLock _spin = new(enableThreadOwnerTracking: false);
    private long _postings;

    public void Add(string account, decimal amount)
    {
        lock (_gate)
        {
            _totals[account] = _totals.TryGetValue(account, out var total) ? total + amount : amount;
        }
    }

    public decimal Total(string account)
    {
        // A private readonly collection the type owns is a private lock target too.
        lock (_totals)
        {
            return _totals.TryGetValue(account, out var total) ? total : 0m;
        }
    }

    public static void Register(string account)
    {
        lock (s_registryGate)
        {
            s_accounts.Add(account);
        }
    }

    public void CountPosting()
    {
        // A mutable SpinLock field, entered by reference: not a copy.
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            _postings++;
        }
        finally
        {
            if (taken)
            {
                _spin.Exit();
            }
        }
    }

    private sealed class Batch
    {
        private int _count;

        // 'this' of a private nested type: no code outside LedgerTotals can reach it.
        public void Add()
        {
            lock (this)
            {
                _count++;
            }
        }
    }
}
