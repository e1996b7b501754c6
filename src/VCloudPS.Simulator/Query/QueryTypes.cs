using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Query;

/// <summary>The query types served by /api/query, with vCD's record attribute names (vcd-api.md §3.5).</summary>
public static class QueryTypes
{
    private static QueryAttribute<T> S<T>(string n, Func<T, QueryContext, object?> g) => new() { Name = n, Kind = AttrKind.String, Get = g };
    private static QueryAttribute<T> I<T>(string n, Func<T, QueryContext, object?> g) => new() { Name = n, Kind = AttrKind.Int, Get = g };
    private static QueryAttribute<T> B<T>(string n, Func<T, QueryContext, object?> g) => new() { Name = n, Kind = AttrKind.Bool, Get = g };
    private static QueryAttribute<T> D<T>(string n, Func<T, QueryContext, object?> g) => new() { Name = n, Kind = AttrKind.Date, Get = g };
    private static QueryAttribute<T> R<T>(string n, Func<T, QueryContext, object?> g) => new() { Name = n, Kind = AttrKind.Ref, Get = g };

    private static RefValue Ref(EntityKind kind, Guid id, bool vmInTemplate = false) => new(Ids.Path(kind, id, vmInTemplate), Ids.Urn(kind, id), id);
    private static string VdcName(QueryContext q, Guid id) => q.Store.Vdcs.TryGetValue(id, out var v) ? v.Name : "";
    private static string ProfileName(QueryContext q, Guid id) => q.Store.StorageProfiles.TryGetValue(id, out var p) ? p.Name : "";

    public static readonly IReadOnlyDictionary<string, IQueryDef> All = Build();

    private static Dictionary<string, IQueryDef> Build()
    {
        var d = new Dictionary<string, IQueryDef>(StringComparer.Ordinal);
        void Add(IQueryDef def) => d[def.Type] = def;
        Add(VApp("vApp", "VAppRecord", admin: false));
        Add(VApp("adminVApp", "AdminVAppRecord", admin: true));
        Add(Vm("vm", "VMRecord", admin: false));
        Add(Vm("adminVM", "AdminVMRecord", admin: true));
        Add(Vdc("orgVdc", "OrgVdcRecord", admin: false));
        Add(Vdc("adminOrgVdc", "AdminVdcRecord", admin: true));
        Add(Catalog("catalog", "CatalogRecord", admin: false));
        Add(Catalog("adminCatalog", "AdminCatalogRecord", admin: true));
        Add(CatalogItem());
        Add(Template("vAppTemplate", "VAppTemplateRecord", admin: false));
        Add(Template("adminVAppTemplate", "AdminVAppTemplateRecord", admin: true));
        Add(Task("task", "TaskRecord", admin: false));
        Add(Task("adminTask", "AdminTaskRecord", admin: true));
        Add(EventQuery("event", "EventRecord", admin: false));
        Add(EventQuery("adminEvent", "AdminEventRecord", admin: true));
        Add(Organization());
        return d;
    }

    private static QueryDef<SimVApp> VApp(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimVApp>>
        {
            S<SimVApp>("name", (a, q) => a.Name),
            R<SimVApp>("vdc", (a, q) => Ref(EntityKind.Vdc, a.VdcId)),
            S<SimVApp>("vdcName", (a, q) => VdcName(q, a.VdcId)),
            S<SimVApp>("description", (a, q) => a.Description),
            B<SimVApp>("isPublic", (a, q) => false),
            B<SimVApp>("isEnabled", (a, q) => true),
            B<SimVApp>("isBusy", (a, q) => q.Sim.Tasks.IsBusy(a.Id, out _)),
            D<SimVApp>("creationDate", (a, q) => a.CreatedUtc),
            S<SimVApp>("status", (a, q) => q.Store.VAppStatusOf(a).ToString()),
            S<SimVApp>("ownerName", (a, q) => q.Store.UserName(a.OwnerUserId)),
            R<SimVApp>("owner", (a, q) => Ref(EntityKind.User, a.OwnerUserId)),
            I<SimVApp>("memoryAllocationMB", (a, q) => q.Store.VmsOf(a).Sum(v => v.MemoryMB)),
            B<SimVApp>("isDeployed", (a, q) => q.Store.VAppDeployed(a)),
            B<SimVApp>("isInMaintenanceMode", (a, q) => a.InMaintenanceMode),
            B<SimVApp>("isAutoNature", (a, q) => false),
            B<SimVApp>("isExpired", (a, q) => false),
            I<SimVApp>("numberOfCpus", (a, q) => (long)q.Store.VmsOf(a).Sum(v => v.Cpu)),
            I<SimVApp>("numberOfVMs", (a, q) => (long)a.VmIds.Count),
            B<SimVApp>("snapshot", (a, q) => false),
            I<SimVApp>("totalStorageAllocatedMb", (a, q) => q.Store.VmsOf(a).Sum(v => v.StorageMB)),
        };
        if (admin)
        {
            attrs.Add(R<SimVApp>("org", (a, q) => Ref(EntityKind.Org, a.OrgId)));
            attrs.Add(B<SimVApp>("isVdcEnabled", (a, q) => true));
            attrs.Add(I<SimVApp>("storageKB", (a, q) => q.Store.VmsOf(a).Sum(v => v.StorageMB) * 1024));
            attrs.Add(I<SimVApp>("cpuAllocationMhz", (a, q) =>
                q.Store.Vdcs.TryGetValue(a.VdcId, out var vdc) ? (long)q.Store.VmsOf(a).Sum(v => v.Cpu) * vdc.VCpuSpeedMhz : 0L));
        }
        return new QueryDef<SimVApp>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminVAppReference" : "VAppReference",
            EntityMediaType = Xml.MediaTypes.VApp,
            Source = (q, _) => q.Store.VApps.Values.Where(a => q.Visible(a.OrgId)).OrderBy(a => a.Seq),
            Path = a => Ids.Path(EntityKind.VApp, a.Id), Urn = a => a.Urn, Name = a => a.Name, Attributes = attrs,
        };
    }

    private static (string Name, Guid VdcId, Guid OrgId, Guid OwnerId, bool InTemplate, bool Maintenance) Container(QueryContext q, SimVm vm)
    {
        if (vm.InTemplate && q.Store.Templates.TryGetValue(vm.VAppId, out var t)) return (t.Name, t.VdcId, t.OrgId, t.OwnerUserId, true, false);
        if (q.Store.VApps.TryGetValue(vm.VAppId, out var a)) return (a.Name, a.VdcId, a.OrgId, a.OwnerUserId, false, a.InMaintenanceMode);
        return ("", Guid.Empty, Guid.Empty, Guid.Empty, vm.InTemplate, false);
    }

    private static QueryDef<SimVm> Vm(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimVm>>
        {
            S<SimVm>("name", (v, q) => v.Name),
            S<SimVm>("containerName", (v, q) => Container(q, v).Name),
            R<SimVm>("container", (v, q) => v.InTemplate ? Ref(EntityKind.VAppTemplate, v.VAppId) : Ref(EntityKind.VApp, v.VAppId)),
            S<SimVm>("ownerName", (v, q) => q.Store.UserName(Container(q, v).OwnerId)),
            R<SimVm>("owner", (v, q) => Ref(EntityKind.User, Container(q, v).OwnerId)),
            S<SimVm>("vdcName", (v, q) => VdcName(q, Container(q, v).VdcId)),
            R<SimVm>("vdc", (v, q) => Ref(EntityKind.Vdc, Container(q, v).VdcId)),
            S<SimVm>("description", (v, q) => v.Description),
            S<SimVm>("vappScopedLocalId", (v, q) => v.Name),
            B<SimVm>("isVAppTemplate", (v, q) => v.InTemplate),
            B<SimVm>("isDeleted", (v, q) => false),
            S<SimVm>("guestOs", (v, q) => v.GuestOs),
            S<SimVm>("detectedGuestOs", (v, q) => v.IsOn ? v.GuestOs : null),
            I<SimVm>("numberOfCpus", (v, q) => (long)v.Cpu),
            I<SimVm>("memoryMB", (v, q) => v.MemoryMB),
            S<SimVm>("status", (v, q) => v.Status.ToString()),
            S<SimVm>("networkName", (v, q) => v.Nics.FirstOrDefault(n => n.Index == v.PrimaryNicIndex)?.Network),
            S<SimVm>("ipAddress", (v, q) => v.Nics.FirstOrDefault(n => n.Index == v.PrimaryNicIndex)?.IpAddress),
            B<SimVm>("isBusy", (v, q) => q.Sim.Tasks.IsBusy(v.Id, out _)),
            B<SimVm>("isDeployed", (v, q) => v.Deployed),
            B<SimVm>("isPublished", (v, q) => false),
            I<SimVm>("hardwareVersion", (v, q) => long.TryParse(v.HardwareVersion.Replace("vmx-", ""), out var hv) ? hv : 0L),
            S<SimVm>("vmToolsStatus", (v, q) => v.IsOn ? "toolsOk" : "toolsNotRunning"),
            B<SimVm>("isInMaintenanceMode", (v, q) => Container(q, v).Maintenance),
            B<SimVm>("isAutoNature", (v, q) => false),
            S<SimVm>("storageProfileName", (v, q) => ProfileName(q, v.StorageProfileId)),
            B<SimVm>("snapshot", (v, q) => false),
            D<SimVm>("dateCreated", (v, q) => v.CreatedUtc),
            I<SimVm>("totalStorageAllocatedMb", (v, q) => v.StorageMB),
            B<SimVm>("isExpired", (v, q) => false),
            S<SimVm>("firmware", (v, q) => "bios"),
        };
        if (admin)
        {
            attrs.Add(R<SimVm>("org", (v, q) => Ref(EntityKind.Org, Container(q, v).OrgId)));
            attrs.Add(S<SimVm>("hostName", (v, q) => v.IsOn ? $"esx{(v.Id.GetHashCode() & 7) + 1:D2}.sim.local" : null));
            attrs.Add(S<SimVm>("datastoreName", (v, q) => "ds-" + ProfileName(q, v.StorageProfileId).ToLowerInvariant()));
            attrs.Add(S<SimVm>("moref", (v, q) => $"vm-{(v.Seq + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            attrs.Add(S<SimVm>("vmToolsVersion", (v, q) => "12352"));
            attrs.Add(B<SimVm>("isVdcEnabled", (v, q) => true));
            attrs.Add(S<SimVm>("vmNameInVc", (v, q) => $"{v.Name} ({v.Id})"));
        }
        return new QueryDef<SimVm>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminVMReference" : "VMReference",
            EntityMediaType = Xml.MediaTypes.Vm,
            Source = (q, _) => q.Store.Vms.Values.Where(v => q.Visible(Container(q, v).OrgId)).OrderBy(v => v.Seq),
            Path = v => Ids.Path(EntityKind.Vm, v.Id, v.InTemplate), Urn = v => v.Urn, Name = v => v.Name, Attributes = attrs,
        };
    }

    private static QueryDef<SimVdc> Vdc(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimVdc>>
        {
            S<SimVdc>("name", (v, q) => v.Name),
            S<SimVdc>("description", (v, q) => v.Description),
            B<SimVdc>("isEnabled", (v, q) => v.IsEnabled),
            B<SimVdc>("isBusy", (v, q) => false),
            S<SimVdc>("status", (v, q) => "READY"),
            R<SimVdc>("org", (v, q) => Ref(EntityKind.Org, v.OrgId)),
            S<SimVdc>("orgName", (v, q) => q.Store.OrgName(v.OrgId)),
            S<SimVdc>("allocationModel", (v, q) => v.AllocationModel.ToString()),
            I<SimVdc>("cpuAllocationMhz", (v, q) => v.CpuAllocatedMhz),
            I<SimVdc>("cpuLimitMhz", (v, q) => v.CpuLimitMhz),
            I<SimVdc>("cpuUsedMhz", (v, q) => q.VdcUsage(v.Id).Cpu),
            I<SimVdc>("memoryAllocationMB", (v, q) => v.MemoryAllocatedMB),
            I<SimVdc>("memoryLimitMB", (v, q) => v.MemoryLimitMB),
            I<SimVdc>("memoryUsedMB", (v, q) => q.VdcUsage(v.Id).Mem),
            I<SimVdc>("storageLimitMB", (v, q) => v.StorageLimitMB),
            I<SimVdc>("storageUsedMB", (v, q) => q.VdcUsage(v.Id).Sto),
            I<SimVdc>("numberOfVApps", (v, q) => (long)q.VdcUsage(v.Id).VApps),
            I<SimVdc>("numberOfVAppTemplates", (v, q) => (long)q.Store.Templates.Values.Count(t => t.VdcId == v.Id)),
            I<SimVdc>("numberOfMedia", (v, q) => 0L),
            I<SimVdc>("numberOfStorageProfiles", (v, q) => (long)v.StorageProfileIds.Count),
            I<SimVdc>("vmQuota", (v, q) => (long)v.VmQuota),
            S<SimVdc>("providerVdcName", (v, q) => "pvdc-" + (v.AllocationModel == AllocationModel.AllocationVApp ? "payg" : "gold")),
            S<SimVdc>("vcName", (v, q) => "vc01"),
        };
        if (admin) attrs.Add(I<SimVdc>("vCpuInMhz", (v, q) => (long)v.VCpuSpeedMhz));
        return new QueryDef<SimVdc>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminVdcReference" : "OrgVdcReference",
            EntityMediaType = Xml.MediaTypes.Vdc,
            Source = (q, _) => q.Store.Vdcs.Values.Where(v => q.Visible(v.OrgId)).OrderBy(v => v.Seq),
            Path = v => Ids.Path(EntityKind.Vdc, v.Id), Urn = v => v.Urn, Name = v => v.Name, Attributes = attrs,
        };
    }

    private static QueryDef<SimCatalog> Catalog(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimCatalog>>
        {
            S<SimCatalog>("name", (c, q) => c.Name),
            S<SimCatalog>("description", (c, q) => c.Description),
            B<SimCatalog>("isPublished", (c, q) => c.IsPublished),
            B<SimCatalog>("isShared", (c, q) => false),
            D<SimCatalog>("creationDate", (c, q) => c.CreatedUtc),
            S<SimCatalog>("orgName", (c, q) => q.Store.OrgName(c.OrgId)),
            S<SimCatalog>("ownerName", (c, q) => c.OwnerUserId is { } o ? q.Store.UserName(o) : "system"),
            R<SimCatalog>("owner", (c, q) => c.OwnerUserId is { } o ? Ref(EntityKind.User, o) : null),
            I<SimCatalog>("numberOfVAppTemplates", (c, q) => (long)c.ItemIds.Count),
            I<SimCatalog>("numberOfMedia", (c, q) => 0L),
        };
        if (admin) attrs.Add(R<SimCatalog>("org", (c, q) => Ref(EntityKind.Org, c.OrgId)));
        return new QueryDef<SimCatalog>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminCatalogReference" : "CatalogReference",
            EntityMediaType = Xml.MediaTypes.Catalog,
            Source = (q, _) => q.Store.Catalogs.Values.Where(c => q.Visible(c.OrgId)).OrderBy(c => c.Seq),
            Path = c => Ids.Path(EntityKind.Catalog, c.Id), Urn = c => c.Urn, Name = c => c.Name, Attributes = attrs,
        };
    }

    private static QueryDef<SimCatalogItem> CatalogItem()
    {
        SimCatalog Cat(QueryContext q, SimCatalogItem i) => q.Store.Catalogs[i.CatalogId];
        SimVAppTemplate? Tpl(QueryContext q, SimCatalogItem i) => q.Store.Templates.TryGetValue(i.EntityId, out var t) ? t : null;
        var attrs = new List<QueryAttribute<SimCatalogItem>>
        {
            S<SimCatalogItem>("name", (i, q) => i.Name),
            R<SimCatalogItem>("entity", (i, q) => Ref(EntityKind.VAppTemplate, i.EntityId)),
            S<SimCatalogItem>("entityName", (i, q) => Tpl(q, i)?.Name),
            S<SimCatalogItem>("entityType", (i, q) => "vapptemplate"),
            R<SimCatalogItem>("catalog", (i, q) => Ref(EntityKind.Catalog, i.CatalogId)),
            S<SimCatalogItem>("catalogName", (i, q) => Cat(q, i).Name),
            S<SimCatalogItem>("ownerName", (i, q) => Tpl(q, i) is { } t ? q.Store.UserName(t.OwnerUserId) : null),
            B<SimCatalogItem>("isPublished", (i, q) => Cat(q, i).IsPublished),
            R<SimCatalogItem>("vdc", (i, q) => Tpl(q, i) is { } t ? Ref(EntityKind.Vdc, t.VdcId) : null),
            S<SimCatalogItem>("vdcName", (i, q) => Tpl(q, i) is { } t ? VdcName(q, t.VdcId) : null),
            D<SimCatalogItem>("creationDate", (i, q) => i.CreatedUtc),
            B<SimCatalogItem>("isExpired", (i, q) => false),
            S<SimCatalogItem>("status", (i, q) => Tpl(q, i)?.Status == VAppStatus.POWERED_OFF ? "RESOLVED" : Tpl(q, i)?.Status.ToString()),
        };
        return new QueryDef<SimCatalogItem>
        {
            Type = "catalogItem", RecordName = "CatalogItemRecord", ReferenceName = "CatalogItemReference", EntityMediaType = Xml.MediaTypes.CatalogItem,
            Source = (q, _) => q.Store.CatalogItems.Values.Where(i => q.Store.Catalogs.TryGetValue(i.CatalogId, out var c) && q.Visible(c.OrgId)).OrderBy(i => i.Seq),
            Path = i => Ids.Path(EntityKind.CatalogItem, i.Id), Urn = i => i.Urn, Name = i => i.Name, Attributes = attrs,
        };
    }

    private static QueryDef<SimVAppTemplate> Template(string type, string record, bool admin)
    {
        SimCatalog? Cat(QueryContext q, SimVAppTemplate t) =>
            t.CatalogItemId is { } ci && q.Store.CatalogItems.TryGetValue(ci, out var item) && q.Store.Catalogs.TryGetValue(item.CatalogId, out var c) ? c : null;
        var attrs = new List<QueryAttribute<SimVAppTemplate>>
        {
            S<SimVAppTemplate>("name", (t, q) => t.Name),
            R<SimVAppTemplate>("catalog", (t, q) => Cat(q, t) is { } c ? Ref(EntityKind.Catalog, c.Id) : null),
            S<SimVAppTemplate>("catalogName", (t, q) => Cat(q, t)?.Name),
            B<SimVAppTemplate>("isPublished", (t, q) => Cat(q, t)?.IsPublished ?? false),
            R<SimVAppTemplate>("vdc", (t, q) => Ref(EntityKind.Vdc, t.VdcId)),
            S<SimVAppTemplate>("vdcName", (t, q) => VdcName(q, t.VdcId)),
            R<SimVAppTemplate>("org", (t, q) => Ref(EntityKind.Org, t.OrgId)),
            D<SimVAppTemplate>("creationDate", (t, q) => t.CreatedUtc),
            B<SimVAppTemplate>("isBusy", (t, q) => q.Sim.Tasks.IsBusy(t.Id, out _)),
            B<SimVAppTemplate>("isGoldMaster", (t, q) => false),
            B<SimVAppTemplate>("isEnabled", (t, q) => true),
            S<SimVAppTemplate>("status", (t, q) => t.Status == VAppStatus.POWERED_OFF ? "RESOLVED" : t.Status.ToString()),
            B<SimVAppTemplate>("isDeployed", (t, q) => false),
            B<SimVAppTemplate>("isExpired", (t, q) => false),
            S<SimVAppTemplate>("storageProfileName", (t, q) => t.StorageProfileId is { } p ? ProfileName(q, p) : null),
            S<SimVAppTemplate>("ownerName", (t, q) => q.Store.UserName(t.OwnerUserId)),
            I<SimVAppTemplate>("numberOfVMs", (t, q) => (long)t.VmIds.Count),
        };
        return new QueryDef<SimVAppTemplate>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminVAppTemplateReference" : "VAppTemplateReference",
            EntityMediaType = Xml.MediaTypes.VAppTemplate,
            Source = (q, _) => q.Store.Templates.Values.Where(t => q.Visible(t.OrgId)).OrderBy(t => t.Seq),
            Path = t => Ids.Path(EntityKind.VAppTemplate, t.Id), Urn = t => t.Urn, Name = t => t.Name, Attributes = attrs,
        };
    }

    private static QueryDef<SimTask> Task(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimTask>>
        {
            R<SimTask>("org", (t, q) => t.Org.IsNone ? null : Ref(EntityKind.Org, t.Org.Id)),
            S<SimTask>("orgName", (t, q) => t.Org.Name),
            S<SimTask>("name", (t, q) => t.OperationName),
            S<SimTask>("operationFull", (t, q) => t.Operation),
            S<SimTask>("message", (t, q) => t.ErrorMessage),
            D<SimTask>("startDate", (t, q) => t.StartUtc),
            D<SimTask>("endDate", (t, q) => t.EndUtc),
            S<SimTask>("status", (t, q) => t.Status),
            I<SimTask>("progress", (t, q) => (long)t.Progress),
            S<SimTask>("ownerName", (t, q) => t.User.Name),
            R<SimTask>("object", (t, q) => t.Owner.IsNone ? null : new RefValue(t.Owner.Path, t.Owner.Urn, t.Owner.Id)),
            S<SimTask>("objectType", (t, q) => Ids.UrnType(t.Owner.Kind)),
            S<SimTask>("objectName", (t, q) => t.Owner.Name),
            S<SimTask>("serviceNamespace", (t, q) => "com.vmware.vcloud"),
        };
        return new QueryDef<SimTask>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = admin ? "AdminTaskReference" : "TaskReference",
            EntityMediaType = Xml.MediaTypes.Task,
            Source = (q, _) => q.Store.Tasks.Values.Where(t => (t.Org.IsNone ? q.ScopeOrg is null : q.Visible(t.Org.Id)) && t.ExpiryUtc > q.Now).OrderBy(t => t.Seq),
            Path = t => Ids.Path(EntityKind.Task, t.Id), Urn = t => t.Urn, Name = t => t.OperationName, Attributes = attrs,
        };
    }

    private static QueryDef<SimEvent> EventQuery(string type, string record, bool admin)
    {
        var attrs = new List<QueryAttribute<SimEvent>>
        {
            S<SimEvent>("eventId", (e, q) => e.EventId.ToString()),
            S<SimEvent>("eventType", (e, q) => e.EventType),
            D<SimEvent>("timeStamp", (e, q) => e.Timestamp),
            I<SimEvent>("eventStatus", (e, q) => e.Success ? 0L : 1L),
            S<SimEvent>("userName", (e, q) => e.User.Name),
            S<SimEvent>("orgName", (e, q) => e.Org.Name),
            S<SimEvent>("entityType", (e, q) => Ids.UrnType(e.Entity.Kind)),
            S<SimEvent>("entityName", (e, q) => e.Entity.Name),
            R<SimEvent>("entity", (e, q) => new RefValue(e.Entity.Path, e.Entity.Urn, e.Entity.Id)),
            S<SimEvent>("description", (e, q) => e.Description),
            S<SimEvent>("details", (e, q) => string.Join(";", e.Properties.Select(kv => kv.Key + "=" + kv.Value))),
            S<SimEvent>("serviceNamespace", (e, q) => "com.vmware.vcloud"),
        };
        if (admin)
        {
            attrs.Add(R<SimEvent>("org", (e, q) => e.Org.IsNone ? null : Ref(EntityKind.Org, e.Org.Id)));
            attrs.Add(S<SimEvent>("productVersion", (e, q) => "10.5.1"));
        }
        return new QueryDef<SimEvent>
        {
            Type = type, AdminOnly = admin, RecordName = record, ReferenceName = "EventReference", EntityMediaType = "application/vnd.vmware.admin.event+xml",
            Source = (q, filter) => EventSource.Range(q, filter, "timeStamp"),
            Path = e => "/api/admin/event/" + e.EventId, Urn = e => "urn:vcloud:event:" + e.EventId, Name = e => e.EventType, Attributes = attrs,
        };
    }

    private static QueryDef<SimOrg> Organization()
    {
        var attrs = new List<QueryAttribute<SimOrg>>
        {
            S<SimOrg>("name", (o, q) => o.Name),
            S<SimOrg>("displayName", (o, q) => o.FullName),
            B<SimOrg>("isEnabled", (o, q) => o.IsEnabled),
            I<SimOrg>("numberOfVdcs", (o, q) => (long)q.Store.Vdcs.Values.Count(v => v.OrgId == o.Id)),
            I<SimOrg>("numberOfCatalogs", (o, q) => (long)q.Store.Catalogs.Values.Count(c => c.OrgId == o.Id)),
            I<SimOrg>("numberOfVApps", (o, q) => (long)q.Store.VApps.Values.Count(a => a.OrgId == o.Id)),
        };
        return new QueryDef<SimOrg>
        {
            Type = "organization", RecordName = "OrgRecord", ReferenceName = "OrganizationReference", EntityMediaType = Xml.MediaTypes.Org,
            Source = (q, _) => q.Store.Orgs.Values.Where(o => q.Visible(o.Id)).OrderBy(o => o.Seq),
            Path = o => Ids.Path(EntityKind.Org, o.Id), Urn = o => o.Urn, Name = o => o.Name, Attributes = attrs,
        };
    }
}
