using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Migration;

/// <summary>Counts the exports of this process that use one entity's enabled download, so the last one to finish
/// disables it, not the first (which would pull the download area from under the others). Enabling and disabling
/// of one entity are serialised.</summary>
internal sealed class DownloadLease
{
    private static readonly Dictionary<string, DownloadLease> Leases = new Dictionary<string, DownloadLease>(StringComparer.OrdinalIgnoreCase);

    private readonly string _key;
    private int _users;
    public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1);
    /// <summary>An export of this process enabled the download (so the last user disables it).</summary>
    public bool EnabledHere { get; set; }

    private DownloadLease(string key) { _key = key; }

    public static DownloadLease Join(Uri server, string entityHref)
    {
        var key = new Uri(server, entityHref).AbsoluteUri;
        lock (Leases)
        {
            if (!Leases.TryGetValue(key, out var lease)) Leases[key] = lease = new DownloadLease(key);
            lease._users++;
            return lease;
        }
    }

    /// <summary>Leaves the lease; when this was the last user, <paramref name="lastOut"/> runs under the gate
    /// (e.g. disableDownload) before anybody can enable the download again.</summary>
    public async Task LeaveAsync(Func<Task> lastOut)
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool last;
            lock (Leases)
            {
                last = --_users == 0;
                if (last) Leases.Remove(_key);
            }
            if (last && EnabledHere)
            {
                EnabledHere = false;
                await lastOut().ConfigureAwait(false);
            }
        }
        finally { Gate.Release(); }
    }
}
