using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Stock levels shared by the sync workers, guarded in each of the ways VET203 accepts.</summary>
public sealed class StockLevels : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReaderWriterLockSlim _rw = new();
    private readonly object _monitor = new();
    private readonly Dictionary<string, int> _levels = new();

    // The try starts right after the acquire.
    public async Task RecordAsync(string sku, int level, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _levels[sku] = level;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A flag set after the wait, tested in the finally.
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var acquired = false;
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            acquired = true;
            return _levels.Count;
        }
        finally
        {
            if (acquired)
            {
                _gate.Release();
            }
        }
    }

    // The lockTaken pattern.
    public int Level(string sku)
    {
        var taken = false;
        try
        {
            Monitor.Enter(_monitor, ref taken);
            return _levels.TryGetValue(sku, out var level) ? level : 0;
        }
        finally
        {
            if (taken)
            {
                Monitor.Exit(_monitor);
            }
        }
    }

    // A timed wait used as a guard.
    public bool TryClear()
    {
        if (!_rw.TryEnterWriteLock(TimeSpan.FromMilliseconds(50)))
        {
            return false;
        }

        try
        {
            _levels.Clear();
            return true;
        }
        finally
        {
            _rw.ExitWriteLock();
        }
    }

    // The caller owns the lock: released by the returned handle.
    public async Task<IDisposable> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Hold(_gate);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _rw.Dispose();
    }

    private sealed class Hold(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
