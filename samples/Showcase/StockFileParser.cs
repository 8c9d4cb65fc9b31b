using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Showcase;

/// <summary>Reads and writes the "sku;quantity" lines of a supplier's stock file.</summary>
public static class StockFileParser
{
    public static Dictionary<string, int> Parse(IEnumerable<string> lines)
    {
        var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var parts = line.Split(';');
            if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
            {
                quantities[parts[0]] = quantity;
            }
        }

        return quantities;
    }

    public static void Save(string path, IReadOnlyDictionary<string, int> quantities)
    {
        // VET302: the caller believes the levels were written, and the next run reads stale stock.
        try
        {
            File.WriteAllLines(path, quantities.Select(q => q.Key + ";" + q.Value.ToString(CultureInfo.InvariantCulture)));
        }
        catch (Exception)
        {
        }
    }
}
