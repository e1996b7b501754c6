using System;
using System.Collections.Generic;

namespace VCloudPS.Core.Transfer;

public enum FileTransferState { Pending, Running, Retrying, Completed, Failed }

/// <summary>A snapshot of a whole transfer (one vApp) for progress display: overall bytes, rate and ETA, and one
/// entry per file. Core raises these; cmdlets turn them into a parent progress bar with per-file children.</summary>
public sealed class TransferSnapshot
{
    public TransferSnapshot(string activity, string phase, long bytesDone, long bytesTotal, double bytesPerSecond,
        TimeSpan? remaining, IReadOnlyList<FileTransferSnapshot> files, bool completed)
    {
        Activity = activity; Phase = phase; BytesDone = bytesDone; BytesTotal = bytesTotal;
        BytesPerSecond = bytesPerSecond; Remaining = remaining; Files = files; Completed = completed;
    }

    /// <summary>E.g. "Export-VApp shop".</summary>
    public string Activity { get; }
    /// <summary>What is happening now, e.g. "Downloading disks", "Waiting for enableDownload".</summary>
    public string Phase { get; }
    public long BytesDone { get; }
    public long BytesTotal { get; }
    public double BytesPerSecond { get; }
    public TimeSpan? Remaining { get; }
    public IReadOnlyList<FileTransferSnapshot> Files { get; }
    public bool Completed { get; }
    public int PercentComplete => BytesTotal <= 0 ? (Completed ? 100 : 0) : (int)Math.Min(100, BytesDone * 100 / BytesTotal);
}

public sealed class FileTransferSnapshot
{
    public FileTransferSnapshot(int index, string name, long bytesDone, long bytesTotal, double bytesPerSecond, FileTransferState state)
    { Index = index; Name = name; BytesDone = bytesDone; BytesTotal = bytesTotal; BytesPerSecond = bytesPerSecond; State = state; }
    /// <summary>Position in the package's References (stable id for a child progress bar).</summary>
    public int Index { get; }
    public string Name { get; }
    public long BytesDone { get; }
    public long BytesTotal { get; }
    public double BytesPerSecond { get; }
    public FileTransferState State { get; }
    public int PercentComplete => BytesTotal <= 0 ? (State == FileTransferState.Completed ? 100 : 0) : (int)Math.Min(100, BytesDone * 100 / BytesTotal);
}
