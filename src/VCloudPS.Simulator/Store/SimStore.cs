namespace VCloudPS.Simulator.Store;

/// <summary>
/// The whole simulated cloud in memory. One lock (<see cref="Sync"/>) guards every read-modify-write; readers that
/// build responses take it too (responses are built from a consistent snapshot). <see cref="Version"/> increases on
/// every mutation so query results can be cached per version.
/// </summary>
public sealed class SimStore
{
    private long _seq;
    public object Sync { get; } = new();
    public long Version { get; private set; }

    public Dictionary<Guid, SimOrg> Orgs { get; } = new();
    public Dictionary<Guid, SimUser> Users { get; } = new();
    public Dictionary<Guid, SimVdc> Vdcs { get; } = new();
    public Dictionary<Guid, SimStorageProfile> StorageProfiles { get; } = new();
    public Dictionary<Guid, SimNetwork> Networks { get; } = new();
    public Dictionary<Guid, SimCatalog> Catalogs { get; } = new();
    public Dictionary<Guid, SimCatalogItem> CatalogItems { get; } = new();
    public Dictionary<Guid, SimVApp> VApps { get; } = new();
    public Dictionary<Guid, SimVm> Vms { get; } = new();
    public Dictionary<Guid, SimVAppTemplate> Templates { get; } = new();
    public Dictionary<Guid, SimTask> Tasks { get; } = new();
    public EventLog Events { get; } = new();

    /// <summary>Audit events older than this many days (before the simulated now) are not served. 0 = keep all.</summary>
    public int AuditRetentionDays { get; set; } = 180;

    /// <summary>Marks a change (call inside the lock after mutating).</summary>
    public void Touch() => Version++;

    public T Add<T>(T entity) where T : SimEntity
    {
        entity.Seq = ++_seq;
        switch (entity)
        {
            case SimOrg o: Orgs.Add(o.Id, o); break;
            case SimUser u: Users.Add(u.Id, u); break;
            case SimVdc v: Vdcs.Add(v.Id, v); break;
            case SimStorageProfile s: StorageProfiles.Add(s.Id, s); break;
            case SimNetwork n: Networks.Add(n.Id, n); break;
            case SimCatalog c: Catalogs.Add(c.Id, c); break;
            case SimCatalogItem ci: CatalogItems.Add(ci.Id, ci); break;
            case SimVApp a: VApps.Add(a.Id, a); break;
            case SimVm m: Vms.Add(m.Id, m); break;
            case SimVAppTemplate t: Templates.Add(t.Id, t); break;
            default: throw new ArgumentException($"Unsupported entity {entity.GetType().Name}");
        }
        Version++;
        return entity;
    }

    public void AddTask(SimTask task)
    {
        task.Seq = ++_seq;
        Tasks.Add(task.Id, task);
        Version++;
    }

    /// <summary>Raised (inside the lock) with the disk backing files that no VM references any more after VMs were
    /// removed. The transfer service deletes the ones it owns, so deleting vApps gives their disk space back.</summary>
    public event Action<IReadOnlyList<string>>? BackingFilesReleased;

    public void RemoveVApp(SimVApp vapp)
    {
        RemoveVms(vapp.VmIds);
        VApps.Remove(vapp.Id);
        Version++;
    }

    /// <summary>Removes VMs (of a vApp or a template) and releases disk files only they used.</summary>
    public void RemoveVms(IEnumerable<Guid> vmIds)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vmId in vmIds.ToList())
        {
            if (!Vms.Remove(vmId, out var vm)) continue;
            foreach (var disk in vm.Disks)
                if (disk.BackingFile is { } file) files.Add(file);
        }
        Version++;
        if (files.Count == 0 || BackingFilesReleased is null) return;
        foreach (var other in Vms.Values)
            foreach (var disk in other.Disks)
                if (disk.BackingFile is { } file) files.Remove(file);   // still used (a copy shares its source's file)
        if (files.Count > 0) BackingFilesReleased(files.ToList());
    }

    // ---- lookups (call inside the lock) ----
    public SimOrg? OrgByName(string name) =>
        Orgs.Values.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public SimOrg? SystemOrg => Orgs.Values.FirstOrDefault(o => o.IsSystem);

    public SimUser? UserByName(Guid orgId, string name) =>
        Users.Values.FirstOrDefault(u => u.OrgId == orgId && string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<SimVdc> VdcsOf(Guid orgId) => Vdcs.Values.Where(v => v.OrgId == orgId).OrderBy(v => v.Seq);
    public IEnumerable<SimCatalog> CatalogsOf(Guid orgId) => Catalogs.Values.Where(c => c.OrgId == orgId).OrderBy(c => c.Seq);
    public IEnumerable<SimNetwork> NetworksOf(Guid orgId) => Networks.Values.Where(n => n.OrgId == orgId).OrderBy(n => n.Seq);
    public IEnumerable<SimVm> VmsOf(SimVApp vapp) => vapp.VmIds.Select(id => Vms[id]);
    public IEnumerable<SimVm> VmsOf(SimVAppTemplate t) => t.VmIds.Select(id => Vms[id]);

    public SimStorageProfile? ProfileByName(SimVdc vdc, string name) =>
        vdc.StorageProfileIds.Select(id => StorageProfiles[id]).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public SimStorageProfile DefaultProfile(SimVdc vdc) =>
        vdc.StorageProfileIds.Select(id => StorageProfiles[id]).OrderByDescending(p => p.IsDefault).First();

    /// <summary>The org owning an entity (tasks and events belong to it, whoever acted), or null when unknown.</summary>
    public SimOrg? OrgOf(EntityRef e)
    {
        Guid? id = e.Kind switch
        {
            EntityKind.VApp => VApps.TryGetValue(e.Id, out var a) ? a.OrgId : null,
            EntityKind.Vm => Vms.TryGetValue(e.Id, out var vm)
                ? (VApps.TryGetValue(vm.VAppId, out var va) ? va.OrgId : Templates.TryGetValue(vm.VAppId, out var vt) ? vt.OrgId : null) : null,
            EntityKind.VAppTemplate => Templates.TryGetValue(e.Id, out var t) ? t.OrgId : null,
            EntityKind.Vdc => Vdcs.TryGetValue(e.Id, out var v) ? v.OrgId : null,
            EntityKind.Catalog => Catalogs.TryGetValue(e.Id, out var c) ? c.OrgId : null,
            EntityKind.CatalogItem => CatalogItems.TryGetValue(e.Id, out var ci) && Catalogs.TryGetValue(ci.CatalogId, out var cc) ? cc.OrgId : null,
            EntityKind.Org => e.Id,
            _ => null,
        };
        return id is { } g && Orgs.TryGetValue(g, out var o) ? o : null;
    }

    public string OrgName(Guid orgId) => Orgs.TryGetValue(orgId, out var o) ? o.Name : "";
    public string UserName(Guid userId) => Users.TryGetValue(userId, out var u) ? u.Name : "system";

    /// <summary>The vApp status vCD reports: an override while instantiating, else derived from the VMs.</summary>
    public VAppStatus VAppStatusOf(SimVApp vapp)
    {
        if (vapp.StatusOverride is { } s) return s;
        if (vapp.VmIds.Count == 0) return VAppStatus.RESOLVED;
        int on = 0, off = 0, susp = 0, other = 0;
        foreach (var id in vapp.VmIds)
        {
            switch (Vms[id].Status)
            {
                case VAppStatus.POWERED_ON: on++; break;
                case VAppStatus.POWERED_OFF: case VAppStatus.RESOLVED: off++; break;
                case VAppStatus.SUSPENDED: susp++; break;
                default: other++; break;
            }
        }
        var n = vapp.VmIds.Count;
        if (on == n) return VAppStatus.POWERED_ON;
        if (off == n) return VAppStatus.POWERED_OFF;
        if (susp == n) return VAppStatus.SUSPENDED;
        if (other > 0) return VAppStatus.MIXED;
        if (on > 0 && off > 0 && susp == 0) return VAppStatus.PARTIALLY_POWERED_OFF;
        if (susp > 0 && on + susp == n) return VAppStatus.PARTIALLY_SUSPENDED;
        return VAppStatus.MIXED;
    }

    /// <summary>A vApp is deployed when any VM is deployed.</summary>
    public bool VAppDeployed(SimVApp vapp) => vapp.VmIds.Any(id => Vms[id].Deployed);
}
