using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Cmdlets.Transfer;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

public abstract partial class VCloudCmdletBase
{
    /// <summary>
    /// Runs the accepted items of one call (ShouldProcess was asked for all of them first) with at most
    /// <paramref name="throttleLimit"/> in flight and one pool of that many file streams shared by all. Each item
    /// gets a progress bar under the call's bar; each result is handed to <paramref name="written"/> as soon as its
    /// item ends and each failure becomes one error record, on this pipeline thread, while the others go on.
    /// Ctrl+C cancels every item and waits for their clean-up.
    /// </summary>
    private protected void RunFleet<T>(string activity, int activityId, IReadOnlyList<FleetItem<T>> items, int throttleLimit,
        Action<FleetItem<T>, T> written)
    {
        if (items.Count == 0) return;
        throttleLimit = Math.Max(1, throttleLimit);
        using var fileSlots = new SemaphoreSlim(throttleLimit, throttleLimit);
        var waiting = new Queue<FleetItem<T>>(items);
        var running = new List<FleetRun<T>>();
        int started = 0, done = 0, failed = 0;
        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                while (running.Count < throttleLimit && waiting.Count > 0 && !CancellationToken.IsCancellationRequested)
                    running.Add(Start(waiting.Dequeue(), activityId + 100 * ++started, activityId, fileSlots));
                if (running.Count == 0) break;
                Pump.Report(new TransferProgress
                {
                    ActivityId = activityId, Activity = activity,
                    StatusDescription = $"{done} of {items.Count} done, {running.Count} running" + (failed > 0 ? $", {failed} failed" : ""),
                    PercentComplete = (done + failed) * 100 / items.Count,
                });
                WaitHandle.WaitAny(running.Select(r => ((IAsyncResult)r.Task).AsyncWaitHandle).ToArray(), 100);
                Pump.Drain(this);
                foreach (var run in running.Where(r => r.Task.IsCompleted).ToList())
                {
                    running.Remove(run);
                    if (run.Task.Status == TaskStatus.RanToCompletion)
                    {
                        Pump.Drain(this, flush: true);
                        if (TryRun(run.Item.Target, () => written(run.Item, run.Task.Result))) done++;
                        else failed++;
                        continue;
                    }
                    run.Progress.Close(run.Item.Label);
                    var error = (Exception?)run.Task.Exception?.InnerException ?? new OperationCanceledException(CancellationToken);
                    if (IsStopping(error)) continue;
                    failed++;
                    WriteVCloudError(error, run.Item.Target);
                }
            }
            if (CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
            Pump.Report(new TransferProgress { ActivityId = activityId, Activity = activity, StatusDescription = "Done", Completed = true });
        }
        catch (PipelineStoppedException)
        {   // Ctrl+C, or a downstream Select-Object -First that has enough: every item still running is cancelled and
            // removes what it made (partial files, half-made vApps) before the call ends.
            _cts.Cancel();
            Task.WaitAll(running.Select(r => (Task)r.Task).ToArray(), TimeSpan.FromSeconds(60));
            throw;
        }
    }

    private FleetRun<T> Start<T>(FleetItem<T> item, int laneId, int parentId, SemaphoreSlim fileSlots)
    {
        var pump = Pump;
        var progress = new TransferProgressAdapter(pump, laneId, parentId);
        var lane = new FleetLane(progress, fileSlots, pump);
        var token = CancellationToken;
        var task = Task.Run(() =>
        {
            VCloudTrace.Sink = pump.Verbose;
            return item.Work(lane, token);
        });
        return new FleetRun<T>(item, progress, task);
    }

    private sealed class FleetRun<T>
    {
        public FleetRun(FleetItem<T> item, TransferProgressAdapter progress, Task<T> task)
        {
            Item = item; Progress = progress; Task = task;
        }

        public FleetItem<T> Item { get; }
        public TransferProgressAdapter Progress { get; }
        public Task<T> Task { get; }
    }
}
