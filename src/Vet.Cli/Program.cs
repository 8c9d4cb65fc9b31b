namespace Vet.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await VetCommand.RunAsync(args, Console.Out, Console.Error, Progress.ForConsole(), cancel.Token).ConfigureAwait(false);
    }
}
