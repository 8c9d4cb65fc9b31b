using System.Collections.Generic;

namespace Showcase;

/// <summary>Maps SKU prefixes to the warehouse that stocks them, built on first use.</summary>
public sealed class WarehouseDirectory
{
    private readonly object _gate = new();
    private Dictionary<string, string> _warehouses = new();
    private bool _loaded;

    public string WarehouseFor(string sku)
    {
        // VET204: another thread can see _loaded set before the dictionary it guards is filled.
        if (!_loaded)
        {
            lock (_gate)
            {
                if (!_loaded)
                {
                    _warehouses = new Dictionary<string, string> { ["sku"] = "north", ["box"] = "south" };
                    _loaded = true;
                }
            }
        }

        var prefix = sku.Length >= 3 ? sku.Substring(0, 3) : sku;
        return _warehouses.TryGetValue(prefix, out var warehouse) ? warehouse : "central";
    }
}
