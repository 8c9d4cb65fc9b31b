using System.Threading;

namespace Clean;

/// <summary>Waits for the settlement run that another thread finishes.</summary>
public sealed class SettlementGate
{
    private volatile bool _settled;
    private bool _closed;

    public void MarkSettled() => _settled = true;

    public void Close() => _closed = true;

    // A volatile flag: every read goes to memory.
    public int WaitForSettlement()
    {
        var spins = 0;
        while (!_settled)
        {
            spins++;
        }

        return spins;
    }

    // Volatile.Read in the condition, and a SpinWait in the body.
    public void WaitForClose()
    {
        var spin = new SpinWait();
        while (!Volatile.Read(ref _closed))
        {
            spin.SpinOnce();
        }
    }
}
