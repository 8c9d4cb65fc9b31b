namespace Vet.Cli;

/// <summary>A one-line status on the terminal for long runs; silent when standard error is redirected.</summary>
internal sealed class Progress(TextWriter? terminal)
{
    public static Progress Silent { get; } = new(null);

    public static Progress ForConsole() => new(Console.IsErrorRedirected ? null : Console.Error);

    public void Report(string status)
    {
        // \r and "erase line" keep the status on a single line that the next status or Clear overwrites.
        terminal?.Write("\r\u001b[K" + status);
    }

    public void Clear() => terminal?.Write("\r\u001b[K");
}
