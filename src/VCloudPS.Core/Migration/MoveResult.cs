using System;
using System.Collections.Generic;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Migration;

/// <summary>How one vApp moved or was copied.</summary>
public sealed class MoveResult
{
    public MoveKind Kind { get; set; }
    public string Source { get; set; } = "";
    public string SourceHref { get; set; } = "";
    public string SourceServer { get; set; } = "";
    /// <summary>Name of the vApp at the destination.</summary>
    public string Name { get; set; } = "";
    public string Destination { get; set; } = "";
    public string DestinationHref { get; set; } = "";
    public string DestinationServer { get; set; } = "";
    public MoveMethod Method { get; set; }
    /// <summary>Disk bytes that passed through the client (0 for native methods).</summary>
    public long BytesMoved { get; set; }
    public TimeSpan Duration { get; set; }
    /// <summary>File → SHA-256 of the bytes read from the source and written to the destination.</summary>
    public IDictionary<string, string> Digests { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyList<RelayedFile> Files { get; set; } = Array.Empty<RelayedFile>();
    /// <summary>Files already complete at the destination from an interrupted run (not sent again).</summary>
    public int FilesResumed { get; set; }
    public bool SourceRemoved { get; set; }
    /// <summary>The new (or, for moveVApp, the same) vApp at the destination.</summary>
    public VApp? VApp { get; set; }
    /// <summary>Older generations removed by -KeepGenerations.</summary>
    public IList<string> RemovedGenerations { get; } = new List<string>();
    public override string ToString() => $"{Source} → {Destination}/{Name}";
}
