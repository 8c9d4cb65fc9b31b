using System;
using System.IO;

namespace Showcase;

/// <summary>Decides whether a failed stock-file import is worth retrying.</summary>
public static class StockFileErrors
{
    public static bool IsTransient(Exception error)
    {
        // VET304: FileNotFoundException and every other IOException subclass fall through this test.
        return error.GetType() == typeof(IOException);
    }
}
