using VCloudPS.Simulator.Transfer.Disks;

namespace VCloudPS.Simulator.Transfer.Sessions;

/// <summary>
/// The files an enabled download serves under <c>/transfer/&lt;Id&gt;/</c>: both descriptors, both OVAs and every
/// referenced disk. Valid until disabled or idle for the transfer timeout (simulated time).
/// </summary>
public sealed class DownloadSession
{
    private long _lastActivityTicks;

    public DownloadSession(Guid id, Guid entityId, Guid orgId, IReadOnlyDictionary<string, DownloadItem> items, DateTime nowUtc)
    {
        Id = id;
        EntityId = entityId;
        OrgId = orgId;
        Items = items;
        _lastActivityTicks = nowUtc.Ticks;
    }

    public Guid Id { get; }
    public Guid EntityId { get; }
    public Guid OrgId { get; }
    public IReadOnlyDictionary<string, DownloadItem> Items { get; }
    public DateTime LastActivityUtc => new(Interlocked.Read(ref _lastActivityTicks), DateTimeKind.Utc);

    public void Touch(DateTime nowUtc) => Interlocked.Exchange(ref _lastActivityTicks, nowUtc.Ticks);

    public bool IsExpired(DateTime nowUtc, TimeSpan idleTimeout) => nowUtc - LastActivityUtc > idleTimeout;
}

public sealed record DownloadItem(ByteSource Source, string ContentType);
