using System;
using System.IO;

namespace Clean;

/// <summary>Reads ledger exports, keeping every failure's cause.</summary>
public static class LedgerFiles
{
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            // The cause travels as the inner exception.
            throw new LedgerException("Could not read the ledger export " + path, ex);
        }
    }

    public static DateOnly ClosingDate(string text)
    {
        try
        {
            return DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            // Rethrown as is.
            throw;
        }
    }

    public static Func<string> Deferred(string path)
    {
        try
        {
            return () => File.ReadAllText(path);
        }
        catch (ArgumentException)
        {
            // Thrown later by the lambda, not from this catch.
            return () => throw new LedgerException("No export at " + path);
        }
    }
}
