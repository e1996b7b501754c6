using System;
using System.Collections.Generic;

namespace VCloudPS.Core.History;

public enum Existence
{
    Unknown = 0,
    Exists,
    NotExists,
}

/// <summary>Why a VM is in its power state: the event that put it there (classification evidence for the SLA).</summary>
public sealed class PowerEvidence
{
    public PowerEvidence(AuditEvent? cause, bool leaseExpiry, AuditEvent? failedPowerOn)
    {
        Cause = cause; LeaseExpiry = leaseExpiry; FailedPowerOn = failedPowerOn;
    }
    /// <summary>The event that set the power state; null when the state was deduced from the current state.</summary>
    public AuditEvent? Cause { get; }
    /// <summary>The runtime lease expired (vapp/runtime_lease_expiry or vm.powerAction=leaseExpiry).</summary>
    public bool LeaseExpiry { get; }
    /// <summary>A failed power-on attempt that happened while the VM was down (latest one).</summary>
    public AuditEvent? FailedPowerOn { get; }

    public string? PowerAction => Cause?.Property("vm.powerAction");

    /// <summary>
    /// Customer-initiated: a successful tenant action with a task, or a lease expiry; no later failed power-on.
    /// A failed power-on means the tenant wanted the VM up: from then on the outage is the platform's.
    /// </summary>
    public bool IsCustomerInitiated
    {
        get
        {
            if (FailedPowerOn != null) return false;
            if (LeaseExpiry) return true;
            if (Cause == null || !Cause.Success) return false;
            if (Cause.ShortType == AuditEventTypes.VmCreate) return !Cause.IsSystemInitiated;
            return !Cause.IsSystemInitiated && Cause.TaskId != null &&
                   !string.Equals(PowerAction, "failure", StringComparison.OrdinalIgnoreCase);
        }
    }

    public string Describe()
    {
        if (Cause == null) return "no retained power event (state deduced from the current state)";
        var s = AuditEventTypes.WithoutPrefix(Cause.EventType) + " " + (PowerAction ?? Cause.Property("vm.state") ?? "") +
                " by " + (Cause.UserName ?? "?") + " at " + UtcTime.Format(Cause.Timestamp) +
                (Cause.TaskId != null ? " task " + Cause.TaskId : " (no task)");
        if (LeaseExpiry) s += "; runtime lease expired";
        if (FailedPowerOn != null) s += "; power-on failed at " + UtcTime.Format(FailedPowerOn.Timestamp) + " by " + (FailedPowerOn.UserName ?? "?");
        return s;
    }
}

/// <summary>A constant-state slice [From, To) of one VM.</summary>
public sealed class VmSlice
{
    public VmSlice(DateTime from, DateTime to, Existence existence, PowerState power, VmConfiguration? configuration, PowerEvidence? evidence)
    {
        From = from; To = to; Existence = existence;
        Power = existence == Existence.Exists ? power : PowerState.Unknown;
        Configuration = existence == Existence.Exists ? configuration : null;
        Evidence = existence == Existence.Exists ? evidence : null;
    }
    public DateTime From { get; }
    public DateTime To { get; }
    public Existence Existence { get; }
    public PowerState Power { get; }
    /// <summary>Null when unknown.</summary>
    public VmConfiguration? Configuration { get; }
    public PowerEvidence? Evidence { get; }
    public long Seconds => (long)(To - From).TotalSeconds;
    public UtcInterval Interval => new UtcInterval(From, To);

    internal bool SameStateAs(VmSlice o) =>
        Existence == o.Existence && Power == o.Power && Equals(Configuration, o.Configuration) && ReferenceEquals(Evidence?.Cause, o.Evidence?.Cause) &&
        ReferenceEquals(Evidence?.FailedPowerOn, o.Evidence?.FailedPowerOn) && (Evidence?.LeaseExpiry ?? false) == (o.Evidence?.LeaseExpiry ?? false);

    public override string ToString() => "[" + UtcTime.Format(From) + ", " + UtcTime.Format(To) + ") " + Existence + " " + Power + " " + Configuration;
}

/// <summary>A slice of a vApp-level value (public IP count, maintenance mode). Value null = unknown.</summary>
public sealed class ValueSlice<T> where T : struct
{
    public ValueSlice(DateTime from, DateTime to, T? value) { From = from; To = to; Value = value; }
    public DateTime From { get; }
    public DateTime To { get; }
    public T? Value { get; }
    public long Seconds => (long)(To - From).TotalSeconds;
    public override string ToString() => "[" + UtcTime.Format(From) + ", " + UtcTime.Format(To) + ") " + (Value?.ToString() ?? "unknown");
}

/// <summary>Slices of one VM covering the timeline domain [DomainStart, AsOf) without gaps.</summary>
public sealed class VmTimeline
{
    public VmTimeline(string vmId, string vmName, IReadOnlyList<VmSlice> slices)
    {
        VmId = vmId; VmName = vmName; Slices = slices;
    }
    public string VmId { get; }
    public string VmName { get; }
    public IReadOnlyList<VmSlice> Slices { get; }
    /// <summary>Failed power-on attempts (evidence for -Detailed reports).</summary>
    public IList<AuditEvent> FailedPowerOns { get; } = new List<AuditEvent>();
}

/// <summary>A vApp's timeline: its VMs, public IP count and maintenance-mode slices.</summary>
public sealed class VAppTimeline
{
    public VAppTimeline(string vAppId, string vAppName, string? orgName, string? vdcId, string? vdcName, DateTime domainStart, DateTime asOf)
    {
        VAppId = vAppId; VAppName = vAppName; OrgName = orgName; VdcId = vdcId; VdcName = vdcName;
        DomainStart = domainStart; AsOf = asOf;
    }
    public string VAppId { get; }
    public string VAppName { get; }
    public string? OrgName { get; }
    public string? VdcId { get; }
    public string? VdcName { get; }
    public DateTime DomainStart { get; }
    public DateTime AsOf { get; }
    public List<VmTimeline> Vms { get; } = new List<VmTimeline>();
    public List<ValueSlice<int>> PublicIps { get; } = new List<ValueSlice<int>>();
    public List<ValueSlice<bool>> MaintenanceMode { get; } = new List<ValueSlice<bool>>();
    /// <summary>True when no event of this vApp or its VMs was retained at all.</summary>
    public bool HasNoHistory { get; set; }
    public override string ToString() => VAppName + " (" + Vms.Count + " VMs)";
}
