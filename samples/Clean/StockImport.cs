using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Clean;

/// <summary>Imports a supplier's stock file: every failure is handled, reported, or deliberately ignored with a reason.</summary>
public sealed class StockImport(TextWriter log, Func<CancellationToken, Task<string>> download)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public Dictionary<string, int> Parse(IEnumerable<string> lines)
    {
        var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            try
            {
                var parts = line.Split(';');
                quantities[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            catch (FormatException ex)
            {
                log.WriteLine($"Skipped '{line}': {ex.Message}");
            }
            catch (IndexOutOfRangeException)
            {
                // ignore: header and blank lines have no quantity column
                continue;
            }
        }

        return quantities;
    }

    public static bool TryReadOverrides(string path, out string[] lines)
    {
        try
        {
            lines = File.ReadAllLines(path);
            return true;
        }
        catch (IOException)
        {
        }

        lines = [];
        return false;
    }

    public async Task<string?> DownloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await download(cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await Task.Delay(RetryDelay, cancellationToken);
            return await download(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    public void Archive(Stream stream, string path)
    {
        try
        {
            using var target = File.Create(path + ".bak");
            stream.CopyTo(target);
        }
        catch (IOException ex)
        {
            // The archive is a convenience; whether to keep going is the log reader's call.
            if (IsDiskFull(ex)) throw;
            log.WriteLine($"Archive of {path} failed: {ex.Message}");
        }
        finally
        {
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsDiskFull(IOException ex) => (ex.HResult & 0xFFFF) == 0x70;
}
