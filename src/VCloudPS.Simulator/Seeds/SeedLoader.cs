using System.Globalization;
using System.Net;
using System.Text.Json;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Seeds;

/// <summary>Builds a <see cref="Simulation"/> from a seed (built-in name or JSON file) and the start-up options.</summary>
public static class SeedLoader
{
    public static readonly string[] BuiltIn = { "enterprise", "provider" };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SeedFile Read(string seed)
    {
        string text;
        if (BuiltIn.Contains(seed, StringComparer.OrdinalIgnoreCase))
        {
            var name = $"VCloudPS.Simulator.Seeds.{seed.ToLowerInvariant()}.json";
            using var s = typeof(SeedLoader).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Built-in seed resource {name} is missing.");
            using var r = new StreamReader(s);
            text = r.ReadToEnd();
        }
        else if (File.Exists(seed)) text = File.ReadAllText(seed);
        else throw new FileNotFoundException($"Seed '{seed}' is neither a built-in seed ({string.Join(", ", BuiltIn)}) nor an existing file.", seed);
        var file = JsonSerializer.Deserialize<SeedFile>(text, Json) ?? throw new InvalidDataException("Empty seed file.");
        file.Name ??= Path.GetFileNameWithoutExtension(seed);
        return file;
    }

    public static Simulation CreateSimulation(SimulatorOptions options)
    {
        var seed = Read(options.Seed);
        var realNow = DateTime.UtcNow;
        var now = options.Now ?? (seed.Now is null ? realNow : SeedTime.Parse(seed.Now, realNow, realNow));
        now = DateTime.SpecifyKind(new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        options.Now = now;
        if (options.ApiVersions is null && seed.ApiVersions is { Count: > 0 }) options.ApiVersions = seed.ApiVersions;
        var sim = new Simulation(options) { SeedName = seed.Name ?? options.Seed };
        lock (sim.Store.Sync)
        {
            sim.Store.Events.BeginBulk();
            Apply(sim, seed, now);
            if (options.GenerateVApps > 0)
                InventoryGenerator.Generate(sim, options.GenerateVApps, now, options.RandomSeed);
            sim.Store.Events.EndBulk();
        }
        return sim;
    }

    /// <summary>Loads orgs, users, VDCs, networks, catalogs, vApps and their history into the store.</summary>
    public static void Apply(Simulation sim, SeedFile seed, DateTime now)
    {
        var store = sim.Store;
        var seedName = seed.Name ?? "seed";
        if (seed.AuditRetentionDays is { } days) store.AuditRetentionDays = days;
        var defaultCreated = now.AddDays(-100);

        foreach (var so in seed.Orgs)
        {
            var org = store.Add(new SimOrg
            {
                Id = StableIds.For(seedName, "org", so.Name), Name = so.Name, FullName = so.FullName ?? so.Name, IsSystem = so.IsSystem,
                Description = so.IsSystem ? "System organization" : $"Organization {so.FullName ?? so.Name}",
                OperationsPerOrg = so.OperationsPerOrg, QueuedOperationsPerOrg = so.QueuedOperationsPerOrg,
            });
            foreach (var su in so.Users)
            {
                var user = store.Add(new SimUser
                {
                    Id = StableIds.For(seedName, "user", so.Name, su.Name), Name = su.Name, OrgId = org.Id,
                    Role = so.IsSystem ? Roles.SystemAdministrator : su.Role, Password = su.Password, FullName = su.FullName ?? su.Name,
                });
                foreach (var t in su.ApiTokens)
                    user.ApiTokens.Add(new SimApiToken
                    {
                        Name = t.Name, Token = t.Token, Revoked = t.Revoked,
                        ExpiresUtc = t.Expires is null ? null : SeedTime.Parse(t.Expires, now, now),
                    });
            }
            foreach (var sn in so.Networks)
            {
                var (start, end) = DefaultRange(sn.Gateway);
                store.Add(new SimNetwork
                {
                    Id = StableIds.For(seedName, "network", so.Name, sn.Name), Name = sn.Name, OrgId = org.Id, FenceMode = sn.FenceMode,
                    Gateway = sn.Gateway, Netmask = sn.Netmask, Dns1 = sn.Dns1 ?? sn.Gateway,
                    IpRangeStart = sn.IpRangeStart ?? start, IpRangeEnd = sn.IpRangeEnd ?? end,
                    NextHost = HostPart(sn.IpRangeStart ?? start),
                });
            }
            foreach (var sv in so.Vdcs)
            {
                var vdc = store.Add(new SimVdc
                {
                    Id = StableIds.For(seedName, "vdc", so.Name, sv.Name), Name = sv.Name, OrgId = org.Id,
                    Description = sv.Description ?? "",
                    AllocationModel = Enum.Parse<AllocationModel>(sv.AllocationModel, ignoreCase: true),
                    VCpuSpeedMhz = sv.VCpuSpeedMhz, CpuAllocatedMhz = sv.CpuAllocatedMhz, CpuLimitMhz = sv.CpuLimitMhz,
                    MemoryAllocatedMB = sv.MemoryAllocatedMB, MemoryLimitMB = sv.MemoryLimitMB, StorageLimitMB = sv.StorageLimitMB,
                    VmQuota = sv.VmQuota,
                });
                var profiles = sv.StorageProfiles.Count > 0 ? sv.StorageProfiles : new List<SeedStorageProfile> { new() { Name = "Standard", Default = true } };
                foreach (var sp in profiles)
                {
                    var p = store.Add(new SimStorageProfile
                    {
                        Id = StableIds.For(seedName, "profile", so.Name, sv.Name, sp.Name), Name = sp.Name, VdcId = vdc.Id,
                        LimitMB = sp.LimitMB, IsDefault = sp.Default,
                    });
                    vdc.StorageProfileIds.Add(p.Id);
                }
                if (!profiles.Any(p => p.Default)) store.StorageProfiles[vdc.StorageProfileIds[0]].IsDefault = true;
                foreach (var n in store.NetworksOf(org.Id))
                    if (sv.Networks is null || sv.Networks.Contains(n.Name, StringComparer.OrdinalIgnoreCase)) vdc.NetworkIds.Add(n.Id);
            }
            var admin = store.Users.Values.FirstOrDefault(u => u.OrgId == org.Id && u.Role is Roles.OrgAdministrator or Roles.SystemAdministrator)
                        ?? store.Users.Values.FirstOrDefault(u => u.OrgId == org.Id);
            foreach (var sc in so.Catalogs)
            {
                var cat = store.Add(new SimCatalog
                {
                    Id = StableIds.For(seedName, "catalog", so.Name, sc.Name), Name = sc.Name, OrgId = org.Id,
                    Description = sc.Description ?? "", OwnerUserId = admin?.Id, CreatedUtc = defaultCreated,
                });
                foreach (var st in sc.Items)
                {
                    var vdc = FindVdc(store, org, st.Vdc);
                    var tpl = store.Add(new SimVAppTemplate
                    {
                        Id = StableIds.For(seedName, "template", so.Name, sc.Name, st.Name), Name = st.Name, OrgId = org.Id, VdcId = vdc.Id,
                        Description = st.Description ?? "", OwnerUserId = admin?.Id ?? Guid.Empty, Status = VAppStatus.POWERED_OFF,
                        CreatedUtc = defaultCreated,
                    });
                    foreach (var sm in st.Vms)
                    {
                        var vm = BuildVm(store, seedName, $"{so.Name}/{sc.Name}/{st.Name}", sm, vdc, tpl.Id, defaultCreated, "POWERED_OFF", false);
                        vm.InTemplate = true;
                        tpl.VmIds.Add(vm.Id);
                    }
                    var item = store.Add(new SimCatalogItem
                    {
                        Id = StableIds.For(seedName, "catalogitem", so.Name, sc.Name, st.Name), Name = st.Name, CatalogId = cat.Id,
                        EntityId = tpl.Id, CreatedUtc = defaultCreated, Description = st.Description ?? "",
                    });
                    tpl.CatalogItemId = item.Id;
                    cat.ItemIds.Add(item.Id);
                }
            }
            foreach (var sa in so.VApps) AddVApp(sim, seedName, org, sa, now, defaultCreated);
        }

        var writer = new HistoryWriter(store, sim.Events);
        var explicitEvents = seed.History ?? new List<SeedEvent>();
        foreach (var e in explicitEvents)
        {
            e.At = SeedTime.Parse(e.Timestamp, now, now);
            // An event after the clock would contradict the current state on some dates (e.g. "month+3d" on the 1st).
            if (e.At > now)
                throw new InvalidDataException($"Seed error: history entry '{e.Timestamp}' ({e.Type} {e.VApp}) is at {e.At:O}, after the simulator clock {now:O}; anchor it on an earlier month or relative to now.");
        }
        var explicitCreates = new HashSet<string>(explicitEvents
            .Where(e => Short(e.Type) == "vm/create" && e.Vm != null).Select(e => $"{e.VApp}/{e.Vm}"), StringComparer.OrdinalIgnoreCase);

        // Creation events of everything in the current state (unless the history states them explicitly).
        foreach (var vapp in store.VApps.Values.OrderBy(v => v.Seq).ToList())
        {
            var owner = OwnerActor(store, vapp);
            var task = writer.PastTask("vdcInstantiateVapp", $"Creating Virtual Application {vapp.Name}({vapp.Id})", EntityRef.Of(vapp), owner, vapp.CreatedUtc.AddMinutes(2));
            sim.Events.VAppCreate(vapp, owner, vapp.CreatedUtc.AddMinutes(2), task.Urn);
            foreach (var vm in store.VmsOf(vapp))
            {
                if (explicitCreates.Contains($"{vapp.Name}/{vm.Name}")) continue;
                var at = vm.CreatedUtc > vapp.CreatedUtc ? vm.CreatedUtc : vapp.CreatedUtc.AddMinutes(2);
                var status = vm.Status;
                vm.Status = VAppStatus.POWERED_OFF;   // a VM is created powered off
                sim.Events.VmCreate(vm, vapp, owner, at, task.Urn);
                vm.Status = status;
            }
        }

        var explicitVApps = new HashSet<string>(explicitEvents.Select(e => e.VApp), StringComparer.OrdinalIgnoreCase);
        ExplicitHistory.Record(sim, writer, seedName, explicitEvents);
        if (seed.GenerateHistory is { } gen)
        {
            var start = now.AddDays(-gen.Days);
            foreach (var vapp in store.VApps.Values.OrderBy(v => v.Seq).ToList())
                if (!explicitVApps.Contains(vapp.Name))
                    HistoryGenerator.Generate(sim, writer, vapp, start, now, new Random(gen.RandomSeed ^ vapp.Name.GetHashCodeStable()));
        }
        store.Touch();
    }

    internal static int GetHashCodeStable(this string s)
    {
        unchecked
        {
            var h = 23;
            foreach (var c in s) h = h * 31 + c;
            return h;
        }
    }

    internal static string Short(string type) => type.StartsWith(SimEvent.TypePrefix, StringComparison.Ordinal) ? type[SimEvent.TypePrefix.Length..] : type;

    internal static Actor OwnerActor(SimStore store, SimVApp vapp) =>
        new(store.Users.TryGetValue(vapp.OwnerUserId, out var u) ? EntityRef.Of(u) : new EntityRef(EntityKind.User, vapp.OwnerUserId, "unknown"),
            EntityRef.Of(store.Orgs[vapp.OrgId]));

    /// <summary>The named VDC of the org; an empty name means the org's first VDC. Unknown names are seed errors.</summary>
    public static SimVdc FindVdc(SimStore store, SimOrg org, string name) =>
        (string.IsNullOrEmpty(name)
            ? store.VdcsOf(org.Id).FirstOrDefault()
            : store.VdcsOf(org.Id).FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)))
        ?? throw new InvalidDataException($"Seed error: org '{org.Name}' has no VDC '{name}' (known: {string.Join(", ", store.VdcsOf(org.Id).Select(v => v.Name))}).");

    private static SimStorageProfile Profile(SimStore store, SimVdc vdc, string? name, SimStorageProfile fallback, string where) =>
        name is null ? fallback
        : store.ProfileByName(vdc, name) ?? throw new InvalidDataException(
            $"Seed error: {where}: VDC '{vdc.Name}' has no storage profile '{name}' (known: {string.Join(", ", vdc.StorageProfileIds.Select(id => store.StorageProfiles[id].Name))}).");

    public static SimVApp AddVApp(Simulation sim, string seedName, SimOrg org, SeedVApp sa, DateTime now, DateTime defaultCreated)
    {
        var store = sim.Store;
        var vdc = FindVdc(store, org, sa.Vdc);
        var owner = sa.Owner is null
            ? store.Users.Values.Where(u => u.OrgId == org.Id).OrderBy(u => u.Seq).FirstOrDefault()
            : store.UserByName(org.Id, sa.Owner) ?? throw new InvalidDataException($"Seed error: vApp '{sa.Name}': org '{org.Name}' has no user '{sa.Owner}'.");
        var vapp = store.Add(new SimVApp
        {
            Id = sa.Id is null ? StableIds.For(seedName, "vapp", org.Name, sa.Name) : Guid.Parse(sa.Id),
            Name = sa.Name, Description = sa.Description ?? "", VdcId = vdc.Id, OrgId = org.Id, OwnerUserId = owner?.Id ?? Guid.Empty,
            CreatedUtc = SeedTime.Parse(sa.Created, now, defaultCreated), InMaintenanceMode = sa.MaintenanceMode,
            PublicIpCount = sa.PublicIps, DeploymentLeaseSeconds = sa.DeploymentLeaseSeconds, StorageLeaseSeconds = sa.StorageLeaseSeconds,
        });
        foreach (var sm in sa.Vms)
        {
            var vm = BuildVm(store, seedName, $"{org.Name}/{sa.Name}", sm, vdc, vapp.Id, vapp.CreatedUtc, sa.Status ?? "POWERED_ON", sa.Deployed ?? false);
            vm.CreatedUtc = SeedTime.Parse(sm.Created, now, vapp.CreatedUtc);
            vapp.VmIds.Add(vm.Id);
        }
        var nets = sa.Networks ?? store.VmsOf(vapp).SelectMany(v => v.Nics).Select(n => n.Network).Where(n => n != "none").Distinct().ToList();
        vapp.NetworkNames.AddRange(nets);
        return vapp;
    }

    public static SimVm BuildVm(SimStore store, string seedName, string path, SeedVm sm, SimVdc vdc, Guid parentId, DateTime created,
        string defaultStatus, bool defaultDeployed)
    {
        var status = Enum.Parse<VAppStatus>(sm.Status ?? defaultStatus, ignoreCase: true);
        var profile = Profile(store, vdc, sm.StorageProfile, store.DefaultProfile(vdc), $"VM '{path}/{sm.Name}'");
        var vm = store.Add(new SimVm
        {
            Id = sm.Id is null ? StableIds.For(seedName, "vm", path, sm.Name) : Guid.Parse(sm.Id),
            Name = sm.Name, VAppId = parentId, Cpu = sm.Cpu, CoresPerSocket = sm.CoresPerSocket, MemoryMB = sm.MemoryMB,
            GuestOs = sm.GuestOs ?? "Ubuntu Linux (64-bit)", OsType = sm.OsType ?? "ubuntu64Guest",
            HardwareVersion = sm.HardwareVersion ?? "vmx-19", Status = status,
            Deployed = status is VAppStatus.POWERED_ON or VAppStatus.SUSPENDED || (sm.Deployed ?? defaultDeployed),
            CreatedUtc = created, StorageProfileId = profile.Id, ComputerName = sm.Name,
        });
        var i = 0;
        foreach (var d in sm.Disks.Count > 0 ? sm.Disks : new List<SeedDisk> { new() { SizeMB = 16384 } })
        {
            var p = Profile(store, vdc, d.StorageProfile, profile, $"disk of VM '{path}/{sm.Name}'");
            vm.Disks.Add(new SimDisk { InstanceId = 2000 + i++, SizeMB = d.SizeMB, StorageProfileId = p.Id, ContentMB = d.ContentMB });
        }
        var n = 0;
        foreach (var sn in sm.Nics)
        {
            var net = store.NetworksOf(vdc.OrgId).FirstOrDefault(x => string.Equals(x.Name, sn.Network, StringComparison.OrdinalIgnoreCase));
            if (net is null && !string.Equals(sn.Network, "none", StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"Seed error: VM '{path}/{sm.Name}': org has no network '{sn.Network}' (use \"none\" for a disconnected NIC).");
            var ip = sn.Ip;
            if (ip is null && net != null && sn.IpMode is "POOL" or "MANUAL") ip = NextIp(net);
            vm.Nics.Add(new SimNic
            {
                Index = n, Network = net?.Name ?? sn.Network, IpMode = sn.IpMode, IpAddress = ip,
                Mac = sn.Mac ?? StableIds.Mac(vm.Id, n), AdapterType = sn.AdapterType,
            });
            n++;
        }
        return vm;
    }

    public static string NextIp(SimNetwork net)
    {
        var parts = net.Gateway.Split('.');
        var host = net.NextHost++;
        if (host > 250) { host = 10; net.NextHost = 11; }
        return $"{parts[0]}.{parts[1]}.{parts[2]}.{host}";
    }

    private static (string, string) DefaultRange(string gateway)
    {
        var p = gateway.Split('.');
        return p.Length == 4 ? ($"{p[0]}.{p[1]}.{p[2]}.10", $"{p[0]}.{p[1]}.{p[2]}.250") : ("10.0.0.10", "10.0.0.250");
    }

    private static int HostPart(string ip) =>
        IPAddress.TryParse(ip, out var a) ? a.GetAddressBytes()[3] : 10;
}
