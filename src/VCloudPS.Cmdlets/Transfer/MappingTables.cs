using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using VCloudPS.Core.Migration;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>-NetworkMapping / -AllowDisconnectedNetworks / -StorageProfileMapping as the Core's
/// <see cref="MappingOptions"/> (Import-VApp, Move-VApp and Copy-VApp take the same parameters).</summary>
internal static class MappingTables
{
    /// <summary>A <c>$null</c> value disconnects that network on purpose.</summary>
    public static MappingOptions ToOptions(Hashtable? networkMapping, bool allowDisconnected, Hashtable? storageProfileMapping)
    {
        var options = new MappingOptions { AllowDisconnectedNetworks = allowDisconnected };
        if (networkMapping != null)
            foreach (DictionaryEntry e in networkMapping)
                options.NetworkMapping[Text(e.Key)!] = Text(e.Value);
        if (storageProfileMapping != null)
            foreach (DictionaryEntry e in storageProfileMapping)
                options.StorageProfileMapping[Text(e.Key)!] = Text(e.Value) ?? "";
        return options;
    }

    private static string? Text(object? value) => value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
}
