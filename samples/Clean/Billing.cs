using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

public sealed record Invoice(string Id, decimal Amount);

public delegate Task InvoiceHandler(Invoice invoice, CancellationToken cancellationToken);

public interface IInvoiceStore
{
    Task<Invoice?> FindAsync(string id, CancellationToken cancellationToken);

    // A required token before optional parameters is still "last".
    Task SaveAsync(Invoice invoice, CancellationToken cancellationToken, bool overwrite = false);
}

public abstract class InvoiceSource
{
    // Token first: the Go convention, accepted by default.
    public abstract IAsyncEnumerable<Invoice> ReadAsync(CancellationToken cancellationToken, string folder);
}

public sealed class FolderInvoiceSource : InvoiceSource
{
    public override async IAsyncEnumerable<Invoice> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken, string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder, "*.txt"))
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            yield return new Invoice(Path.GetFileNameWithoutExtension(path), decimal.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

public sealed class InvoiceImporter(IInvoiceStore store)
{
    /// <summary>Imports every invoice; progress conventionally follows the token.</summary>
    public async Task<int> ImportAsync(InvoiceSource source, string folder, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        var count = 0;
        await foreach (var invoice in source.ReadAsync(cancellationToken, folder).WithCancellation(cancellationToken))
        {
            await store.SaveAsync(invoice, cancellationToken);
            progress?.Report(++count);
            Trace($"imported {invoice.Id}", cancellationToken);
        }

        return count;
    }

    /// <summary>Out parameters conventionally follow the token.</summary>
    public bool TryParseAmount(string text, CancellationToken cancellationToken, out decimal amount)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out amount);
    }

    /// <summary>Params and caller-info parameters conventionally follow the token.</summary>
    public static void Trace(string message, CancellationToken cancellationToken, [CallerMemberName] string caller = "")
    {
        if (!cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine($"{caller}: {message}");
        }
    }

    public Task NotifyAsync(CancellationToken cancellationToken, params string[] recipients)
    {
        return Task.WhenAll(Array.ConvertAll(recipients, recipient => SendAsync(recipient, cancellationToken)));

        static Task SendAsync(string recipient, CancellationToken token) => Task.Delay(recipient.Length, token);
    }
}

public static class InvoiceWriterExtensions
{
    // The extension's `this` parameter is not a position: the token is first.
    public static Task WriteInvoiceAsync(this TextWriter writer, CancellationToken cancellationToken, Invoice invoice) =>
        writer.WriteLineAsync($"{invoice.Id};{invoice.Amount}".AsMemory(), cancellationToken);
}
