using System.Threading;

namespace Showcase;

/// <summary>What one inventory sync run changed so far.</summary>
public sealed record SyncCounts(int Updated, int Failed);

/// <summary>Counts what each inventory sync run changed, read by the status page while a run is in progress.</summary>
public sealed class SyncStatistics
{
    private SyncCounts _counts = new(0, 0);

    public SyncCounts Snapshot => Volatile.Read(ref _counts);

    public void Record(bool succeeded)
    {
        // VET202: the type is public; any code holding the statistics object can take (and hold) this lock.
        lock (this)
        {
            var counts = _counts;
            Volatile.Write(ref _counts, succeeded ? counts with { Updated = counts.Updated + 1 } : counts with { Failed = counts.Failed + 1 });
        }
    }
}
