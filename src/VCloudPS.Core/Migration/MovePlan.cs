using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Migration;

public enum MoveFindingSeverity { Info, Warning, Blocker }

/// <summary>One preflight observation: what, and what to do about it.</summary>
public sealed class MoveFinding
{
    public MoveFinding(MoveFindingSeverity severity, string code, string message, string? fix = null)
    {
        Severity = severity; Code = code; Message = message; Fix = fix;
    }
    public MoveFindingSeverity Severity { get; }
    /// <summary>Stable id, e.g. DestinationQuotaExceeded, NetworkUnmapped, SourceDeployed.</summary>
    public string Code { get; }
    public string Message { get; }
    public string? Fix { get; }
    public override string ToString() => Fix == null ? $"{Severity}: {Message}" : $"{Severity}: {Message} {Fix}";
}

/// <summary>What a move or copy will do, decided before anything changes (Test-VAppMove, -WhatIf).</summary>
public sealed class MovePlan
{
    public MoveKind Kind { get; set; }
    public string SourceName { get; set; } = "";
    public string SourceHref { get; set; } = "";
    public string SourceServer { get; set; } = "";
    public string SourceStatus { get; set; } = "";
    public string DestinationName { get; set; } = "";
    public string DestinationVdc { get; set; } = "";
    public string DestinationVdcHref { get; set; } = "";
    public string DestinationServer { get; set; } = "";
    public MoveMethod Method { get; set; }
    public int VmCount { get; set; }
    /// <summary>Disk capacity of the vApp (what the destination must have room for).</summary>
    public long DiskBytes { get; set; }
    /// <summary>Upper bound of the bytes that pass through the client (0 for native methods).</summary>
    public long BytesToSend { get; set; }
    /// <summary>A deployed source copied across clouds: a temporary clone in the source VDC is exported instead.</summary>
    public bool UsesTemporaryClone { get; set; }
    /// <summary>A journal of an interrupted streamed run was found: finished files are not sent again.</summary>
    public bool ResumesInterruptedMove { get; set; }
    public IList<MoveFinding> Findings { get; } = new List<MoveFinding>();
    public bool CanProceed => Findings.All(f => f.Severity != MoveFindingSeverity.Blocker);
    public IEnumerable<MoveFinding> Blockers => Findings.Where(f => f.Severity == MoveFindingSeverity.Blocker);

    public string MethodDescription => Method switch
    {
        MoveMethod.NativeMove => "native moveVApp (no data through the client)",
        MoveMethod.NativeClone => Kind == MoveKind.Move ? "native cloneVApp + delete of the source (no data through the client)" : "native cloneVApp (no data through the client)",
        MoveMethod.Staged => "export to a local package, then import",
        _ => UsesTemporaryClone ? "streamed export → import of a temporary clone" : "streamed export → import",
    };

    public override string ToString() => $"{Kind} '{SourceName}' → '{DestinationVdc}' ({MethodDescription})";
}
