namespace VCloudPS.Core.Api;

/// <summary>
/// A progress snapshot posted by background work (transfers, task waits, listings). Core never writes to a host;
/// the cmdlet layer's ProgressPump turns these into Write-Progress records on the pipeline thread.
/// </summary>
public sealed class TransferProgress
{
    public int ActivityId { get; set; }
    public int ParentActivityId { get; set; } = -1;
    public string Activity { get; set; } = "";
    public string StatusDescription { get; set; } = "Working";
    public string? CurrentOperation { get; set; }

    /// <summary>0..100, or -1 when unknown.</summary>
    public int PercentComplete { get; set; } = -1;

    /// <summary>-1 when unknown.</summary>
    public int SecondsRemaining { get; set; } = -1;

    public long? BytesDone { get; set; }
    public long? BytesTotal { get; set; }

    /// <summary>True on the last snapshot of an activity: it is always delivered (never throttled away).</summary>
    public bool Completed { get; set; }

    public TransferProgress Clone() => (TransferProgress)MemberwiseClone();
}
