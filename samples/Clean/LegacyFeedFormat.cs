using System;
using System.Collections;
using System.Collections.Generic;

namespace Clean;

/// <summary>Reads a legacy feed's settings: generic collections inside, non-generic interfaces only at the edge.</summary>
public static class LegacyFeedFormat
{
    // A generic dictionary, filled from the non-generic interface a legacy API hands over.
    public static Dictionary<string, string> Settings(IDictionary legacy)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in legacy)
        {
            settings[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return settings;
    }

    // Naming the types is not using them.
    public static bool IsLegacyList(object value) => value is ArrayList || value.GetType() == typeof(Hashtable);
}
