using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// VM metrics (vcd-api.md §9.3): GET …/metrics/current (values only while powered on) and …/metrics/historic (last 24 h,
/// 5-minute samples, only where the VM was on according to its recorded power history). Values are deterministic
/// pseudo-random per VM and time slot.
/// </summary>
public static class MetricsEndpoints
{
    private static readonly (string Name, string Unit)[] Current =
    {
        ("cpu.usage.average", "PERCENT"), ("cpu.usagemhz.average", "MEGAHERTZ"), ("mem.usage.average", "PERCENT"),
        ("disk.provisioned.latest", "KILOBYTE"), ("disk.used.latest", "KILOBYTE"),
        ("disk.read.average", "KILOBYTES_PER_SECOND"), ("disk.write.average", "KILOBYTES_PER_SECOND"),
    };

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/api/vApp/{reference}/metrics/current", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            var (isVm, id) = Access.VAppRef(reference);
            if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
            lock (sim.Store.Sync)
            {
                var (vm, vapp) = Access.Vm(sim, rc, id);
                var href = rc.Href(Ids.Path(EntityKind.Vm, vm.Id));
                var now = sim.Clock.UtcNow;
                var root = new XElement(Ns.V + "CurrentUsage", Ns.RootDeclarations(),
                    new XAttribute("href", href + "/metrics/current"), new XAttribute("type", MediaTypes.Prefix + "metrics.currentUsageSpec+xml"),
                    Links.Link("up", href, MediaTypes.Vm, vm.Name));
                if (vm.IsOn)
                {
                    var speed = sim.Store.Vdcs.TryGetValue(vapp.VdcId, out var vdc) ? vdc.VCpuSpeedMhz : 2000;
                    foreach (var (name, unit) in Current)
                        root.Add(new XElement(Ns.V + "Metric", new XAttribute("name", name), new XAttribute("unit", unit),
                            new XAttribute("value", Value(vm, name, now, speed))));
                }
                return XmlResponses.Xml(root, MediaTypes.Prefix + "metrics.currentUsage+xml");
            }
        });
        app.MapGet("/api/vApp/{reference}/metrics/historic", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            var (isVm, id) = Access.VAppRef(reference);
            if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
            lock (sim.Store.Sync)
            {
                var (vm, vapp) = Access.Vm(sim, rc, id);
                var href = rc.Href(Ids.Path(EntityKind.Vm, vm.Id));
                var now = sim.Clock.UtcNow;
                var start = now.AddHours(-24);
                var on = OnIntervals(sim.Store, vm, start, now);
                var speed = sim.Store.Vdcs.TryGetValue(vapp.VdcId, out var vdc) ? vdc.VCpuSpeedMhz : 2000;
                var root = new XElement(Ns.V + "HistoricUsage", Ns.RootDeclarations(),
                    new XAttribute("href", href + "/metrics/historic"), new XAttribute("type", MediaTypes.Prefix + "metrics.historicUsageSpec+xml"),
                    Links.Link("up", href, MediaTypes.Vm, vm.Name));
                foreach (var (name, unit) in new[] { ("cpu.usage.average", "PERCENT"), ("mem.usage.average", "PERCENT") })
                {
                    var series = new XElement(Ns.V + "MetricSeries", new XAttribute("name", name), new XAttribute("unit", unit), new XAttribute("expectedInterval", 300));
                    for (var t = FirstSlot(start); t < now; t = t.AddMinutes(5))
                        if (on.Any(i => t >= i.From && t < i.To))
                            series.Add(new XElement(Ns.V + "Sample", new XAttribute("timestamp", XmlFormat.Time(t)), new XAttribute("value", Value(vm, name, t, speed))));
                    root.Add(series);
                }
                return XmlResponses.Xml(root, MediaTypes.Prefix + "metrics.historicUsage+xml");
            }
        });
    }

    /// <summary>Power-on intervals of a VM within [from, to) from its recorded change_state events and current state.</summary>
    internal static List<(DateTime From, DateTime To)> OnIntervals(SimStore store, SimVm vm, DateTime from, DateTime to)
    {
        var log = store.Events.All;
        var first = store.Events.LowerBound(from);
        bool? state = null;
        for (var i = first - 1; i >= 0 && state is null; i--)
            if (log[i].Entity.Id == vm.Id && log[i].ShortType == "vm/change_state" && log[i].Success)
                state = log[i].Properties.GetValueOrDefault("vm.state") == "POWERED_ON";
        var result = new List<(DateTime, DateTime)>();
        var isOn = state ?? vm.IsOn;
        var since = from;
        for (var i = first; i < log.Count && log[i].Timestamp < to; i++)
        {
            var e = log[i];
            if (e.Entity.Id != vm.Id || e.ShortType != "vm/change_state" || !e.Success) continue;
            var nowOn = e.Properties.GetValueOrDefault("vm.state") == "POWERED_ON";
            if (isOn && !nowOn) result.Add((since, e.Timestamp));
            if (!isOn && nowOn) since = e.Timestamp;
            isOn = nowOn;
        }
        if (isOn) result.Add((since, to));
        return result;
    }

    private static DateTime FirstSlot(DateTime start)
    {
        var slot = TimeSpan.TicksPerMinute * 5;
        var t = new DateTime(start.Ticks - start.Ticks % slot, DateTimeKind.Utc);
        return t < start ? t.AddTicks(slot) : t;
    }

    private static string Value(SimVm vm, string metric, DateTime at, int speedMhz)
    {
        var slot = at.Ticks / (TimeSpan.TicksPerMinute * 5);
        var seed = unchecked(vm.Id.GetHashCode() * 31 + metric.GetHashCode() * 17 + (int)slot);
        var r = new Random(seed).NextDouble();
        double v = metric switch
        {
            "cpu.usage.average" => 5 + r * 60,
            "cpu.usagemhz.average" => (5 + r * 60) / 100 * vm.Cpu * speedMhz,
            "mem.usage.average" => 20 + r * 60,
            "disk.provisioned.latest" => vm.StorageMB * 1024.0,
            "disk.used.latest" => vm.StorageMB * 1024.0 * (0.3 + r * 0.2),
            _ => r * 2048,
        };
        return v.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
