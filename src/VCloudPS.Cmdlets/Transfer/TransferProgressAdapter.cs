using System;
using System.Collections.Generic;
using System.Globalization;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>Turns Core transfer snapshots into one parent progress bar (bytes, rate, ETA) with a child bar per file
/// being transferred (ParentActivityId), posted to the pump and written on the pipeline thread.</summary>
internal sealed class TransferProgressAdapter : IProgress<TransferSnapshot>
{
    private readonly ProgressPump _pump;
    private readonly int _parentId;
    private readonly int _overallId;
    private readonly HashSet<int> _shownChildren = new HashSet<int>();
    private readonly object _gate = new object();
    private long _lastTotal = -1;
    private long _lastDone;

    /// <param name="overallId">The bar of the whole call this vApp's bar sits under (-1: none).</param>
    public TransferProgressAdapter(ProgressPump pump, int parentId, int overallId = -1) { _pump = pump; _parentId = parentId; _overallId = overallId; }

    /// <summary>Closes this vApp's bar and its file bars (after a failure no Completed snapshot comes).</summary>
    public void Close(string activity)
    {
        lock (_gate)
        {
            foreach (var id in _shownChildren)
                _pump.Report(new TransferProgress { ActivityId = id, ParentActivityId = _parentId, Activity = activity, StatusDescription = "Done", Completed = true });
            _shownChildren.Clear();
            _pump.Report(new TransferProgress { ActivityId = _parentId, ParentActivityId = _overallId, Activity = activity, StatusDescription = "Done", Completed = true });
        }
    }

    public void Report(TransferSnapshot s)
    {
        lock (_gate)
        {
            // Snapshots are taken on the download threads and can arrive out of order: the overall line never moves
            // back, and while files run its rate is theirs (the since-start average includes the wait for the first
            // byte, which kept it near 0 B/s while a file ran at hundreds of MB/s).
            if (s.BytesTotal != _lastTotal) { _lastTotal = s.BytesTotal; _lastDone = 0; }
            long done = Math.Max(_lastDone, s.BytesDone);
            _lastDone = done;
            double runningRate = 0;
            foreach (var f in s.Files)
                if (f.State == FileTransferState.Running || f.State == FileTransferState.Retrying) runningRate += f.BytesPerSecond;
            double rate = runningRate > 0 ? runningRate : s.BytesPerSecond;
            var status = s.BytesTotal > 0
                ? $"{Bytes(done)} of {Bytes(s.BytesTotal)} at {Bytes((long)rate)}/s"
                : s.Phase;
            _pump.Report(new TransferProgress
            {
                ActivityId = _parentId,
                ParentActivityId = _overallId,
                Activity = s.Activity,
                StatusDescription = status,
                CurrentOperation = s.BytesTotal > 0 ? s.Phase : null,
                PercentComplete = s.BytesTotal > 0 ? (int)Math.Min(100, done * 100 / s.BytesTotal) : -1,
                SecondsRemaining = s.Remaining.HasValue ? (int)Math.Min(int.MaxValue, Math.Ceiling(s.Remaining.Value.TotalSeconds)) : -1,
                BytesDone = done,
                BytesTotal = s.BytesTotal,
                Completed = s.Completed,
            });
            foreach (var f in s.Files)
            {
                var id = _parentId + 1 + f.Index;
                var running = f.State == FileTransferState.Running || f.State == FileTransferState.Retrying;
                if (running)
                {
                    _shownChildren.Add(id);
                    _pump.Report(new TransferProgress
                    {
                        ActivityId = id,
                        ParentActivityId = _parentId,
                        Activity = f.Name,
                        StatusDescription = $"{Bytes(f.BytesDone)} of {Bytes(f.BytesTotal)} at {Bytes((long)f.BytesPerSecond)}/s",
                        PercentComplete = f.PercentComplete,
                        SecondsRemaining = f.BytesPerSecond > 0 ? (int)Math.Ceiling((f.BytesTotal - f.BytesDone) / f.BytesPerSecond) : -1,
                        BytesDone = f.BytesDone,
                        BytesTotal = f.BytesTotal,
                    });
                }
                else if (_shownChildren.Remove(id))
                {
                    _pump.Report(new TransferProgress { ActivityId = id, ParentActivityId = _parentId, Activity = f.Name, StatusDescription = "Done", Completed = true });
                }
            }
        }
    }

    internal static string Bytes(long b)
    {
        string[] units = { "B", "KB", "MB", "GB", "TB" };
        double v = b; int u = 0;
        while (v >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return v.ToString(u == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
