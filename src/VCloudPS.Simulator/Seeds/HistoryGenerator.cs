using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Seeds;

/// <summary>
/// Deterministic, realistic history for one vApp between its creation and now: power-on after creation, owner
/// power-off periods (with tasks, sometimes inside maintenance mode), unplanned single-VM outages by <c>system</c>
/// (some shorter than a minute), and final power operations so the last event of every VM matches its current state.
/// The VMs' creation events are written by the loader before this runs.
/// </summary>
public static class HistoryGenerator
{
    public static void Generate(Simulation sim, HistoryWriter writer, SimVApp vapp, DateTime windowStart, DateTime now, Random rng,
        int maxOwnerOffs = 2, int maxOutages = 2)
    {
        var store = sim.Store;
        var owner = SeedLoader.OwnerActor(store, vapp);
        var system = Actor.System(owner.Org);
        var vms = store.VmsOf(vapp).ToList();
        if (vms.Count == 0) return;

        if (vapp.PublicIpCount > 0)
        {
            var ipTask = writer.PastTask("vdcUpdateVappNetworkSection", $"Updating network of vApp {vapp.Name}", EntityRef.Of(vapp), owner, vapp.CreatedUtc.AddMinutes(4));
            sim.Events.VAppPublicIps(vapp, owner, vapp.CreatedUtc.AddMinutes(4), ipTask.Urn);
        }

        // Every VM is powered on a few minutes after it was created.
        foreach (var group in vms.GroupBy(v => v.CreatedUtc > vapp.CreatedUtc ? v.CreatedUtc : vapp.CreatedUtc.AddMinutes(2)).OrderBy(g => g.Key))
        {
            var at = group.Key.AddMinutes(5);
            if (at < now) writer.Power(vapp, group, VAppStatus.POWERED_ON, "powerOn", owner, at, withTask: true);
        }
        DateTime Created(SimVm v) => (v.CreatedUtc > vapp.CreatedUtc ? v.CreatedUtc : vapp.CreatedUtc.AddMinutes(2)).AddMinutes(5);

        var from = Max(windowStart, vapp.CreatedUtc.AddHours(1));
        var to = now.AddHours(-6);
        var ownerOffs = rng.Next(0, maxOwnerOffs + 1);
        var outages = rng.Next(0, maxOutages + 1);
        var kinds = Enumerable.Repeat('O', ownerOffs).Concat(Enumerable.Repeat('U', outages)).OrderBy(_ => rng.Next()).ToList();
        var slots = kinds.Count + 1;
        var slotLen = to > from ? (to - from) / slots : TimeSpan.Zero;

        if (slotLen > TimeSpan.FromHours(2))
        {
            for (var i = 0; i < kinds.Count; i++)
            {
                var a = from + slotLen * i + slotLen * (rng.NextDouble() * 0.3);
                var on = vms.Where(v => Created(v) < a).ToList();
                if (on.Count == 0) continue;
                if (kinds[i] == 'O')
                {
                    var max = Min(slotLen * 0.6, TimeSpan.FromDays(5));
                    var dur = TimeSpan.FromHours(1) + (max - TimeSpan.FromHours(1)) * rng.NextDouble();
                    var maintenance = rng.NextDouble() < 0.15;
                    if (maintenance) sim.Events.VAppMaintenanceMode(vapp, true, owner, a.AddMinutes(-5),
                        writer.PastTask("vappEnterMaintenanceMode", $"Entering maintenance mode {vapp.Name}", EntityRef.Of(vapp), owner, a.AddMinutes(-5)).Urn);
                    var action = rng.NextDouble() < 0.5 ? "powerOff" : "shutdown";
                    writer.Power(vapp, on, VAppStatus.POWERED_OFF, action, owner, a, withTask: true);
                    writer.Power(vapp, on, VAppStatus.POWERED_ON, "powerOn", owner, a + dur, withTask: true);
                    if (maintenance) sim.Events.VAppMaintenanceMode(vapp, false, owner, a + dur + TimeSpan.FromMinutes(5),
                        writer.PastTask("vappExitMaintenanceMode", $"Exiting maintenance mode {vapp.Name}", EntityRef.Of(vapp), owner, a + dur + TimeSpan.FromMinutes(5)).Urn);
                }
                else
                {
                    var vm = on[rng.Next(on.Count)];
                    var dur = rng.NextDouble() < 0.25 ? TimeSpan.FromSeconds(rng.Next(20, 59)) : TimeSpan.FromMinutes(rng.Next(3, 180));
                    writer.Power(vapp, new[] { vm }, VAppStatus.POWERED_OFF, "failure", system, a, withTask: false);
                    writer.Power(vapp, new[] { vm }, VAppStatus.POWERED_ON, "powerOn", system, a + dur, withTask: false);
                }
            }
        }

        // Bring the history to the current state.
        var finalStart = slotLen > TimeSpan.Zero ? from + slotLen * (slots - 1) : Max(from, now.AddHours(-1));
        var finalAt = finalStart + (slotLen > TimeSpan.Zero ? slotLen * (0.2 + rng.NextDouble() * 0.6) : TimeSpan.FromMinutes(10));
        if (finalAt >= now) finalAt = now.AddMinutes(-1);
        foreach (var group in vms.Where(v => v.Status != VAppStatus.POWERED_ON && Created(v) < finalAt).GroupBy(v => (v.Status, v.Deployed)))
        {
            var (status, deployed) = group.Key;
            var (state, action) = status == VAppStatus.SUSPENDED ? (VAppStatus.SUSPENDED, "suspend")
                : deployed ? (VAppStatus.POWERED_OFF, "powerOff") : (VAppStatus.POWERED_OFF, "undeploy");
            writer.Power(vapp, group, state, action, owner, finalAt, withTask: true);
        }
        if (vapp.InMaintenanceMode)
            sim.Events.VAppMaintenanceMode(vapp, true, owner, finalAt.AddMinutes(1),
                writer.PastTask("vappEnterMaintenanceMode", $"Entering maintenance mode {vapp.Name}", EntityRef.Of(vapp), owner, finalAt.AddMinutes(1)).Urn);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
