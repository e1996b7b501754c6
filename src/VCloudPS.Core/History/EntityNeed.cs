namespace VCloudPS.Core.History;

/// <summary>
/// What a targeted look-back still has to find for one entity, read newest first from the read start: the events that
/// set its state there. Once settled, older events cannot change that state.
/// </summary>
internal abstract class EntityNeed
{
    /// <summary>Takes <paramref name="e"/> (an event of this entity, older than all taken so far); true when settled.</summary>
    public abstract bool SettledBy(AuditEvent e);
}

/// <summary>A VM's power state and/or sized configuration (vm/create settles both).</summary>
internal sealed class VmNeed : EntityNeed
{
    private bool _power, _config;
    public VmNeed(bool power, bool config) { _power = power; _config = config; }

    public override bool SettledBy(AuditEvent e)
    {
        switch (e.ShortType)
        {
            case AuditEventTypes.VmCreate: _power = false; _config = false; break;
            case AuditEventTypes.VmChangeState: if (e.Success) _power = false; break;
            case AuditEventTypes.VmModify: if (e.Property("vm.numCpu") != null) _config = false; break;
        }
        return !_power && !_config;
    }
}

/// <summary>
/// A vApp's public IP count (vapp/modify with a count, vapp/delete) and/or its maintenance mode
/// (vapp/maintenance_mode), as asked; vapp/create settles both (0 IPs unless stated, not in maintenance mode).
/// </summary>
internal sealed class VAppNeed : EntityNeed
{
    private bool _ips, _maintenance;
    public VAppNeed(bool ips, bool maintenance) { _ips = ips; _maintenance = maintenance; }

    public override bool SettledBy(AuditEvent e)
    {
        if (!e.Success) return false;
        switch (e.ShortType)
        {
            case AuditEventTypes.VAppCreate: _ips = false; _maintenance = false; break;
            case AuditEventTypes.VAppDelete: _ips = false; break;
            case AuditEventTypes.VAppModify: if (e.Property("vapp.publicIpCount") != null) _ips = false; break;
            case AuditEventTypes.VAppMaintenanceMode: _maintenance = false; break;
        }
        return !_ips && !_maintenance;
    }
}
