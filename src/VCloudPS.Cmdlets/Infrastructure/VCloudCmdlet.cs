using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// What every VCloudPS cmdlet shares, with or without a connection (Connect-VCloud and the simulator cmdlets
/// derive from this directly): a CancellationToken cancelled by Ctrl+C (StopProcessing), running Core work off
/// the pipeline thread while pumping its progress and messages onto it, and error helpers.
/// </summary>
public abstract partial class VCloudCmdletBase : PSCmdlet
{
    private readonly CancellationTokenSource _cts = new CancellationTokenSource();

    protected CancellationToken CancellationToken => _cts.Token;

    /// <summary>Progress and messages from background work, written on the pipeline thread.</summary>
    protected ProgressPump Pump { get; } = new ProgressPump();

    protected override void EndProcessing()
    {
        Pump.CompleteAll(this);
        base.EndProcessing();
    }

    protected override void StopProcessing()
    {
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { }   // Ctrl+C as the pipeline ended: nothing left to cancel
        base.StopProcessing();
    }

    /// <summary>
    /// Runs async Core work on the thread pool and blocks until it ends, writing its queued progress and messages
    /// (Core's request log goes to -Verbose) on this pipeline thread meanwhile; rethrows its exception unwrapped.
    /// </summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var pump = Pump;
        var task = Task.Run(() =>
        {
            VCloudTrace.Sink = pump.Verbose;
            return work(CancellationToken);
        });
        var wait = (IAsyncResult)task;
        try
        {
            while (!wait.AsyncWaitHandle.WaitOne(100))
                Pump.Drain(this);
            Pump.Drain(this);
        }
        catch (PipelineStoppedException)
        {   // Ctrl+C: let the cancelled work finish its cleanup (partial files, half-made entities) before returning.
            try { task.Wait(TimeSpan.FromSeconds(60)); } catch (AggregateException) { }
            throw;
        }
        return task.GetAwaiter().GetResult();
    }

    protected void Run(Func<CancellationToken, Task> work) =>
        Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

    /// <summary>
    /// Enumerates a lazy Core sequence (e.g. query pages) on the pipeline thread, with Core's request log going to
    /// this cmdlet's -Verbose; each item is yielded as soon as it exists.
    /// </summary>
    protected IEnumerable<T> Stream<T>(IEnumerable<T> source)
    {
        using var e = source.GetEnumerator();
        while (true)
        {
            var previous = VCloudTrace.Sink;
            VCloudTrace.Sink = Pump.Verbose;
            bool more;
            try { more = e.MoveNext(); }
            finally { VCloudTrace.Sink = previous; }
            Pump.Drain(this);
            if (!more) yield break;
            yield return e.Current;
        }
    }

    /// <summary>Writes a non-terminating error for one failed item (Kind → ErrorCategory, stable ErrorId).</summary>
    protected void WriteVCloudError(Exception ex, object? target)
    {
        Pump.Drain(this);
        WriteError(ErrorCategories.ToErrorRecord(ex, target));
    }

    /// <summary>Stops the whole command: use only when nothing else can proceed.</summary>
    protected void ThrowVCloudError(Exception ex, object? target)
    {
        Pump.CompleteAll(this);
        ThrowTerminatingError(ErrorCategories.ToErrorRecord(ex, target));
    }

    /// <summary>True when the exception is the user pressing Ctrl+C (then nothing should be reported).</summary>
    protected bool IsStopping(Exception ex) =>
        _cts.IsCancellationRequested && ErrorCategories.Unwrap(ex) is OperationCanceledException;

    /// <summary>Runs a piece of per-item work, turning failures into non-terminating errors.</summary>
    protected bool TryRun(object? target, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (IsStopping(ex))
        {
            throw new PipelineStoppedException();
        }
        catch (Exception ex)
        {
            WriteVCloudError(ex, target);
            return false;
        }
    }

    /// <summary>A progress callback for task waits that posts to the pump.</summary>
    protected IProgress<int> TaskProgress(int activityId, string activity, string status, int parentId = -1) =>
        new PercentProgress(Pump, activityId, activity, status, parentId);

    /// <summary>Sends the Completed record of one activity.</summary>
    protected void CompleteProgress(int activityId, string activity) =>
        Pump.Report(new TransferProgress { ActivityId = activityId, Activity = activity, StatusDescription = "Done", Completed = true });

    private sealed class PercentProgress : IProgress<int>
    {
        private readonly ProgressPump _pump;
        private readonly int _id;
        private readonly string _activity;
        private readonly string _status;
        private readonly int _parent;

        public PercentProgress(ProgressPump pump, int id, string activity, string status, int parent)
        {
            _pump = pump; _id = id; _activity = activity; _status = status; _parent = parent;
        }

        public void Report(int value) => _pump.Report(new TransferProgress
        {
            ActivityId = _id, Activity = _activity, StatusDescription = _status + $" ({value} %)",
            PercentComplete = value, ParentActivityId = _parent,
        });
    }

    protected static string Describe(VCloudEntity e) => string.IsNullOrEmpty(e.Name) ? e.Href : e.Name;
}

/// <summary>
/// Base of every cmdlet that talks to a connected server: adds -Server (one or more connection objects; the most
/// recent Connect-VCloud when omitted) and its resolution.
/// </summary>
public abstract class VCloudCmdlet : VCloudCmdletBase
{
    /// <summary>The connection(s) to use; the most recent Connect-VCloud when omitted.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConnectionCompleter))]
    [ConnectionTransformation]
    [ValidateNotNullOrEmpty]
    public VCloudConnection[]? Server { get; set; }

    /// <summary>
    /// The connection for this call: the object's own connection when it came from the pipeline, else -Server
    /// (its first element), else the default. Terminates when there is none.
    /// </summary>
    protected VCloudConnection ResolveConnection(VCloudConnection? fromPipelineObject = null)
    {
        if (fromPipelineObject != null && (Server == null || Server.Length == 0 || Server.Contains(fromPipelineObject)))
            return EnsureOpen(fromPipelineObject);
        if (Server != null && Server.Length > 0) return EnsureOpen(Server[0]);
        var d = ConnectionRegistry.Default;
        if (d == null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Not connected to any vCloud Director server. Run Connect-VCloud first, or pass -Server."),
                "NotConnected", ErrorCategory.ConnectionError, null));
        }
        return EnsureOpen(d!);
    }

    /// <summary>Every connection the call applies to (-Server may name several), or the default one.</summary>
    protected IReadOnlyList<VCloudConnection> ResolveConnections()
    {
        if (Server != null && Server.Length > 0) return Server.Select(EnsureOpen).ToList();
        return new[] { ResolveConnection() };
    }

    /// <summary>How long to wait for a server task: -TimeoutSec when the user gave it, else the first of the
    /// connections' -TaskTimeoutSec, else <paramref name="timeoutSec"/>'s default.</summary>
    protected TimeSpan TaskTimeoutFor(int timeoutSec, params VCloudConnection?[] connections)
    {
        if (MyInvocation.BoundParameters.ContainsKey("TimeoutSec")) return TimeSpan.FromSeconds(timeoutSec);
        foreach (var c in connections)
            if (c?.TaskTimeout != null) return c.TaskTimeout.Value;
        return TimeSpan.FromSeconds(timeoutSec);
    }

    /// <summary>True when -Server names more than one connection: listed objects then show their Server.</summary>
    protected bool SpansServers => Server != null && Server.Distinct().Count() > 1;

    /// <summary>
    /// Writes a listed object; when the call spans several servers it is marked &lt;Type&gt;#Server so that its
    /// default table view (module/formats) starts with a Server column.
    /// </summary>
    protected void WriteEntity(VCloudEntity entity)
    {
        if (!SpansServers) { WriteObject(entity); return; }
        var wrapped = new PSObject(entity);
        wrapped.TypeNames.Insert(0, entity.GetType().FullName + "#Server");
        WriteObject(wrapped);
    }

    private VCloudConnection EnsureOpen(VCloudConnection c)
    {
        if (c.IsClosed)
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"The connection to {c.Server.Authority} is closed. Run Connect-VCloud again."),
                "ConnectionClosed", ErrorCategory.ConnectionError, c));
        return c;
    }
}
