using System;
using System.Collections.Generic;
using System.Globalization;

namespace VCloudPS.Core.Model;

/// <summary>
/// vCD's status of a vApp, VM or vApp template. Entities carry the number, query records the name; this is the
/// one place both are known (vcd-api.md, "ResourceEntity status").
/// </summary>
public enum VAppStatus
{
    FailedCreation = -1,
    Unresolved = 0,
    Resolved = 1,
    Deployed = 2,
    Suspended = 3,
    PoweredOn = 4,
    WaitingForInput = 5,
    Unknown = 6,
    Unrecognized = 7,
    PoweredOff = 8,
    InconsistentState = 9,
    Mixed = 10,
    DescriptorPending = 11,
    CopyingContents = 12,
    DiskContentsPending = 13,
    Quarantined = 14,
    QuarantineExpired = 15,
    Rejected = 16,
    TransferTimeout = 17,
    VAppUndeployed = 18,
    VAppPartiallyDeployed = 19,
    PartiallyPoweredOff = 20,
    PartiallySuspended = 21,
}

/// <summary>Names (as the API and the module's Status property spell them) and parsing of <see cref="VAppStatus"/>.</summary>
public static class VAppStatuses
{
    private static readonly Dictionary<VAppStatus, string> Names = new Dictionary<VAppStatus, string>
    {
        [VAppStatus.FailedCreation] = "FAILED_CREATION", [VAppStatus.Unresolved] = "UNRESOLVED", [VAppStatus.Resolved] = "RESOLVED",
        [VAppStatus.Deployed] = "DEPLOYED", [VAppStatus.Suspended] = "SUSPENDED", [VAppStatus.PoweredOn] = "POWERED_ON",
        [VAppStatus.WaitingForInput] = "WAITING_FOR_INPUT", [VAppStatus.Unknown] = "UNKNOWN", [VAppStatus.Unrecognized] = "UNRECOGNIZED",
        [VAppStatus.PoweredOff] = "POWERED_OFF", [VAppStatus.InconsistentState] = "INCONSISTENT_STATE", [VAppStatus.Mixed] = "MIXED",
        [VAppStatus.DescriptorPending] = "DESCRIPTOR_PENDING", [VAppStatus.CopyingContents] = "COPYING_CONTENTS",
        [VAppStatus.DiskContentsPending] = "DISK_CONTENTS_PENDING", [VAppStatus.Quarantined] = "QUARANTINED",
        [VAppStatus.QuarantineExpired] = "QUARANTINE_EXPIRED", [VAppStatus.Rejected] = "REJECTED", [VAppStatus.TransferTimeout] = "TRANSFER_TIMEOUT",
        [VAppStatus.VAppUndeployed] = "VAPP_UNDEPLOYED", [VAppStatus.VAppPartiallyDeployed] = "VAPP_PARTIALLY_DEPLOYED",
        [VAppStatus.PartiallyPoweredOff] = "PARTIALLY_POWERED_OFF", [VAppStatus.PartiallySuspended] = "PARTIALLY_SUSPENDED",
    };

    private static readonly Dictionary<string, VAppStatus> ByName = Invert();

    private static Dictionary<string, VAppStatus> Invert()
    {
        var d = new Dictionary<string, VAppStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var kv in Names) d[kv.Value] = kv.Key;
        return d;
    }

    /// <summary>All names, in code order (for parameter validation and completion).</summary>
    public static IEnumerable<string> AllNames => Names.Values;

    public static string Name(this VAppStatus status) => Names.TryGetValue(status, out var n) ? n : "UNKNOWN";

    /// <summary>A status attribute as vCD sends it: a number (entities) or a name (query records); null when unreadable.</summary>
    public static VAppStatus? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var t = value!.Trim();
        if (int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
            return Enum.IsDefined(typeof(VAppStatus), code) ? (VAppStatus)code : (VAppStatus?)null;
        return ByName.TryGetValue(t, out var s) ? s : (VAppStatus?)null;
    }

    /// <summary>The module's Status text for a status attribute: its name, UNKNOWN for an unknown code, an unknown name upper-cased.</summary>
    public static string NameOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "UNKNOWN";
        var s = Parse(value);
        if (s.HasValue) return s.Value.Name();
        return int.TryParse(value!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? "UNKNOWN" : value.Trim().ToUpperInvariant();
    }

    /// <summary>Still being created: upload or copy states that precede RESOLVED.</summary>
    public static bool IsBeingCreated(this VAppStatus status) =>
        status == VAppStatus.Unresolved || status == VAppStatus.DescriptorPending || status == VAppStatus.CopyingContents || status == VAppStatus.DiskContentsPending;

    public static bool IsPoweredOn(this VAppStatus status) =>
        status == VAppStatus.PoweredOn || status == VAppStatus.Mixed || status == VAppStatus.PartiallyPoweredOff;
}
