using System.Text;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Clock;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Tasks;

/// <summary>What to start. <see cref="Locks"/> are the entities marked busy (the owner is always locked).</summary>
public sealed class TaskRequest
{
    public required string OperationName { get; init; }
    public required string Operation { get; init; }
    public required EntityRef Owner { get; init; }
    public required Actor Actor { get; init; }
    public IReadOnlyList<EntityRef> Locks { get; init; } = Array.Empty<EntityRef>();
    /// <summary>Simulated duration; null = the runner's default (random 0.2–1.5 s unless configured).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Never completes by itself; finish it with <see cref="TaskRunner.Complete"/> / <see cref="TaskRunner.Fail"/>.</summary>
    public bool Manual { get; init; }
    /// <summary>Fail at completion with this message (fault injection passes it here).</summary>
    public string? FailWith { get; init; }
    public bool Cancelable { get; init; } = true;
    /// <summary>Applies the state change. Runs inside the store lock at the task's simulated end time.</summary>
    public Action<TaskCompletion>? OnSuccess { get; init; }
    /// <summary>Runs inside the lock when the task ends in error or is aborted (Task.Status tells which).</summary>
    public Action<TaskCompletion>? OnFailure { get; init; }
}

/// <summary>
/// Creates tasks, keeps entities busy while they run and advances them with the simulated clock:
/// queued (first ~15 %) → running (Progress grows) → success/error. A background timer and every read (<see cref="Tick"/>)
/// complete due tasks, so tasks finish promptly in real time while the clock runs and never while it is frozen.
/// </summary>
public sealed class TaskRunner : IDisposable
{
    private readonly SimStore _store;
    private readonly ISimClock _clock;
    private readonly Dictionary<Guid, SimTask> _busy = new();        // entity id -> task
    private readonly List<SimTask> _active = new();
    private readonly Timer _timer;
    private readonly Random _random = new(20261126);

    public TaskRunner(SimStore store, ISimClock clock, TimeSpan? fixedDuration = null)
    {
        _store = store;
        _clock = clock;
        FixedDuration = fixedDuration;
        _timer = new Timer(_ => SafeTick(), null, 50, 50);
        _clock.Changed += SafeTick;
    }

    /// <summary>When set, every automatic task takes exactly this long (tests).</summary>
    public TimeSpan? FixedDuration { get; set; }
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Starts a task (call inside the store lock). Throws 400 BUSY_ENTITY if any lock is held.</summary>
    public SimTask Start(TaskRequest request)
    {
        var locks = new List<EntityRef> { request.Owner };
        foreach (var l in request.Locks) if (!locks.Any(x => x.Id == l.Id)) locks.Add(l);
        foreach (var l in locks) ThrowIfBusy(l);

        var now = _clock.UtcNow;
        var duration = request.Duration ?? FixedDuration ??
            MinDuration + TimeSpan.FromMilliseconds(_random.NextDouble() * (MaxDuration - MinDuration).TotalMilliseconds);
        var admitted = true;
        if (!request.Manual && (_store.OrgOf(request.Owner) ?? (_store.Orgs.TryGetValue(request.Actor.Org.Id, out var ao) ? ao : null)) is { OperationsPerOrg: > 0 } org)
        {
            var running = _active.Count(t => t.Org.Id == org.Id && !t.Manual && t.Admitted);
            var queued = _active.Count(t => t.Org.Id == org.Id && !t.Admitted);
            admitted = running < org.OperationsPerOrg;
            if (!admitted && org.QueuedOperationsPerOrg > 0 && queued >= org.QueuedOperationsPerOrg)
                throw ApiException.BadRequest(
                    $"The operation cannot be performed: organization \"{org.Name}\" already has {queued} queued operations (limit {org.QueuedOperationsPerOrg}).");
        }
        var task = new SimTask
        {
            OperationName = request.OperationName,
            Operation = request.Operation,
            Status = TaskStatus.Queued,
            StartUtc = now,
            RunningFromUtc = admitted ? now + TimeSpan.FromTicks(duration.Ticks * 15 / 100) : DateTime.MaxValue,
            DueUtc = request.Manual || !admitted ? null : now + duration,
            Admitted = admitted,
            Duration = duration,
            ExpiryUtc = now.AddDays(90),
            Owner = request.Owner,
            User = request.Actor.User,
            Org = _store.OrgOf(request.Owner) is { } ownerOrg ? EntityRef.Of(ownerOrg) : request.Actor.Org,
            Manual = request.Manual,
            PlannedFailure = request.FailWith,
            Cancelable = request.Cancelable,
            OnSuccess = request.OnSuccess,
            OnFailure = request.OnFailure,
        };
        task.Locks.AddRange(locks);
        _store.AddTask(task);
        foreach (var l in locks) _busy[l.Id] = task;
        _active.Add(task);
        Advance(task, now);
        return task;
    }

    public bool IsBusy(Guid entityId, out SimTask? task)
    {
        if (_busy.TryGetValue(entityId, out var t) && !TaskStatus.IsDone(t.Status)) { task = t; return true; }
        task = null;
        return false;
    }

    /// <summary>The running task of an entity, for embedding in its XML (null when idle).</summary>
    public SimTask? RunningTaskOf(Guid entityId) => IsBusy(entityId, out var t) ? t : null;

    public void ThrowIfBusy(EntityRef entity)
    {
        if (!IsBusy(entity.Id, out var t)) return;
        var op = UpperSnake(t!.OperationName);
        throw new ApiException(400, "BUSY_ENTITY",
            $"The entity Ref: {Ids.EntityTypeName(entity.Kind)}:{entity.Id} is busy completing an operation {op}. " +
            $"{op}(com.vmware.vcloud.entity.task:{t.Id})");
    }

    /// <summary>Finishes a manual (or any running) task successfully now (call inside the lock).</summary>
    public void Complete(SimTask task) => Finish(task, _clock.UtcNow, TaskStatus.Success, null);

    /// <summary>Ends a task in error with vCD's Error shape (call inside the lock).</summary>
    public void Fail(SimTask task, string message) => Finish(task, _clock.UtcNow, TaskStatus.Error, message);

    public void SetProgress(SimTask task, int percent)
    {
        if (TaskStatus.IsDone(task.Status)) return;
        if (task.Status == TaskStatus.Queued) task.Status = TaskStatus.Running;
        task.Progress = Math.Clamp(percent, 0, 100);
        _store.Touch();
    }

    /// <summary>POST /api/task/{id}/action/cancel: aborts a running task; completed tasks are left alone.</summary>
    public void Cancel(SimTask task)
    {
        if (TaskStatus.IsDone(task.Status)) return;
        task.CancelRequested = true;
        if (!task.Cancelable) return;
        Finish(task, _clock.UtcNow, TaskStatus.Aborted, "The task was canceled by the user.");
    }

    /// <summary>Advances every active task to the current simulated time. Safe to call often.</summary>
    public void Tick()
    {
        lock (_store.Sync)
        {
            var now = _clock.UtcNow;
            if (_active.Count > 0)
            {
                foreach (var t in _active.ToArray()) Advance(t, now);
                AdmitQueued(now);
            }
            Ticked?.Invoke(now);
        }
    }

    /// <summary>Raised inside the store lock on every tick with the simulated now (time-driven platform behaviour).</summary>
    public event Action<DateTime>? Ticked;

    /// <summary>Starts queued tasks (FIFO per org) as operation slots free up.</summary>
    private void AdmitQueued(DateTime now)
    {
        foreach (var waiting in _active.Where(t => !t.Admitted).GroupBy(t => t.Org.Id).ToList())
        {
            if (!_store.Orgs.TryGetValue(waiting.Key, out var org)) continue;
            var running = _active.Count(t => t.Org.Id == org.Id && !t.Manual && t.Admitted);
            foreach (var t in waiting.OrderBy(t => t.Seq))
            {
                if (org.OperationsPerOrg > 0 && running >= org.OperationsPerOrg) break;
                t.Admitted = true;
                t.RunningFromUtc = now + TimeSpan.FromTicks(t.Duration.Ticks * 15 / 100);
                t.DueUtc = now + t.Duration;
                running++;
                _store.Touch();
            }
        }
    }

    private void SafeTick()
    {
        try { Tick(); } catch { /* a failing completion callback must not kill the timer */ }
    }

    private void Advance(SimTask t, DateTime now)
    {
        if (TaskStatus.IsDone(t.Status)) { _active.Remove(t); return; }
        if (t.DueUtc is { } due && now >= due)
        {
            Finish(t, due, t.PlannedFailure is null ? TaskStatus.Success : TaskStatus.Error, t.PlannedFailure);
            return;
        }
        if (now < t.RunningFromUtc) return;
        if (t.Status == TaskStatus.Queued) { t.Status = TaskStatus.Running; _store.Touch(); }
        if (t.DueUtc is { } d2)
        {
            var runStart = d2 - t.Duration;
            var total = t.Duration.Ticks;
            var p = total <= 0 ? 99 : (int)Math.Max(0, Math.Min(99, (now - runStart).Ticks * 100 / total));
            if (p != t.Progress) t.Progress = p;
        }
    }

    private void Finish(SimTask t, DateTime at, string status, string? error)
    {
        if (TaskStatus.IsDone(t.Status)) return;
        t.Status = status;
        t.EndUtc = at;
        if (status == TaskStatus.Success) t.Progress = 100;
        if (error != null)
        {
            t.ErrorMessage = error;
            if (status == TaskStatus.Aborted) { t.ErrorMinorCode = "TASK_CANCELED"; t.ErrorMajorCode = 500; }
        }
        foreach (var l in t.Locks)
            if (_busy.TryGetValue(l.Id, out var owner) && owner == t) _busy.Remove(l.Id);
        _active.Remove(t);
        var completion = new TaskCompletion { Task = t, Store = _store, At = at };
        try
        {
            if (status == TaskStatus.Success) t.OnSuccess?.Invoke(completion);
            else t.OnFailure?.Invoke(completion);
        }
        catch (Exception ex)
        {
            if (status == TaskStatus.Success) { t.Status = TaskStatus.Error; t.ErrorMessage = ex.Message; }
        }
        t.OnSuccess = null;
        t.OnFailure = null;
        _store.Touch();
    }

    /// <summary>vappDeploy → VAPP_DEPLOY (busy-entity messages use this form).</summary>
    public static string UpperSnake(string camel)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        _clock.Changed -= SafeTick;
        _timer.Dispose();
    }
}
