using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Seeds;

/// <summary>
/// --generate-vapps N: N realistic vApps (1–4 VMs: web/app/db/proxy tiers) spread round-robin over the tenant orgs and
/// their VDCs, created 31–60 days ago, each with one month of history (a few power changes). Deterministic per random seed.
/// </summary>
public static class InventoryGenerator
{
    private static readonly string[] Prefixes = { "web", "erp", "crm", "shop", "bi", "ci", "mail", "wiki", "git", "vpn", "hr", "pay", "log", "mon", "api", "edi" };
    private static readonly (string Role, int Cpu, long Mem, long Disk, string Os, string OsType)[] Tiers =
    {
        ("web", 2, 4096, 40960, "Ubuntu Linux (64-bit)", "ubuntu64Guest"),
        ("app", 4, 8192, 61440, "Red Hat Enterprise Linux 9 (64-bit)", "rhel9_64Guest"),
        ("db", 8, 32768, 204800, "Microsoft Windows Server 2022 (64-bit)", "windows2019srvNext_64Guest"),
        ("proxy", 1, 2048, 20480, "Debian GNU/Linux 12 (64-bit)", "debian12_64Guest"),
    };

    public static void Generate(Simulation sim, int count, DateTime now, int randomSeed)
    {
        var store = sim.Store;
        var rng = new Random(randomSeed);
        var writer = new HistoryWriter(store, sim.Events);
        var targets = store.Orgs.Values.Where(o => !o.IsSystem).OrderBy(o => o.Seq)
            .SelectMany(o => store.VdcsOf(o.Id).Select(v => (Org: o, Vdc: v))).ToList();
        if (targets.Count == 0) throw new InvalidOperationException("The seed has no tenant VDC to generate vApps into.");
        var owners = targets.Select(t => t.Org.Id).Distinct()
            .ToDictionary(id => id, id => store.Users.Values.Where(u => u.OrgId == id && Roles.CanCreateDelete(u.Role)).OrderBy(u => u.Seq).ToArray());

        for (var i = 1; i <= count; i++)
        {
            var (org, vdc) = targets[i % targets.Count];
            var ownerList = owners[org.Id];
            var owner = ownerList.Length > 0 ? ownerList[rng.Next(ownerList.Length)] : null;
            var name = $"{Prefixes[rng.Next(Prefixes.Length)]}-{i:D5}";
            var created = now.AddDays(-31 - rng.NextDouble() * 29);
            var vapp = store.Add(new SimVApp
            {
                Id = StableIds.For("generated", randomSeed.ToString(), name), Name = name, VdcId = vdc.Id, OrgId = org.Id,
                OwnerUserId = owner?.Id ?? Guid.Empty, CreatedUtc = created, Description = "Generated workload",
                PublicIpCount = rng.NextDouble() < 0.2 ? 1 : 0,
            });
            var roll = rng.NextDouble();
            var (status, deployed) = roll < 0.75 ? (VAppStatus.POWERED_ON, true)
                : roll < 0.90 ? (VAppStatus.POWERED_OFF, false)
                : roll < 0.95 ? (VAppStatus.POWERED_OFF, true)
                : (VAppStatus.SUSPENDED, true);
            var vmCount = 1 + rng.Next(4);
            var nets = store.NetworksOf(org.Id).Where(n => vdc.NetworkIds.Contains(n.Id)).ToList();
            var profiles = vdc.StorageProfileIds;
            for (var k = 0; k < vmCount; k++)
            {
                var tier = Tiers[vmCount == 1 ? rng.Next(Tiers.Length) : k % Tiers.Length];
                var vmName = vmCount == 1 ? $"{name}-vm" : $"{tier.Role}{k + 1}";
                var vm = new SimVm
                {
                    Id = StableIds.For("generated", randomSeed.ToString(), name, vmName), Name = vmName, VAppId = vapp.Id,
                    Cpu = tier.Cpu, MemoryMB = tier.Mem, GuestOs = tier.Os, OsType = tier.OsType, Status = status, Deployed = deployed,
                    CreatedUtc = created, StorageProfileId = profiles[rng.Next(profiles.Count)], ComputerName = vmName,
                };
                vm.Disks.Add(new SimDisk { InstanceId = 2000, SizeMB = tier.Disk, StorageProfileId = vm.StorageProfileId });
                if (tier.Role == "db") vm.Disks.Add(new SimDisk { InstanceId = 2001, SizeMB = 102400, StorageProfileId = profiles[^1] });
                if (nets.Count > 0)
                {
                    var net = nets[rng.Next(nets.Count)];
                    vm.Nics.Add(new SimNic { Index = 0, Network = net.Name, IpMode = "POOL", IpAddress = SeedLoader.NextIp(net), Mac = StableIds.Mac(vm.Id, 0) });
                    if (!vapp.NetworkNames.Contains(net.Name)) vapp.NetworkNames.Add(net.Name);
                }
                store.Add(vm);
                vapp.VmIds.Add(vm.Id);
            }

            var ownerActor = SeedLoader.OwnerActor(store, vapp);
            var task = writer.PastTask("vdcInstantiateVapp", $"Creating Virtual Application {name}({vapp.Id})", EntityRef.Of(vapp), ownerActor, created.AddMinutes(2));
            sim.Events.VAppCreate(vapp, ownerActor, created.AddMinutes(2), task.Urn);
            foreach (var vm in store.VmsOf(vapp))
            {
                var s = vm.Status;
                vm.Status = VAppStatus.POWERED_OFF;
                sim.Events.VmCreate(vm, vapp, ownerActor, created.AddMinutes(2), task.Urn);
                vm.Status = s;
            }
            HistoryGenerator.Generate(sim, writer, vapp, now.AddDays(-31), now, new Random(randomSeed * 7919 + i), maxOwnerOffs: 2, maxOutages: 1);
        }
    }
}
