using VCloudPS.Simulator.Store;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.History;

/// <summary>
/// Writes past operations (seeds, generators): completed tasks plus the events the live API would have recorded.
/// </summary>
public sealed class HistoryWriter
{
    private readonly SimStore _store;
    private readonly EventRecorder _events;

    public HistoryWriter(SimStore store, EventRecorder events)
    {
        _store = store;
        _events = events;
    }

    /// <summary>A completed task ending at <paramref name="end"/> (started a few seconds earlier).</summary>
    public SimTask PastTask(string operationName, string operation, EntityRef owner, Actor actor, DateTime end, bool success = true)
    {
        var t = new SimTask
        {
            OperationName = operationName,
            Operation = operation,
            Status = success ? TaskStatus.Success : TaskStatus.Error,
            Progress = success ? 100 : 0,
            StartUtc = end.AddSeconds(-4),
            RunningFromUtc = end.AddSeconds(-3),
            DueUtc = end,
            EndUtc = end,
            ExpiryUtc = end.AddDays(90),
            Owner = owner,
            User = actor.User,
            Org = actor.Org,
            Cancelable = false,
            ErrorMessage = success ? null : "The operation failed.",
        };
        _store.AddTask(t);
        return t;
    }

    public static string PowerOperationName(string powerAction, VAppStatus state) => powerAction switch
    {
        "powerOn" or "deploy" => "vappDeploy",
        "powerOff" => "vappPowerOff",
        "shutdown" => "vappShutdownGuest",
        "suspend" => "vappSuspend",
        "reset" => "vappReset",
        "reboot" => "vappRebootGuest",
        "undeploy" => "vappUndeployPowerOff",
        _ => state == VAppStatus.POWERED_ON ? "vappDeploy" : "vappPowerOff",
    };

    /// <summary>A vApp-level power operation on some VMs: one task (unless system), one change_state per VM.</summary>
    public void Power(SimVApp vapp, IEnumerable<SimVm> vms, VAppStatus state, string powerAction, Actor actor, DateTime at,
        bool withTask, bool success = true)
    {
        string? taskUrn = null;
        if (withTask)
            taskUrn = PastTask(PowerOperationName(powerAction, state), $"{Verb(powerAction)} Virtual Application {vapp.Name}({vapp.Id})",
                EntityRef.Of(vapp), actor, at, success).Urn;
        foreach (var vm in vms) _events.VmChangeState(vm, vapp, state, powerAction, actor, at, taskUrn, success);
    }

    public static string Verb(string powerAction) => powerAction switch
    {
        "powerOn" => "Starting",
        "deploy" => "Starting",
        "powerOff" => "Stopping",
        "shutdown" => "Shutting down",
        "suspend" => "Suspending",
        "reset" => "Resetting",
        "reboot" => "Rebooting",
        "undeploy" => "Undeploying",
        _ => "Updating",
    };
}
