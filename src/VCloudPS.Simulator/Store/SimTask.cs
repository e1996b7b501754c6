namespace VCloudPS.Simulator.Store;

public static class TaskStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Success = "success";
    public const string Error = "error";
    public const string Aborted = "aborted";

    public static bool IsDone(string s) => s is Success or Error or Aborted;
}

/// <summary>A vCD task. Mutated only under <see cref="SimStore.Sync"/>.</summary>
public sealed class SimTask
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public long Seq { get; set; }
    public string Urn => Ids.Urn(EntityKind.Task, Id);
    public string OperationName { get; set; } = "";
    public string Operation { get; set; } = "";
    public string Status { get; set; } = TaskStatus.Queued;
    public int Progress { get; set; }
    public DateTime StartUtc { get; set; }
    /// <summary>Simulated instant the task leaves <c>queued</c>.</summary>
    public DateTime RunningFromUtc { get; set; }
    /// <summary>Simulated instant an automatic task completes (null for manual tasks).</summary>
    public DateTime? DueUtc { get; set; }
    public DateTime? EndUtc { get; set; }
    public DateTime ExpiryUtc { get; set; }
    public bool CancelRequested { get; set; }
    public bool Cancelable { get; set; } = true;
    public EntityRef Owner { get; set; } = EntityRef.None;
    public EntityRef User { get; set; } = EntityRef.None;
    public EntityRef Org { get; set; } = EntityRef.None;
    public string? ErrorMessage { get; set; }
    public string ErrorMinorCode { get; set; } = "INTERNAL_SERVER_ERROR";
    public int ErrorMajorCode { get; set; } = 500;
    /// <summary>Entities marked busy while the task runs (released when it ends).</summary>
    public List<EntityRef> Locks { get; } = new();
    /// <summary>Fail at completion instead of succeeding (fault injection or a planned failure).</summary>
    public string? PlannedFailure { get; set; }
    /// <summary>Never completes by itself (fault kind "hang", or tasks finished by transfer code).</summary>
    public bool Manual { get; set; }
    /// <summary>False while the task waits in the queue for an org operation slot.</summary>
    public bool Admitted { get; set; } = true;
    /// <summary>Simulated run time, applied when the task is admitted.</summary>
    public TimeSpan Duration { get; set; }
    internal Action<TaskCompletion>? OnSuccess { get; set; }
    internal Action<TaskCompletion>? OnFailure { get; set; }
}

/// <summary>What a completion callback receives.</summary>
public sealed class TaskCompletion
{
    public required SimTask Task { get; init; }
    public required SimStore Store { get; init; }
    /// <summary>Simulated time of completion (the task's end time).</summary>
    public required DateTime At { get; init; }
}

/// <summary>A typed reference to an entity as it appears in Owner/User/Organization elements and events.</summary>
public sealed record EntityRef(EntityKind Kind, Guid Id, string Name, bool VmInTemplate = false)
{
    public static readonly EntityRef None = new(EntityKind.Org, Guid.Empty, "");
    public string Urn => Ids.Urn(Kind, Id);
    public string Path => Ids.Path(Kind, Id, VmInTemplate);
    public bool IsNone => Id == Guid.Empty;

    public static EntityRef Of(SimEntity e) => new(e.Kind, e.Id, e.Name, e is SimVm vm && vm.InTemplate);
}
