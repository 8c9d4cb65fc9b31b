using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Counts taken from a scratch copy of a stock file, and a refresh that waits a little for the supplier.</summary>
public sealed class StockSnapshots
{
    private readonly TaskCompletionSource<int> _firstCount = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> FirstCount => _firstCount.Task;

    public static List<int> ReadCounts(IEnumerable<string> lines, string scratch)
    {
        var counts = new List<int>();
        try
        {
            File.WriteAllLines(scratch, lines);
            foreach (var line in File.ReadLines(scratch))
            {
                // A line that is not a number is not a count: the loop skips it.
                try
                {
                    counts.Add(int.Parse(line, NumberStyles.None, CultureInfo.InvariantCulture));
                }
                catch (FormatException)
                {
                    continue;
                }
            }
        }
        finally
        {
            // Emptying the scratch copy must not replace the outcome of the read.
            try
            {
                File.WriteAllText(scratch, string.Empty);
            }
            catch (IOException)
            {
            }
        }

        return counts;
    }

    /// <summary>Waits up to half a second for the supplier's first answer, then carries on; the refresh keeps running.</summary>
    public async Task StartAsync(Func<Task> refresh)
    {
        var running = refresh();
        await Task.WhenAny(running, Task.Delay(500)).ConfigureAwait(false);
        if (running.IsCompleted)
        {
            await running.ConfigureAwait(false);
        }
    }

    /// <summary>The supplier hung up before the first count: no token caused it.</summary>
    public void Abandon() => _firstCount.TrySetCanceled(CancellationToken.None);

    public static async Task<string> FetchWithin(Func<CancellationToken, Task<string>> fetch, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            return await fetch(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The supplier did not answer within {limit.TotalSeconds} s.");
        }
    }
}
