using System;
using System.Collections.Generic;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Move (the source is removed once the copy is complete and verified) or copy.</summary>
public enum MoveKind { Move, Copy }

/// <summary>How the vApp travels.</summary>
public enum MoveMethod
{
    /// <summary>vCD <c>moveVApp</c> (API 34+): same org, another VDC; ids kept; no byte through the client.</summary>
    NativeMove,
    /// <summary>vCD <c>cloneVApp</c> (with <c>IsSourceDelete</c> for a move): same org; no byte through the client.</summary>
    NativeClone,
    /// <summary>Export from the source streamed into an import at the destination, file by file.</summary>
    Streamed,
    /// <summary>Export to a local package (<c>-StagingPath</c>), then import it.</summary>
    Staged,
}

public sealed class MoveOptions
{
    public MoveKind Kind { get; set; } = MoveKind.Move;
    public VCloudConnection Source { get; set; } = null!;
    public string SourceHref { get; set; } = "";
    public VCloudConnection Destination { get; set; } = null!;
    public string DestinationVdcHref { get; set; } = "";
    /// <summary>Name at the destination (default: the source's name).</summary>
    public string? Name { get; set; }
    /// <summary>Source network name → destination VDC network name; a null target disconnects that network on
    /// purpose. A network with the same name at the destination maps by itself.</summary>
    public IDictionary<string, string?> NetworkMapping { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);
    /// <summary>Leave networks that have no mapping and no same-name destination network disconnected.</summary>
    public bool AllowDisconnectedNetworks { get; set; }
    /// <summary>Storage profile name for every VM and disk at the destination (every method); wins over the mapping.</summary>
    public string? StorageProfile { get; set; }
    /// <summary>Source storage policy → destination policy, for policies the destination does not offer by name.</summary>
    public IDictionary<string, string> StorageProfileMapping { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public bool PowerOn { get; set; }
    /// <summary>Continue an interrupted streamed move; without it a journal found for the same source and destination is used too.</summary>
    public bool Resume { get; set; }
    /// <summary>Keep a local package here (export, then import) instead of streaming.</summary>
    public string? StagingPath { get; set; }
    /// <summary>Folder of resume journals (default: the user's local application data, VCloudPS/moves).</summary>
    public string? JournalFolder { get; set; }
    public TransferOptions Transfer { get; set; } = new TransferOptions();
}
