using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Background work posts progress snapshots and messages here (any thread); the pipeline thread drains them with
/// <see cref="Drain"/> and writes them. Progress is throttled to ~4 updates per second per activity; Completed
/// records always get through.
/// </summary>
public sealed class ProgressPump : IProgress<TransferProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentQueue<TransferProgress> _progress = new ConcurrentQueue<TransferProgress>();
    private readonly ConcurrentQueue<KeyValuePair<MessageKind, string>> _messages = new ConcurrentQueue<KeyValuePair<MessageKind, string>>();
    private readonly Dictionary<int, TimeSpan> _lastWritten = new Dictionary<int, TimeSpan>();
    private readonly Dictionary<int, TransferProgress> _pending = new Dictionary<int, TransferProgress>();
    private readonly HashSet<int> _open = new HashSet<int>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public enum MessageKind { Verbose, Debug, Warning }

    public void Report(TransferProgress value)
    {
        if (value != null) _progress.Enqueue(value.Clone());
    }

    public void Post(TransferProgress value) => Report(value);

    /// <summary>Takes the oldest queued progress record without writing it (tests).</summary>
    internal bool TryTake(out TransferProgress value) => _progress.TryDequeue(out value!);

    public void Verbose(string message) => _messages.Enqueue(new KeyValuePair<MessageKind, string>(MessageKind.Verbose, message));
    public void Debug(string message) => _messages.Enqueue(new KeyValuePair<MessageKind, string>(MessageKind.Debug, message));
    public void Warning(string message) => _messages.Enqueue(new KeyValuePair<MessageKind, string>(MessageKind.Warning, message));

    /// <summary>Writes queued messages and (throttled) progress. Call on the pipeline thread only.</summary>
    public void Drain(Cmdlet cmdlet, bool flush = false)
    {
        while (_messages.TryDequeue(out var m))
        {
            switch (m.Key)
            {
                case MessageKind.Verbose: cmdlet.WriteVerbose(m.Value); break;
                case MessageKind.Debug: cmdlet.WriteDebug(m.Value); break;
                case MessageKind.Warning: cmdlet.WriteWarning(m.Value); break;
            }
        }
        while (_progress.TryDequeue(out var p))
        {
            if (p.Completed)
            {
                _pending.Remove(p.ActivityId);
                _open.Remove(p.ActivityId);
                Write(cmdlet, p);
                continue;
            }
            _pending[p.ActivityId] = p;
        }
        var now = _clock.Elapsed;
        foreach (var id in new List<int>(_pending.Keys))
        {
            if (!flush && _lastWritten.TryGetValue(id, out var last) && now - last < Interval) continue;
            var p = _pending[id];
            _pending.Remove(id);
            _lastWritten[id] = now;
            _open.Add(id);
            Write(cmdlet, p);
        }
    }

    /// <summary>Sends Completed for every activity still shown (e.g. after a failure).</summary>
    public void CompleteAll(Cmdlet cmdlet)
    {
        Drain(cmdlet, flush: true);
        foreach (var id in new List<int>(_open))
        {
            _open.Remove(id);
            var rec = new ProgressRecord(id, "VCloudPS", "Done") { RecordType = ProgressRecordType.Completed };
            cmdlet.WriteProgress(rec);
        }
    }

    private static void Write(Cmdlet cmdlet, TransferProgress p)
    {
        var rec = new ProgressRecord(p.ActivityId, string.IsNullOrEmpty(p.Activity) ? "VCloudPS" : p.Activity,
            string.IsNullOrEmpty(p.StatusDescription) ? "Working" : p.StatusDescription)
        {
            PercentComplete = Math.Max(-1, Math.Min(100, p.PercentComplete)),
            SecondsRemaining = p.SecondsRemaining,
            CurrentOperation = p.CurrentOperation,
            ParentActivityId = p.ParentActivityId,
            RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        cmdlet.WriteProgress(rec);
    }
}
