using System;

namespace Clean;

/// <summary>A ledger entry was rejected; carries the cause when it wraps one.</summary>
public class LedgerException : Exception
{
    public LedgerException(string message)
        : base(message)
    {
    }

    public LedgerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The cause comes first here; any position and any name count.</summary>
public sealed class LedgerClosedException(Exception cause, DateOnly closedOn)
    : LedgerException($"The ledger closed on {closedOn}.", cause)
{
    public DateOnly ClosedOn { get; } = closedOn;
}

/// <summary>Abstract: its concrete subclasses are the ones that must wrap.</summary>
public abstract class LedgerRuleException(string message) : Exception(message);
