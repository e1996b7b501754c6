using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Tasks;

/// <summary>
/// Runtime leases: a vApp deployed with DeploymentLeaseInSeconds &gt; 0 is undeployed by the platform when the lease ends,
/// recorded as vapp/runtime_lease_expiry then one vm/change_state (POWERED_OFF, leaseExpiry, user system) per running VM.
/// </summary>
public static class Leases
{
    public static void ExpireDue(Simulation sim, DateTime now)
    {
        var store = sim.Store;
        List<SimVApp>? due = null;
        foreach (var a in store.VApps.Values)
            if (a.RuntimeLeaseExpiryUtc is { } exp && exp <= now && !sim.Tasks.IsBusy(a.Id, out _)) (due ??= new()).Add(a);
        if (due is null) return;
        foreach (var vapp in due)
        {
            var at = vapp.RuntimeLeaseExpiryUtc!.Value;
            vapp.RuntimeLeaseExpiryUtc = null;
            sim.Events.VAppRuntimeLeaseExpiry(vapp, at);
            var system = Actor.System(EntityRef.Of(store.Orgs[vapp.OrgId]));
            foreach (var vm in store.VmsOf(vapp))
            {
                if (!vm.Deployed) continue;
                var changed = vm.Status != VAppStatus.POWERED_OFF;
                vm.Status = VAppStatus.POWERED_OFF;
                vm.Deployed = false;
                if (changed) sim.Events.VmChangeState(vm, vapp, VAppStatus.POWERED_OFF, "leaseExpiry", system, at, null);
            }
            store.Touch();
        }
    }
}
