namespace Showcase;

/// <summary>Lets the sync loop start only once the supplier feed has been opened on another thread.</summary>
public sealed class FeedGate
{
    private bool _feedOpen;

    public void MarkOpen() => _feedOpen = true;

    public int WaitUntilOpen()
    {
        var spins = 0;

        // VET205: nothing in the body synchronizes, so the JIT may read _feedOpen once and spin forever.
        while (!_feedOpen)
        {
            spins++;
        }

        return spins;
    }
}
