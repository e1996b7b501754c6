using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Api;

/// <summary>Maps vCD XML (query records and full entities) to the public model.</summary>
public static class EntityMapper
{
    /// <summary>Entities carry numeric status codes, query records names; both become the name (<see cref="VAppStatuses"/>).</summary>
    public static string StatusName(string? status) => VAppStatuses.NameOf(status);

    /// <summary>
    /// Removes secrets vCD shows privileged readers in clear (GuestCustomizationSection/AdminPassword) from a
    /// payload before it is kept as ExtensionData, so Format-List * or Export-Csv cannot print them.
    /// </summary>
    public static XElement Redact(XElement e)
    {
        foreach (var secret in e.DescendantsAndSelf().Where(x => x.Name.LocalName == "AdminPassword").ToList())
            secret.Remove();
        return e;
    }

    /// <summary>urn:vcloud:&lt;kind&gt;:&lt;uuid&gt; from an id attribute, or derived from the href's last segment.</summary>
    public static string IdOf(XElement e, string kind)
    {
        var id = e.Attr("id");
        if (!string.IsNullOrEmpty(id)) return id!;
        var href = e.Attr("href");
        if (string.IsNullOrEmpty(href)) return "";
        string last = href!.TrimEnd('/').Split('/').Last();
        int dash = last.IndexOf('-');
        // vApp/vm hrefs end in "vapp-<uuid>" / "vm-<uuid>"; others end in the bare uuid.
        string uuid = dash > 0 && dash < 15 && last.Length - dash - 1 == 36 ? last.Substring(dash + 1) : last;
        return "urn:vcloud:" + kind + ":" + uuid;
    }

    public static string? NameFromHref(string? href) => href?.TrimEnd('/').Split('/').LastOrDefault();

    // ---- Org ----

    /// <summary>An Org reference (OrgList/Org), an Org entity, or an OrgRecord / AdminOrgRecord.</summary>
    public static Org ToOrg(XElement e, VCloudConnection? connection)
    {
        return new Org
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "org"),
            Name = e.Attr("name") ?? "",
            FullName = e.VText("FullName") ?? e.Attr("displayName") ?? e.Attr("name"),
            Description = e.VText("Description"),
            IsEnabled = VcdXml.ParseBool(e.VText("IsEnabled")) ?? e.AttrBool("isEnabled") ?? true,
            RawPayload = e,
        };
    }

    // ---- Vdc ----

    /// <summary>A Vdc entity (capacities in StorageCapacity / ComputeCapacity) or an OrgVdcRecord / AdminVdcRecord.</summary>
    public static Vdc ToVdc(XElement e, VCloudConnection? connection)
    {
        var vdc = new Vdc
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "vdc"),
            Name = e.Attr("name") ?? "",
            RawPayload = e,
        };
        if (e.Name.LocalName.EndsWith("Record", StringComparison.Ordinal))
        {
            vdc.OrgName = e.Attr("orgName");
            vdc.OrgHref = e.Attr("org");
            vdc.AllocationModel = e.Attr("allocationModel");
            vdc.IsEnabled = e.AttrBool("isEnabled") ?? true;
            vdc.Description = e.Attr("description");
            vdc.CpuLimitMhz = e.AttrLong("cpuLimitMhz");
            vdc.CpuAllocatedMhz = e.AttrLong("cpuAllocationMhz");
            vdc.CpuUsedMhz = e.AttrLong("cpuUsedMhz");
            vdc.MemoryLimitMB = e.AttrLong("memoryLimitMB");
            vdc.MemoryAllocatedMB = e.AttrLong("memoryAllocationMB");
            vdc.MemoryUsedMB = e.AttrLong("memoryUsedMB");
            vdc.StorageLimitMB = e.AttrLong("storageLimitMB");
            vdc.StorageUsedMB = e.AttrLong("storageUsedMB");
            vdc.NumberOfVApps = e.AttrInt("numberOfVApps");
            return vdc;
        }
        var orgLink = e.FindLink("up", "application/vnd.vmware.vcloud.org+xml") ?? e.FindLink("up", "application/vnd.vmware.admin.organization+xml");
        vdc.OrgHref = orgLink?.Attr("href");
        vdc.OrgName = orgLink?.Attr("name");
        vdc.AllocationModel = e.VText("AllocationModel");
        vdc.Description = e.VText("Description");
        vdc.IsEnabled = VcdXml.ParseBool(e.VText("IsEnabled")) ?? true;
        var storage = e.V("StorageCapacity");
        vdc.StorageLimitMB = InMB(storage, "Limit");
        vdc.StorageUsedMB = InMB(storage, "Used");
        var compute = e.V("ComputeCapacity");
        var cpu = compute?.V("Cpu");
        vdc.CpuLimitMhz = VcdXml.ParseLong(cpu?.VText("Limit"));
        vdc.CpuAllocatedMhz = VcdXml.ParseLong(cpu?.VText("Allocated"));
        vdc.CpuUsedMhz = VcdXml.ParseLong(cpu?.VText("Used"));
        var mem = compute?.V("Memory");
        vdc.MemoryLimitMB = InMB(mem, "Limit");
        vdc.MemoryAllocatedMB = InMB(mem, "Allocated");
        vdc.MemoryUsedMB = InMB(mem, "Used");
        vdc.VmQuota = VcdXml.ParseInt(e.VText("VmQuota"));
        vdc.Networks = e.V("AvailableNetworks")?.Elements().Select(n => n.Attr("name") ?? "").Where(n => n.Length > 0).ToArray() ?? Array.Empty<string>();
        var entities = e.V("ResourceEntities")?.Elements().ToList();
        if (entities != null)
            vdc.NumberOfVApps = entities.Count(r => VcdXml.MediaTypeEquals(r.Attr("type"), "application/vnd.vmware.vcloud.vApp+xml"));
        return vdc;
    }

    private static long? InMB(XElement? capacity, string field)
    {
        var v = VcdXml.ParseLong(capacity?.VText(field));
        if (!v.HasValue) return null;
        string units = (capacity!.VText("Units") ?? "MB").Trim();
        if (units.Equals("GB", StringComparison.OrdinalIgnoreCase)) return v * 1024;
        if (units.Equals("KB", StringComparison.OrdinalIgnoreCase)) return v / 1024;
        return v;
    }

    // ---- Catalog ----

    public static Catalog ToCatalog(XElement e, VCloudConnection? connection)
    {
        bool record = e.Name.LocalName.EndsWith("Record", StringComparison.Ordinal);
        return new Catalog
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "catalog"),
            Name = e.Attr("name") ?? "",
            OrgName = record ? e.Attr("orgName") : e.FindLink("up")?.Attr("name"),
            Owner = record ? e.Attr("ownerName") : e.V("Owner")?.V("User")?.Attr("name"),
            IsPublished = (record ? e.AttrBool("isPublished") : VcdXml.ParseBool(e.VText("IsPublished"))) ?? false,
            IsShared = e.AttrBool("isShared") ?? false,
            NumberOfVAppTemplates = e.AttrInt("numberOfVAppTemplates") ?? e.AttrInt("numberOfTemplates"),
            NumberOfMedia = e.AttrInt("numberOfMedia"),
            CreationDate = record ? e.AttrDate("creationDate") : VcdXml.ParseDate(e.VText("DateCreated")),
            Description = record ? e.Attr("description") : e.VText("Description"),
            RawPayload = e,
        };
    }

    // ---- VApp ----

    /// <summary>A VAppRecord / AdminVAppRecord. Tenant records carry no org: it is the connection's org.</summary>
    public static VApp ToVAppFromRecord(XElement r, VCloudConnection? connection)
    {
        long? storageMB = r.AttrLong("totalStorageAllocatedMb");
        if (!storageMB.HasValue && r.AttrLong("storageKB") is long kb) storageMB = kb / 1024;
        return new VApp
        {
            Connection = connection!,
            Href = r.Attr("href") ?? "",
            Id = IdOf(r, "vapp"),
            Name = r.Attr("name") ?? "",
            Status = StatusName(r.Attr("status")),
            Deployed = r.AttrBool("isDeployed") ?? false,
            IsBusy = r.AttrBool("isBusy") ?? false,
            VdcName = r.Attr("vdcName"),
            VdcHref = r.Attr("vdc"),
            OrgName = r.Attr("orgName") ?? (r.Name.LocalName == "VAppRecord" ? connection?.Org : null),
            NumberOfVMs = r.AttrInt("numberOfVMs"),
            CpuCount = r.AttrInt("numberOfCpus"),
            MemoryMB = r.AttrLong("memoryAllocationMB"),
            StorageMB = storageMB,
            Owner = r.Attr("ownerName"),
            CreationDate = r.AttrDate("creationDate"),
            Description = r.Attr("description"),
            InMaintenanceMode = r.AttrBool("isInMaintenanceMode"),
            RawPayload = r,
        };
    }

    /// <summary>A full VApp entity; CPU, memory and storage are summed over its VMs.</summary>
    public static VApp ToVApp(XElement e, VCloudConnection? connection)
    {
        Redact(e);
        var vms = VmsOf(e, connection).ToList();
        var vdcLink = e.FindLink("up", "application/vnd.vmware.vcloud.vdc+xml");
        return new VApp
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "vapp"),
            Name = e.Attr("name") ?? "",
            Status = StatusName(e.Attr("status")),
            Deployed = e.AttrBool("deployed") ?? false,
            IsBusy = e.V("Tasks")?.Elements().Any(t => !IsFinished(t.Attr("status"))) ?? false,
            VdcHref = vdcLink?.Attr("href"),
            VdcName = vdcLink?.Attr("name"),
            OrgName = connection?.IsProvider == false ? connection.Org : null,
            NumberOfVMs = vms.Count,
            CpuCount = vms.Count == 0 ? 0 : vms.Sum(v => v.CpuCount ?? 0),
            MemoryMB = vms.Count == 0 ? 0 : vms.Sum(v => v.MemoryMB ?? 0),
            StorageMB = vms.Count == 0 ? 0 : vms.Sum(v => v.StorageMB ?? 0),
            Owner = e.V("Owner")?.V("User")?.Attr("name"),
            CreationDate = VcdXml.ParseDate(e.VText("DateCreated")),
            Description = e.VText("Description"),
            InMaintenanceMode = VcdXml.ParseBool(e.VText("InMaintenanceMode")),
            RawPayload = e,
        };
    }

    private static bool IsFinished(string? taskStatus) =>
        taskStatus != null && (taskStatus == "success" || taskStatus == "error" || taskStatus == "aborted" || taskStatus == "canceled");

    /// <summary>The VMs under Children of a VApp entity, with the vApp filled in.</summary>
    public static IEnumerable<Vm> VmsOf(XElement vapp, VCloudConnection? connection)
    {
        Redact(vapp);
        var children = vapp.V("Children");
        if (children == null) yield break;
        foreach (var vm in children.Elements(VcdXml.Vcloud + "Vm"))
        {
            var m = ToVm(vm, connection);
            m.VAppName = vapp.Attr("name");
            m.VAppHref = vapp.Attr("href");
            m.VAppId = IdOf(vapp, "vapp");
            if (m.VdcName == null) m.VdcName = vapp.FindLink("up", "application/vnd.vmware.vcloud.vdc+xml")?.Attr("name");
            yield return m;
        }
    }

    // ---- Vm ----

    public static Vm ToVmFromRecord(XElement r, VCloudConnection? connection)
    {
        string? container = r.Attr("container");
        return new Vm
        {
            Connection = connection!,
            Href = r.Attr("href") ?? "",
            Id = IdOf(r, "vm"),
            Name = r.Attr("name") ?? "",
            VAppName = r.Attr("containerName"),
            VAppHref = container,
            VAppId = container != null ? IdOf(new XElement("x", new XAttribute("href", container)), "vapp") : null,
            Status = StatusName(r.Attr("status")),
            Deployed = r.AttrBool("isDeployed") ?? false,
            CpuCount = r.AttrInt("numberOfCpus"),
            MemoryMB = r.AttrLong("memoryMB"),
            StorageMB = r.AttrLong("totalStorageAllocatedMb"),
            GuestOs = r.Attr("guestOs"),
            HardwareVersion = r.Attr("hardwareVersion"),
            IpAddress = r.Attr("ipAddress"),
            NetworkName = r.Attr("networkName"),
            StorageProfile = r.Attr("storageProfileName"),
            VdcName = r.Attr("vdcName"),
            RawPayload = r,
        };
    }

    /// <summary>A Vm entity: CPU, memory, disks and NICs from its VirtualHardwareSection.</summary>
    public static Vm ToVm(XElement e, VCloudConnection? connection)
    {
        Redact(e);
        var vm = new Vm
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "vm"),
            Name = e.Attr("name") ?? "",
            Status = StatusName(e.Attr("status")),
            Deployed = e.AttrBool("deployed") ?? false,
            RawPayload = e,
        };
        var up = e.FindLink("up", "application/vnd.vmware.vcloud.vApp+xml");
        if (up != null)
        {
            vm.VAppHref = up.Attr("href");
            vm.VAppName = up.Attr("name");
            vm.VAppId = IdOf(new XElement("x", new XAttribute("href", vm.VAppHref ?? "")), "vapp");
        }
        vm.StorageProfile = e.V("StorageProfile")?.Attr("name");

        var hw = e.Element(VcdXml.Ovf + "VirtualHardwareSection");
        var disks = new List<VmDisk>();
        var nics = new List<VmNic>();
        if (hw != null)
        {
            vm.HardwareVersion = hw.Element(VcdXml.Ovf + "System")?.Element(VcdXml.Vssd + "VirtualSystemType")?.Value;
            foreach (var item in hw.Elements(VcdXml.Ovf + "Item"))
            {
                string? type = item.Element(VcdXml.Rasd + "ResourceType")?.Value?.Trim();
                switch (type)
                {
                    case "3":
                        vm.CpuCount = VcdXml.ParseInt(item.Element(VcdXml.Rasd + "VirtualQuantity")?.Value);
                        vm.CoresPerSocket = VcdXml.ParseInt(item.Element(VcdXml.Vmw + "CoresPerSocket")?.Value);
                        break;
                    case "4":
                        vm.MemoryMB = ScaleToMB(VcdXml.ParseLong(item.Element(VcdXml.Rasd + "VirtualQuantity")?.Value),
                            item.Element(VcdXml.Rasd + "AllocationUnits")?.Value ?? "byte * 2^20");
                        break;
                    case "17":
                        disks.Add(ToDisk(item));
                        break;
                    case "10":
                        nics.Add(ToNic(item));
                        break;
                }
            }
        }
        // A disk names its storage policy only by href; it is the VM's policy unless the disk overrides it (the
        // name of an overriding policy is looked up by InventoryClient).
        string? vmProfileHref = e.V("StorageProfile")?.Attr("href");
        foreach (var d in disks)
            if (!d.OverridesVmStorageProfile || d.StorageProfileHref == null || string.Equals(d.StorageProfileHref, vmProfileHref, StringComparison.OrdinalIgnoreCase))
                d.StorageProfile = vm.StorageProfile;
        vm.Disks = disks.ToArray();
        vm.StorageMB = disks.Sum(d => d.SizeMB);

        // NetworkConnectionSection is the authoritative NIC view when present (MAC, connected flag, allocation mode).
        var ncs = e.V("NetworkConnectionSection");
        if (ncs != null)
        {
            int primary = VcdXml.ParseInt(ncs.VText("PrimaryNetworkConnectionIndex")) ?? 0;
            var fromSection = ncs.Elements(VcdXml.Vcloud + "NetworkConnection").Select(nc =>
            {
                int idx = VcdXml.ParseInt(nc.VText("NetworkConnectionIndex")) ?? 0;
                var hwNic = nics.FirstOrDefault(n => n.Index == idx);
                return new VmNic
                {
                    Index = idx,
                    Network = nc.Attr("network"),
                    IpAddress = nc.VText("IpAddress") ?? nc.VText("ExternalIpAddress"),
                    IpAddressingMode = nc.VText("IpAddressAllocationMode"),
                    MacAddress = nc.VText("MACAddress"),
                    AdapterType = nc.VText("NetworkAdapterType") ?? hwNic?.AdapterType,
                    IsConnected = VcdXml.ParseBool(nc.VText("IsConnected")) ?? true,
                    IsPrimary = idx == primary,
                };
            }).ToList();
            if (fromSection.Count > 0) nics = fromSection;
        }
        vm.Nics = nics.OrderBy(n => n.Index).ToArray();
        var primaryNic = vm.Nics.FirstOrDefault(n => n.IsPrimary) ?? vm.Nics.FirstOrDefault();
        vm.NetworkName = primaryNic?.Network;
        vm.IpAddress = primaryNic?.IpAddress;

        var os = e.Element(VcdXml.Ovf + "OperatingSystemSection");
        vm.GuestOs = os?.Element(VcdXml.Ovf + "Description")?.Value ?? os?.Attributes().FirstOrDefault(a => a.Name.LocalName == "osType")?.Value;
        return vm;
    }

    private static VmDisk ToDisk(XElement item)
    {
        var host = item.Element(VcdXml.Rasd + "HostResource");
        long? mb = VcdXml.ParseLong(host?.Attr("capacity"));
        if (!mb.HasValue)
        {
            // Newer servers: VirtualQuantity in bytes with VirtualQuantityUnits=byte.
            var q = VcdXml.ParseLong(item.Element(VcdXml.Rasd + "VirtualQuantity")?.Value);
            string units = item.Element(VcdXml.Rasd + "VirtualQuantityUnits")?.Value ?? item.Element(VcdXml.Rasd + "AllocationUnits")?.Value ?? "byte";
            mb = ScaleToMB(q, units);
        }
        return new VmDisk
        {
            Name = item.Element(VcdXml.Rasd + "ElementName")?.Value ?? "Hard disk",
            InstanceId = item.Element(VcdXml.Rasd + "InstanceID")?.Value,
            SizeMB = mb ?? 0,
            BusType = host?.Attr("busType"),
            BusSubType = host?.Attr("busSubType"),
            StorageProfileHref = host?.Attr("storageProfileHref"),
            OverridesVmStorageProfile = host?.Attr("storageProfileOverrideVmDefault") == "true",
        };
    }

    private static VmNic ToNic(XElement item)
    {
        var conn = item.Element(VcdXml.Rasd + "Connection");
        return new VmNic
        {
            Index = VcdXml.ParseInt(item.Element(VcdXml.Rasd + "AddressOnParent")?.Value) ?? 0,
            Network = conn?.Value,
            IpAddress = conn?.Attr("ipAddress"),
            IpAddressingMode = conn?.Attr("ipAddressingMode"),
            IsPrimary = VcdXml.ParseBool(conn?.Attr("primaryNetworkConnection")) ?? false,
            MacAddress = item.Element(VcdXml.Rasd + "Address")?.Value,
            AdapterType = item.Element(VcdXml.Rasd + "ResourceSubType")?.Value,
        };
    }

    /// <summary>Converts a quantity in DMTF programmatic units ("byte * 2^20", "byte", "MegaBytes", "GB") to MB.</summary>
    public static long? ScaleToMB(long? quantity, string units)
    {
        if (!quantity.HasValue) return null;
        string u = units.Replace(" ", "").ToLowerInvariant();
        double factorBytes;
        if (u.StartsWith("byte*2^", StringComparison.Ordinal) && int.TryParse(u.Substring(7), out int pow)) factorBytes = Math.Pow(2, pow);
        else if (u == "byte" || u == "bytes") factorBytes = 1;
        else if (u.StartsWith("kilo", StringComparison.Ordinal) || u == "kb") factorBytes = 1024;
        else if (u.StartsWith("mega", StringComparison.Ordinal) || u == "mb") factorBytes = 1024 * 1024;
        else if (u.StartsWith("giga", StringComparison.Ordinal) || u == "gb") factorBytes = 1024.0 * 1024 * 1024;
        else factorBytes = 1024 * 1024;
        return (long)Math.Round(quantity.Value * factorBytes / (1024.0 * 1024));
    }

    // ---- VAppTemplate ----

    public static VAppTemplate ToVAppTemplate(XElement e, VCloudConnection? connection)
    {
        bool record = e.Name.LocalName.EndsWith("Record", StringComparison.Ordinal);
        return new VAppTemplate
        {
            Connection = connection!,
            Href = e.Attr("href") ?? "",
            Id = IdOf(e, "vapptemplate"),
            Name = e.Attr("name") ?? "",
            Status = StatusName(e.Attr("status")),
            CatalogName = e.Attr("catalogName"),
            CatalogHref = e.Attr("catalog"),
            VdcName = record ? e.Attr("vdcName") : e.FindLink("up", "application/vnd.vmware.vcloud.vdc+xml")?.Attr("name"),
            VdcHref = record ? e.Attr("vdc") : e.FindLink("up", "application/vnd.vmware.vcloud.vdc+xml")?.Attr("href"),
            OrgName = e.Attr("orgName") ?? (connection?.IsProvider == false ? connection.Org : null),
            IsBusy = e.AttrBool("isBusy") ?? false,
            Owner = record ? e.Attr("ownerName") : e.V("Owner")?.V("User")?.Attr("name"),
            StorageProfile = e.Attr("storageProfileName"),
            CreationDate = record ? e.AttrDate("creationDate") : VcdXml.ParseDate(e.VText("DateCreated")),
            RawPayload = e,
        };
    }
}
