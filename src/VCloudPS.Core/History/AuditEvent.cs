using System;
using System.Collections.Generic;

namespace VCloudPS.Core.History;

/// <summary>
/// One vCD audit-trail event (CloudAPI <c>AuditTrailEvent</c>), reduced to what charge-back and SLA need.
/// See the "History contract" in docs/architecture.md.
/// </summary>
public sealed class AuditEvent
{
    public AuditEvent(string eventId, string eventType, DateTime timestamp, bool success, string? userName, string? userId,
        string? orgName, string? orgId, string entityId, string? entityName, string? taskId,
        IReadOnlyDictionary<string, string>? properties)
    {
        EventId = eventId;
        EventType = eventType;
        ShortType = AuditEventTypes.WithoutPrefix(eventType);
        Timestamp = UtcTime.Normalize(timestamp);
        Success = success;
        UserName = userName;
        UserId = userId;
        OrgName = orgName;
        OrgId = orgId;
        EntityId = entityId;
        EntityName = entityName;
        TaskId = string.IsNullOrEmpty(taskId) ? null : taskId;
        Properties = properties ?? new Dictionary<string, string>();
    }

    public string EventId { get; }
    /// <summary>Full type, e.g. <c>com/vmware/vcloud/event/vm/change_state</c>.</summary>
    public string EventType { get; }
    public DateTime Timestamp { get; }
    public bool Success { get; }
    /// <summary>The initiator; <c>system</c> for the platform itself.</summary>
    public string? UserName { get; }
    public string? UserId { get; }
    public string? OrgName { get; }
    public string? OrgId { get; }
    public string EntityId { get; }
    public string? EntityName { get; }
    public string? TaskId { get; }
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The part after <c>com/vmware/vcloud/event/</c>, e.g. <c>vm/change_state</c>.</summary>
    public string ShortType { get; }

    public string? Property(string name) => Properties.TryGetValue(name, out var v) ? v : null;

    /// <summary>True when the platform (not a tenant user) initiated the event.</summary>
    public bool IsSystemInitiated => string.IsNullOrEmpty(UserName) || string.Equals(UserName, "system", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => UtcTime.Format(Timestamp) + " " + ShortType + " " + (EntityName ?? EntityId) + " by " + (UserName ?? "?");
}

public static class AuditEventTypes
{
    public const string Prefix = "com/vmware/vcloud/event/";
    public const string VAppCreate = "vapp/create";
    public const string VAppDelete = "vapp/delete";
    public const string VAppModify = "vapp/modify";
    public const string VAppLeaseExpiry = "vapp/runtime_lease_expiry";
    public const string VAppMaintenanceMode = "vapp/maintenance_mode";
    public const string VmCreate = "vm/create";
    public const string VmModify = "vm/modify";
    public const string VmChangeState = "vm/change_state";
    public const string VmDelete = "vm/delete";

    public static string WithoutPrefix(string eventType) =>
        eventType != null && eventType.StartsWith(Prefix, StringComparison.Ordinal) ? eventType.Substring(Prefix.Length) : eventType ?? "";

    public static string Full(string shortType) => Prefix + shortType;
}
