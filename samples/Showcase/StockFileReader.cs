using System.IO;

namespace Showcase;

/// <summary>Reads the nightly stock file the supplier drops on the share.</summary>
public static class StockFileReader
{
    public static string ReadAll(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            // VET301: only the text survives; the IOException's type and stack trace are lost.
            throw new InvalidDataException("Could not read the stock file: " + ex.Message);
        }
    }
}
