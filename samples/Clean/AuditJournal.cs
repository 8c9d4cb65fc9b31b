using System.Collections.Generic;

namespace Clean;

/// <summary>An append-only journal whose callers compose several appends under its exposed gate.</summary>
public class AuditJournal
{
    /// <summary>Lock this to append several entries with no other entry between them.</summary>
    public readonly object SyncRoot = new();

    // Derived journals take the same lock around their own bookkeeping.
    protected readonly object _entriesGate = new();

    private readonly List<string> _entries = new();

    public void Append(string entry)
    {
        lock (SyncRoot)
        {
            lock (_entriesGate)
            {
                _entries.Add(entry);
            }
        }
    }

    public int Count()
    {
        lock (_entriesGate)
        {
            return _entries.Count;
        }
    }
}
