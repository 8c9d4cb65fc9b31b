using System;
using System.Collections;

namespace Showcase;

/// <summary>Old supplier SKUs and the SKUs the catalog uses today.</summary>
public sealed class SkuAliases
{
    // VET412: a Hashtable holds objects; every lookup below needs a cast and nothing checks what goes in.
    private readonly Hashtable _aliases = new Hashtable(StringComparer.OrdinalIgnoreCase);

    public void Add(string supplierSku, string catalogSku) => _aliases[supplierSku] = catalogSku;

    public string Resolve(string supplierSku) => (string?)_aliases[supplierSku] ?? supplierSku;
}
