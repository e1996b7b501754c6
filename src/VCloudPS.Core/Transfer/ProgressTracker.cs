using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace VCloudPS.Core.Transfer;

/// <summary>Thread-safe byte accounting for the files of one transfer. Workers call <see cref="Add"/>; snapshots are
/// pushed to the sink at most every <see cref="Interval"/> (and always on state changes and at the end), so a
/// 1 MiB-buffer loop never floods the host.</summary>
public sealed class ProgressTracker
{
    private readonly object _gate = new object();
    private readonly string _activity;
    private readonly IProgress<TransferSnapshot>? _sink;
    private readonly string[] _names;
    private readonly long[] _totals;
    private readonly long[] _done;
    private readonly FileTransferState[] _states;
    private readonly Stopwatch[] _fileClocks;
    private readonly long[] _fileStartBytes;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastPushTicks = long.MinValue;
    private string _phase;

    public ProgressTracker(string activity, IReadOnlyList<(string name, long size)> files, IProgress<TransferSnapshot>? sink, string phase = "")
    {
        _activity = activity; _sink = sink; _phase = phase;
        _names = new string[files.Count]; _totals = new long[files.Count]; _done = new long[files.Count];
        _states = new FileTransferState[files.Count]; _fileClocks = new Stopwatch[files.Count]; _fileStartBytes = new long[files.Count];
        for (int i = 0; i < files.Count; i++) { _names[i] = files[i].name; _totals[i] = files[i].size; _fileClocks[i] = new Stopwatch(); }
    }

    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan Elapsed => _clock.Elapsed;

    public long TotalDone { get { lock (_gate) { long t = 0; foreach (var d in _done) t += d; return t; } } }

    public void SetPhase(string phase) { lock (_gate) _phase = phase; Push(force: true); }

    public void SetState(int file, FileTransferState state)
    {
        lock (_gate)
        {
            if (state == FileTransferState.Running && !_fileClocks[file].IsRunning) { _fileClocks[file].Start(); _fileStartBytes[file] = _done[file]; }
            if (state == FileTransferState.Completed || state == FileTransferState.Failed) _fileClocks[file].Stop();
            _states[file] = state;
        }
        Push(force: true);
    }

    /// <summary>Adds (or, after a restart from an earlier offset, subtracts) bytes of one file.</summary>
    public void Add(int file, long delta)
    {
        lock (_gate) _done[file] += delta;
        Push(force: false);
    }

    /// <summary>Sets the byte count of a file (resume from a server-reported offset).</summary>
    public void Set(int file, long done)
    {
        lock (_gate) _done[file] = done;
        Push(force: false);
    }

    public void Complete() => Push(force: true, completed: true);

    private void Push(bool force, bool completed = false)
    {
        if (_sink == null) return;
        TransferSnapshot snapshot;
        lock (_gate)
        {
            var now = _clock.ElapsedTicks;
            if (!force && _lastPushTicks != long.MinValue && now - _lastPushTicks < Interval.TotalSeconds * Stopwatch.Frequency) return;
            _lastPushTicks = now;
            long done = 0, total = 0;
            var files = new List<FileTransferSnapshot>(_names.Length);
            for (int i = 0; i < _names.Length; i++)
            {
                done += _done[i]; total += _totals[i];
                var secs = _fileClocks[i].Elapsed.TotalSeconds;
                var rate = secs > 0.05 ? (_done[i] - _fileStartBytes[i]) / secs : 0;
                files.Add(new FileTransferSnapshot(i, _names[i], _done[i], _totals[i], rate, _states[i]));
            }
            var elapsed = _clock.Elapsed.TotalSeconds;
            var bps = elapsed > 0.05 ? done / elapsed : 0;
            TimeSpan? eta = bps > 0 && total >= done ? TimeSpan.FromSeconds((total - done) / bps) : (TimeSpan?)null;
            snapshot = new TransferSnapshot(_activity, _phase, done, total, bps, eta, files, completed);
        }
        _sink.Report(snapshot);
    }
}
