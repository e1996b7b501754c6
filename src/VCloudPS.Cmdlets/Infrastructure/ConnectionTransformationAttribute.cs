using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Lets -Server take open connections by name as well as objects: "org@host:port" (what Tab completes), or
/// "host:port" / "host" for every open connection to that server. Names that match no open connection fail.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
{
    public static string NameOf(VCloudConnection c) => c.Org + "@" + c.Server.Authority;

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var items = inputData is PSObject p ? p.BaseObject : inputData;
        if (items is string || !(items is IEnumerable))
            items = new[] { items };
        var result = new List<object>();
        foreach (var raw in (IEnumerable)items)
        {
            var item = raw is PSObject q ? q.BaseObject : raw;
            if (item is string name) result.AddRange(Find(name));
            else result.Add(item!);
        }
        return result.ToArray();
    }

    private static IEnumerable<VCloudConnection> Find(string name)
    {
        var hits = ConnectionRegistry.All.Where(c =>
            string.Equals(NameOf(c), name, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(c.Server.Authority, name, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(c.Server.Host, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (hits.Count == 0)
            throw new ArgumentTransformationMetadataException(
                $"No open connection is named '{name}'. Use a connection object (Connect-VCloud, Get-VCloudConnection) or the name Tab completes (org@server).");
        return hits;
    }
}
