using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Api;

/// <summary>vCD power semantics: which VMs an action changes and into what (powered off ≠ undeployed).</summary>
public static class PowerRules
{
    public sealed record Change(SimVm Vm, VAppStatus State, bool Deployed, bool Record);

    /// <summary>
    /// Plans <paramref name="action"/> on <paramref name="vms"/>; returns the changes, or an error text when the action is not
    /// allowed in the current state. <paramref name="undeployAction"/> is UndeployPowerAction, <paramref name="deployPowerOn"/> DeployVAppParams@powerOn.
    /// </summary>
    public static (List<Change> Changes, string? Error, string Label) Plan(string action, IReadOnlyList<SimVm> vms,
        string? undeployAction = null, bool deployPowerOn = true)
    {
        var changes = new List<Change>();
        switch (action)
        {
            case "powerOn":
                foreach (var vm in vms.Where(v => v.Status != VAppStatus.POWERED_ON)) changes.Add(new(vm, VAppStatus.POWERED_ON, true, true));
                return (changes, changes.Count == 0 ? "is already powered on" : null, "powerOn");
            case "powerOff":
                foreach (var vm in vms.Where(v => v.Status is VAppStatus.POWERED_ON or VAppStatus.SUSPENDED)) changes.Add(new(vm, VAppStatus.POWERED_OFF, true, true));
                return (changes, changes.Count == 0 ? "is not powered on" : null, "powerOff");
            case "shutdown":
                foreach (var vm in vms.Where(v => v.Status == VAppStatus.POWERED_ON)) changes.Add(new(vm, VAppStatus.POWERED_OFF, true, true));
                return (changes, changes.Count == 0 ? "is not powered on" : null, "shutdown");
            case "suspend":
                foreach (var vm in vms.Where(v => v.Status == VAppStatus.POWERED_ON)) changes.Add(new(vm, VAppStatus.SUSPENDED, true, true));
                return (changes, changes.Count == 0 ? "is not powered on" : null, "suspend");
            case "reset":
                foreach (var vm in vms.Where(v => v.Status == VAppStatus.POWERED_ON)) changes.Add(new(vm, VAppStatus.POWERED_ON, true, true));
                return (changes, changes.Count == 0 ? "is not powered on" : null, "reset");
            case "reboot":
                foreach (var vm in vms.Where(v => v.Status == VAppStatus.POWERED_ON)) changes.Add(new(vm, VAppStatus.POWERED_ON, true, false));
                return (changes, changes.Count == 0 ? "is not powered on" : null, "reboot");
            case "deploy":
                foreach (var vm in vms)
                {
                    if (deployPowerOn && vm.Status != VAppStatus.POWERED_ON) changes.Add(new(vm, VAppStatus.POWERED_ON, true, true));
                    else if (!vm.Deployed) changes.Add(new(vm, vm.Status, true, false));
                }
                return (changes, changes.Count == 0 ? "is already deployed" : null, "deploy");
            case "undeploy":
                var target = undeployAction == "suspend" ? VAppStatus.SUSPENDED : VAppStatus.POWERED_OFF;
                foreach (var vm in vms.Where(v => v.Deployed))
                {
                    var newState = vm.Status == VAppStatus.POWERED_ON ? target : vm.Status;
                    changes.Add(new(vm, newState, false, newState != vm.Status));
                }
                return (changes, changes.Count == 0 ? "is not deployed" : null, "undeploy");
            case "discardSuspendedState":
                foreach (var vm in vms.Where(v => v.Status == VAppStatus.SUSPENDED)) changes.Add(new(vm, VAppStatus.POWERED_OFF, vm.Deployed, true));
                return (changes, changes.Count == 0 ? "is not suspended" : null, "powerOff");
            default:
                return (changes, "unknown action", action);
        }
    }
}
