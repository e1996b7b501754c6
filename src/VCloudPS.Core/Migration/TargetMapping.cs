using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Migration;

/// <summary>What the admin asked for when a vApp lands in another VDC (Import-VApp, Move-VApp, Copy-VApp).</summary>
public sealed class MappingOptions
{
    /// <summary>Source network → destination network; a null target disconnects that network on purpose.</summary>
    public IDictionary<string, string?> NetworkMapping { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);
    /// <summary>Leave networks that have no mapping and no same-name destination network disconnected.</summary>
    public bool AllowDisconnectedNetworks { get; set; }
    /// <summary>Source storage policy name → destination policy name, for policies the destination does not offer by name.</summary>
    public IDictionary<string, string> StorageProfileMapping { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Resolves networks and storage policies of a source onto a destination, before anything is created:
/// the same name maps by itself, an explicit mapping wins, and anything else is an error naming what is missing
/// and what the destination offers.</summary>
public static class TargetMapping
{
    /// <returns>Each source network → its destination network, or null when it stays disconnected.</returns>
    /// <param name="notice">Told about networks left disconnected.</param>
    public static IReadOnlyDictionary<string, string?> ResolveNetworks(IEnumerable<string> sourceNetworks, IEnumerable<string> destinationNetworks,
        MappingOptions options, string destinationName, Action<string>? notice = null)
    {
        var sources = sourceNetworks.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
        var offered = new HashSet<string>(destinationNetworks, StringComparer.Ordinal);
        var choices = offered.Count == 0 ? "none" : string.Join(", ", offered.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).Select(n => "'" + n + "'"));
        foreach (var key in options.NetworkMapping.Keys.Where(k => !sources.Contains(k)))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "NetworkMappingInvalid",
                $"-NetworkMapping names source network '{key}', which the source does not use. Its networks: {List(sources)}.");
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unmapped = new List<string>();
        foreach (var source in sources)
        {
            if (options.NetworkMapping.TryGetValue(source, out var target))
            {
                if (target != null && !offered.Contains(target))
                    throw new VCloudException(VCloudErrorKind.InvalidArgument, "NetworkMappingInvalid",
                        $"-NetworkMapping maps '{source}' to '{target}', which '{destinationName}' does not offer. Its networks: {choices}.");
                result[source] = target;
                if (target == null) notice?.Invoke($"Network '{source}' stays disconnected (-NetworkMapping maps it to nothing).");
            }
            else if (offered.Contains(source)) result[source] = source;
            else unmapped.Add(source);
        }
        if (unmapped.Count > 0 && !options.AllowDisconnectedNetworks)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "NetworkMappingRequired",
                $"{(unmapped.Count == 1 ? "Network" : "Networks")} {List(unmapped)} of the source {(unmapped.Count == 1 ? "has" : "have")} no network of the same name in '{destinationName}' and no -NetworkMapping. " +
                $"Its networks: {choices}. Map {(unmapped.Count == 1 ? "it" : "them")} (e.g. -NetworkMapping @{{ '{unmapped[0]}' = '{offered.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault() ?? "net"}' }}), " +
                $"map {(unmapped.Count == 1 ? "it" : "them")} to $null to disconnect on purpose, or use -AllowDisconnectedNetworks. Nothing was created.");
        foreach (var source in unmapped)
        {
            result[source] = null;
            notice?.Invoke($"Network '{source}' stays disconnected (-AllowDisconnectedNetworks): '{destinationName}' has no network of that name.");
        }
        return result;
    }

    /// <returns>Each source storage policy → the destination policy of that name or of the mapping.</returns>
    public static IReadOnlyDictionary<string, string> ResolveStorageProfiles(IEnumerable<string> sourcePolicies, IEnumerable<string> destinationPolicies,
        MappingOptions options, string destinationName)
    {
        var sources = sourcePolicies.Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).ToList();
        var offered = new HashSet<string>(destinationPolicies, StringComparer.Ordinal);
        var choices = offered.Count == 0 ? "none" : string.Join(", ", offered.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).Select(n => "'" + n + "'"));
        foreach (var key in options.StorageProfileMapping.Keys.Where(k => !sources.Contains(k)))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "StorageProfileMappingInvalid",
                $"-StorageProfileMapping names storage policy '{key}', which no disk of the source uses. Its policies: {List(sources)}.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var source in sources)
        {
            if (options.StorageProfileMapping.TryGetValue(source, out var target))
            {
                if (string.IsNullOrEmpty(target) || !offered.Contains(target))
                    throw new VCloudException(VCloudErrorKind.InvalidArgument, "StorageProfileMappingInvalid",
                        $"-StorageProfileMapping maps '{source}' to '{target}', which '{destinationName}' does not offer. Its storage policies: {choices}.");
                result[source] = target;
            }
            else if (offered.Contains(source)) result[source] = source;
            else unknown.Add(source);
        }
        if (unknown.Count > 0)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "StorageProfileMappingRequired",
                $"Storage {(unknown.Count == 1 ? "policy" : "policies")} {List(unknown)} of the source {(unknown.Count == 1 ? "is" : "are")} not offered by '{destinationName}'. " +
                $"Its storage policies: {choices}. Map {(unknown.Count == 1 ? "it" : "them")} with -StorageProfileMapping @{{ '{unknown[0]}' = '{offered.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault() ?? "policy"}' }}. Nothing was created.");
        return result;
    }

    private static string List(IEnumerable<string> names)
    {
        var l = names.Select(n => "'" + n + "'").ToList();
        return l.Count == 0 ? "none" : string.Join(", ", l);
    }
}
