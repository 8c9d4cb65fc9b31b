using System;
using System.Collections.Generic;
using System.Globalization;

namespace Showcase;

/// <summary>Reads the "sku;quantity" lines of a supplier's stock file.</summary>
public static class StockFileParser
{
    public static Dictionary<string, int> Parse(IEnumerable<string> lines)
    {
        var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            // VET302: a malformed line disappears without a trace, as does a bug in this loop.
            try
            {
                var parts = line.Split(';');
                quantities[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            catch (Exception)
            {
            }
        }

        return quantities;
    }
}
