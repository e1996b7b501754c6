using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets
{
    /// <summary>
    /// Base of every VCloudPS cmdlet: -Server resolution, a CancellationToken cancelled by Ctrl+C (StopProcessing),
    /// running Core work off the pipeline thread while pumping its progress and messages onto it, and error helpers.
    /// </summary>
    public abstract class VCloudCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private Action<string>? _previousTraceSink;

        /// <summary>The connection(s) to use; the most recent Connect-VCloud when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public VCloudConnection[]? Server { get; set; }

        protected CancellationToken CancellationToken => _cts.Token;

        /// <summary>Progress and messages from background work, written on the pipeline thread.</summary>
        protected ProgressPump Pump { get; } = new ProgressPump();

        protected override void BeginProcessing()
        {
            // Core's request log (method, path, status, timing; never secrets) goes to -Verbose via the pump.
            _previousTraceSink = VCloudTrace.Sink;
            var pump = Pump;
            VCloudTrace.Sink = pump.Verbose;
            base.BeginProcessing();
        }

        protected override void EndProcessing()
        {
            Pump.CompleteAll(this);
            VCloudTrace.Sink = _previousTraceSink;
            base.EndProcessing();
        }

        protected override void StopProcessing()
        {
            _cts.Cancel();
            VCloudTrace.Sink = _previousTraceSink;
            base.StopProcessing();
        }

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

        private VCloudConnection EnsureOpen(VCloudConnection c)
        {
            if (!c.IsConnected)
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The connection to {c.Server.Authority} is closed. Run Connect-VCloud again."),
                    "ConnectionClosed", ErrorCategory.ConnectionError, c));
            return c;
        }

        /// <summary>
        /// Runs async Core work on the thread pool and blocks until it ends, writing its queued progress and messages
        /// on this (pipeline) thread meanwhile; rethrows its exception unwrapped.
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var sink = VCloudTrace.Sink;
            var task = Task.Run(() =>
            {
                VCloudTrace.Sink = sink;
                return work(CancellationToken);
            });
            var wait = (IAsyncResult)task;
            while (!wait.AsyncWaitHandle.WaitOne(100))
                Pump.Drain(this);
            Pump.Drain(this);
            return task.GetAwaiter().GetResult();
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

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
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteVCloudError(ex, target);
                return false;
            }
        }

        /// <summary>A progress callback for task waits that posts to the pump.</summary>
        protected IProgress<int> TaskProgress(int activityId, string activity, string status, int parentId = -1) =>
            new Progress(Pump, activityId, activity, status, parentId);

        private sealed class Progress : IProgress<int>
        {
            private readonly ProgressPump _pump;
            private readonly int _id;
            private readonly string _activity;
            private readonly string _status;
            private readonly int _parent;

            public Progress(ProgressPump pump, int id, string activity, string status, int parent)
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
}
