using System;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets;

/// <summary>One accepted item of a call over many vApps (or packages) and the Core work that handles it.</summary>
public sealed class FleetItem<T>
{
    public FleetItem(object target, string label, Func<FleetLane, CancellationToken, Task<T>> work)
    {
        Target = target;
        Label = label;
        Work = work;
    }

    /// <summary>The TargetObject of this item's error record (the vApp, or the package path).</summary>
    public object Target { get; }

    /// <summary>The activity of this item's progress bar.</summary>
    public string Label { get; }

    internal Func<FleetLane, CancellationToken, Task<T>> Work { get; }
}

/// <summary>What one item's work gets from the call: its progress bar (under the call's bar), the file-stream
/// slots shared by every item of the call, and the message sinks (written on the pipeline thread).</summary>
public sealed class FleetLane
{
    internal FleetLane(IProgress<TransferSnapshot> progress, SemaphoreSlim fileSlots, ProgressPump messages)
    {
        Progress = progress;
        FileSlots = fileSlots;
        Messages = messages;
    }

    public IProgress<TransferSnapshot> Progress { get; }

    /// <summary>Set as <see cref="TransferOptions.SharedFileSlots"/> of the item's transfer.</summary>
    public SemaphoreSlim FileSlots { get; }

    public ProgressPump Messages { get; }
}
