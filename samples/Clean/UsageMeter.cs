using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Counts API calls per customer; every access to the shared state holds the same lock.</summary>
public sealed class UsageMeter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _callsByCustomer = new();
    private int _total;
    private DateTimeOffset _lastCall;

    public UsageMeter(DateTimeOffset start)
    {
        // Construction: the object is not shared yet.
        _lastCall = start;
    }

    public void Record(string customer, DateTimeOffset at)
    {
        lock (_gate)
        {
            Bump(customer);
            _lastCall = at;
        }
    }

    public (int Total, DateTimeOffset LastCall) Snapshot()
    {
        lock (_gate)
        {
            return (_total, _lastCall);
        }
    }

    public void Dispose()
    {
        _total = 0;
    }

    // Called only under the lock.
    private void Bump(string customer)
    {
        _total++;
        _callsByCustomer[customer] = _callsByCustomer.GetValueOrDefault(customer) + 1;
    }
}

/// <summary>Sums invoice amounts in parallel the safe ways: Interlocked, thread-local subtotals, a lock.</summary>
public static class ParallelTotals
{
    public static long CountLarge(IReadOnlyList<decimal> amounts, decimal threshold)
    {
        long large = 0;
        Parallel.ForEach(amounts, amount =>
        {
            if (amount > threshold)
            {
                Interlocked.Increment(ref large);
            }
        });
        return large;
    }

    public static decimal Sum(IReadOnlyList<decimal> amounts)
    {
        var total = 0m;
        var gate = new Lock();
        Parallel.For(
            0,
            amounts.Count,
            () => 0m,
            (i, _, subtotal) => subtotal + amounts[i],
            subtotal =>
            {
                lock (gate)
                {
                    total += subtotal;
                }
            });
        return total;
    }

    public static int[] Squares(int count)
    {
        var squares = new int[count];
        Parallel.For(0, count, i => { squares[i] = i * i; });
        return squares;
    }

    public static int Longest(IEnumerable<string> names) =>
        names.AsParallel().Select(name => name.Length).DefaultIfEmpty().Max();
}
