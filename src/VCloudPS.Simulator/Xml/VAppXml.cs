using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using static VCloudPS.Simulator.Xml.Links;

namespace VCloudPS.Simulator.Xml;

/// <summary>Renders <c>VApp</c> and <c>Vm</c> like the captured vapp-powered-on.xml / vm-powered-on.xml (call inside the lock).</summary>
public static class VAppXml
{
    private static XElement E(string name, params object?[] content) => new(Ns.V + name, content);
    private static XAttribute VcAttr(string name, object value) => new(Ns.V + name, value);
    /// <summary>vCD puts vcloud attributes of OVF sections under a generated prefix (ns12); parse by namespace.</summary>
    private static XAttribute Ns12() => new(XNamespace.Xmlns + "ns12", Ns.V.NamespaceName);

    public static XElement VApp(Simulation sim, SimVApp vapp, RequestContext rc)
    {
        var store = sim.Store;
        var href = rc.Href(Ids.Path(EntityKind.VApp, vapp.Id));
        var status = store.VAppStatusOf(vapp);
        var deployed = store.VAppDeployed(vapp);
        var root = E("VApp", Ns.RootDeclarations(),
            new XAttribute("ovfDescriptorUploaded", "true"),
            new XAttribute("deployed", XmlFormat.Bool(deployed)),
            new XAttribute("status", (int)status),
            new XAttribute("name", vapp.Name),
            new XAttribute("id", vapp.Urn),
            new XAttribute("href", href),
            new XAttribute("type", MediaTypes.VApp));

        if (vapp.StatusOverride is null or VAppStatus.FAILED_CREATION)
            root.Add(PowerLinks(href, status, deployed, isVm: false));
        foreach (var net in vapp.NetworkNames)
        {
            var n = store.NetworksOf(vapp.OrgId).FirstOrDefault(x => x.Name == net);
            if (n != null) root.Add(Link("down", rc.Href($"/api/network/{n.Id}"), MediaTypes.Prefix + "vAppNetwork+xml", net));
        }
        root.Add(
            Link("down", href + "/controlAccess/", MediaTypes.Prefix + "controlAccess+xml"),
            Link("controlAccess", href + "/action/controlAccess", MediaTypes.Prefix + "controlAccess+xml"),
            Link("up", rc.Href(Ids.Path(EntityKind.Vdc, vapp.VdcId)), MediaTypes.Vdc, store.Vdcs.TryGetValue(vapp.VdcId, out var upVdc) ? upVdc.Name : null),
            Link("edit", href, MediaTypes.VApp),
            Link("down", href + "/owner", MediaTypes.Owner),
            Link("down", href + "/metadata", MediaTypes.Metadata),
            Link("ovf", href + "/ovf", "text/xml"),
            Link("down", href + "/productSections/", MediaTypes.Prefix + "productSections+xml"),
            Link("snapshot:create", href + "/action/createSnapshot", MediaTypes.Prefix + "createSnapshotParams+xml"),
            vapp.InMaintenanceMode ? Link("exitMaintenanceMode", href + "/action/exitMaintenanceMode")
                                   : Link("enterMaintenanceMode", href + "/action/enterMaintenanceMode"));
        root.Add(E("Description", vapp.Description));
        root.Add(TaskXml.TasksOf(sim, vapp.Id, rc));

        root.Add(E("LeaseSettingsSection",
            new XAttribute("href", href + "/leaseSettingsSection/"),
            new XAttribute("type", MediaTypes.Prefix + "leaseSettingsSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Lease settings section"),
            Link("edit", href + "/leaseSettingsSection/", MediaTypes.Prefix + "leaseSettingsSection+xml"),
            E("DeploymentLeaseInSeconds", vapp.DeploymentLeaseSeconds),
            E("StorageLeaseInSeconds", vapp.StorageLeaseSeconds),
            vapp.RuntimeLeaseExpiryUtc is { } exp ? E("DeploymentLeaseExpiration", XmlFormat.Time(exp)) : null));

        var vms = store.VmsOf(vapp).ToList();
        root.Add(new XElement(Ns.Ovf + "StartupSection", Ns12(),
            VcAttr("href", href + "/startupSection/"), VcAttr("type", MediaTypes.Prefix + "startupSection+xml"),
            new XElement(Ns.Ovf + "Info", "VApp startup section"),
            vms.Select((vm, i) => new XElement(Ns.Ovf + "Item",
                new XAttribute(Ns.Ovf + "id", vm.Name), new XAttribute(Ns.Ovf + "order", i),
                new XAttribute(Ns.Ovf + "startAction", "powerOn"), new XAttribute(Ns.Ovf + "startDelay", 0),
                new XAttribute(Ns.Ovf + "stopAction", "powerOff"), new XAttribute(Ns.Ovf + "stopDelay", 0))),
            Link("edit", href + "/startupSection/", MediaTypes.Prefix + "startupSection+xml")));

        root.Add(new XElement(Ns.Ovf + "NetworkSection", Ns12(),
            VcAttr("href", href + "/networkSection/"), VcAttr("type", MediaTypes.Prefix + "networkSection+xml"),
            new XElement(Ns.Ovf + "Info", "The list of logical networks"),
            vapp.NetworkNames.Select(n => new XElement(Ns.Ovf + "Network", new XAttribute(Ns.Ovf + "name", n), new XElement(Ns.Ovf + "Description")))));

        root.Add(E("NetworkConfigSection",
            new XAttribute("href", href + "/networkConfigSection/"),
            new XAttribute("type", MediaTypes.Prefix + "networkConfigSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "The configuration parameters for logical networks"),
            Link("edit", href + "/networkConfigSection/", MediaTypes.Prefix + "networkConfigSection+xml"),
            vapp.NetworkNames.Select(n => NetworkConfig(store, vapp, n, deployed, rc))));

        root.Add(E("SnapshotSection",
            new XAttribute("href", href + "/snapshotSection"),
            new XAttribute("type", MediaTypes.Prefix + "snapshotSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Snapshot information section")));
        root.Add(E("DateCreated", XmlFormat.Time(vapp.CreatedUtc)));
        var owner = store.Users.TryGetValue(vapp.OwnerUserId, out var u) ? u : null;
        root.Add(E("Owner", new XAttribute("type", MediaTypes.Owner),
            Ref("User", rc.Href(Ids.Path(EntityKind.User, vapp.OwnerUserId)), owner?.Name ?? "system", MediaTypes.User)));
        root.Add(E("InMaintenanceMode", XmlFormat.Bool(vapp.InMaintenanceMode)));
        root.Add(E("Children", vms.Select(vm => Vm(sim, vm, vapp, rc, asRoot: false))));
        sim.Transfers?.Decorate(root, vapp, rc);
        return root;
    }

    private static XElement NetworkConfig(SimStore store, SimVApp vapp, string name, bool deployed, RequestContext rc)
    {
        var n = store.NetworksOf(vapp.OrgId).FirstOrDefault(x => x.Name == name);
        return E("NetworkConfig", new XAttribute("networkName", name),
            E("Description"),
            E("Configuration",
                n is null ? null : E("IpScopes", E("IpScope",
                    E("IsInherited", "true"), E("Gateway", n.Gateway), E("Netmask", n.Netmask), E("Dns1", n.Dns1),
                    E("IsEnabled", "true"),
                    E("IpRanges", E("IpRange", E("StartAddress", n.IpRangeStart), E("EndAddress", n.IpRangeEnd))))),
                n is null ? null : Ref("ParentNetwork", rc.Href($"/api/admin/network/{n.Id}"), n.Name, null, n.Id.ToString()),
                E("FenceMode", n?.FenceMode ?? "isolated"),
                E("RetainNetInfoAcrossDeployments", "false")),
            E("IsDeployed", XmlFormat.Bool(deployed)));
    }

    /// <summary>
    /// State-dependent power links (vcd-api.md §2.4, §10 item 7): no power:powerOn while on, no remove while deployed,
    /// no type on power/remove links, one link per rel.
    /// </summary>
    internal static IEnumerable<XElement> PowerLinks(string href, VAppStatus status, bool deployed, bool isVm)
    {
        var p = href + "/power/action/";
        var on = status == VAppStatus.POWERED_ON;
        var anyOn = on || status is VAppStatus.PARTIALLY_POWERED_OFF or VAppStatus.MIXED or VAppStatus.PARTIALLY_SUSPENDED;
        if (!on) yield return Link("power:powerOn", p + "powerOn");
        if (anyOn)
        {
            yield return Link("power:powerOff", p + "powerOff");
            yield return Link("power:reboot", p + "reboot");
            yield return Link("power:reset", p + "reset");
            yield return Link("power:shutdown", p + "shutdown");
            yield return Link("power:suspend", p + "suspend");
        }
        if (status == VAppStatus.SUSPENDED) yield return Link("discardState", href + "/action/discardSuspendedState");
        if (!isVm || !deployed) yield return Link("deploy", href + "/action/deploy", MediaTypes.DeployParams);
        if (deployed) yield return Link("undeploy", href + "/action/undeploy", MediaTypes.UndeployParams);
        if (!deployed && !isVm) yield return Link("remove", href);
    }

    public static XElement Vm(Simulation sim, SimVm vm, SimVApp? vapp, RequestContext rc, bool asRoot = true)
    {
        var store = sim.Store;
        var href = rc.Href(Ids.Path(EntityKind.Vm, vm.Id, vm.InTemplate));
        var e = E("Vm");
        if (asRoot) e.Add(Ns.RootDeclarations());
        e.Add(new XAttribute("needsCustomization", "false"),
            new XAttribute("nestedHypervisorEnabled", "false"),
            new XAttribute("deployed", XmlFormat.Bool(vm.Deployed)),
            new XAttribute("status", (int)vm.Status),
            new XAttribute("name", vm.Name),
            new XAttribute("id", vm.Urn),
            new XAttribute("href", href),
            new XAttribute("type", MediaTypes.Vm));

        if (!vm.InTemplate)
        {
            e.Add(PowerLinks(href, vm.Status, vm.Deployed, isVm: true));
            e.Add(Link("edit", href, MediaTypes.Vm),
                Link("down", href + "/metadata", MediaTypes.Metadata),
                Link("down", href + "/productSections/", MediaTypes.Prefix + "productSections+xml"));
            // vCD pairs each metrics link with a down link to the same URL (GET reads it, POST with a spec filters it).
            if (vm.IsOn)
                e.Add(Link("screen:thumbnail", href + "/screen"),
                    Link("screen:acquireTicket", href + "/screen/action/acquireTicket"),
                    Link("down", href + "/metrics/current", MediaTypes.Prefix + "metrics.currentUsageSpec+xml"),
                    Link("metrics", href + "/metrics/current", MediaTypes.Prefix + "metrics.currentUsageSpec+xml"),
                    Link("down", href + "/metrics/historic", MediaTypes.Prefix + "metrics.historicUsageSpec+xml"));
            e.Add(Link("metrics", href + "/metrics/historic", MediaTypes.Prefix + "metrics.historicUsageSpec+xml"),
                Link("media:insertMedia", href + "/media/action/insertMedia", MediaTypes.Prefix + "mediaInsertOrEjectParams+xml"),
                Link("media:ejectMedia", href + "/media/action/ejectMedia", MediaTypes.Prefix + "mediaInsertOrEjectParams+xml"),
                Link("disk:attach", href + "/disk/action/attach", MediaTypes.Prefix + "diskAttachOrDetachParams+xml"),
                Link("disk:detach", href + "/disk/action/detach", MediaTypes.Prefix + "diskAttachOrDetachParams+xml"));
            if (vm.IsOn) e.Add(Link("installVmwareTools", href + "/action/installVMwareTools"));
            e.Add(Link("snapshot:create", href + "/action/createSnapshot", MediaTypes.Prefix + "createSnapshotParams+xml"),
                Link("reconfigureVm", href + "/action/reconfigureVm", MediaTypes.Vm, vm.Name));
        }
        var parentName = vm.InTemplate ? (store.Templates.TryGetValue(vm.VAppId, out var pt) ? pt.Name : null)
                                       : (store.VApps.TryGetValue(vm.VAppId, out var pa) ? pa.Name : null);
        e.Add(Link("up", rc.Href(vm.InTemplate ? Ids.Path(EntityKind.VAppTemplate, vm.VAppId) : Ids.Path(EntityKind.VApp, vm.VAppId)),
            vm.InTemplate ? MediaTypes.VAppTemplate : MediaTypes.VApp, parentName));
        e.Add(E("Description", vm.Description));
        if (!vm.InTemplate) e.Add(TaskXml.TasksOf(sim, vm.Id, rc));
        e.Add(VmSpecXml.VmSpecSection(store, vm, rc));
        e.Add(HardwareSection(store, vm, href, rc));
        e.Add(new XElement(Ns.Ovf + "OperatingSystemSection", Ns12(),
            new XAttribute(Ns.Ovf + "id", "94"),
            VcAttr("href", href + "/operatingSystemSection/"), VcAttr("type", MediaTypes.Prefix + "operatingSystemSection+xml"),
            new XAttribute(Ns.Vmw + "osType", vm.OsType),
            new XElement(Ns.Ovf + "Info", "Specifies the operating system installed"),
            new XElement(Ns.Ovf + "Description", vm.GuestOs),
            Link("edit", href + "/operatingSystemSection/", MediaTypes.Prefix + "operatingSystemSection+xml")));
        e.Add(NetworkConnectionSection(vm, href));
        e.Add(E("GuestCustomizationSection",
            new XAttribute("href", href + "/guestCustomizationSection/"),
            new XAttribute("type", MediaTypes.Prefix + "guestCustomizationSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Specifies Guest OS Customization Settings"),
            E("Enabled", "true"), E("ChangeSid", "false"), E("VirtualMachineId", vm.Id.ToString()),
            E("JoinDomainEnabled", "false"), E("UseOrgSettings", "false"), E("AdminPasswordEnabled", "false"),
            E("AdminPasswordAuto", "true"), E("ResetPasswordRequired", "false"), E("ComputerName", vm.ComputerName.Length > 0 ? vm.ComputerName : vm.Name),
            Link("edit", href + "/guestCustomizationSection/", MediaTypes.Prefix + "guestCustomizationSection+xml")));
        e.Add(E("RuntimeInfoSection", Ns12(),
            VcAttr("href", href + "/runtimeInfoSection"), VcAttr("type", MediaTypes.VirtualHardwareSection),
            new XElement(Ns.Ovf + "Info", "Specifies Runtime info"),
            E("VMWareTools", new XAttribute("version", "12352"))));
        e.Add(E("SnapshotSection",
            new XAttribute("href", href + "/snapshotSection"),
            new XAttribute("type", MediaTypes.Prefix + "snapshotSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Snapshot information section")));
        e.Add(E("DateCreated", XmlFormat.Time(vm.CreatedUtc)));
        e.Add(E("VAppScopedLocalId", vm.Name));
        e.Add(E("VmCapabilities",
            new XAttribute("href", href + "/vmCapabilities/"),
            new XAttribute("type", MediaTypes.Prefix + "vmCapabilitiesSection+xml"),
            Link("edit", href + "/vmCapabilities/", MediaTypes.Prefix + "vmCapabilitiesSection+xml"),
            E("MemoryHotAddEnabled", XmlFormat.Bool(vm.MemoryHotAdd)),
            E("CpuHotAddEnabled", XmlFormat.Bool(vm.CpuHotAdd))));
        var profile = store.StorageProfiles.TryGetValue(vm.StorageProfileId, out var sp) ? sp : null;
        if (profile != null)
            e.Add(Ref("StorageProfile", rc.Href(Ids.Path(EntityKind.StorageProfile, profile.Id)), profile.Name, MediaTypes.StorageProfile));
        e.Add(VmSpecXml.BootOptions(rc));
        sim.Transfers?.Decorate(e, vm, rc);
        return e;
    }

    public static XElement NetworkConnectionSection(SimVm vm, string vmHref, bool asRoot = false)
    {
        var e = E("NetworkConnectionSection");
        if (asRoot) e.Add(Ns.RootDeclarations());
        e.Add(new XAttribute("href", vmHref + "/networkConnectionSection/"),
            new XAttribute("type", MediaTypes.Prefix + "networkConnectionSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Specifies the available VM network connections"),
            vm.Nics.Count > 0 ? E("PrimaryNetworkConnectionIndex", vm.PrimaryNicIndex) : null,
            vm.Nics.Select(n => E("NetworkConnection",
                new XAttribute("needsCustomization", "false"), new XAttribute("network", n.Network),
                E("NetworkConnectionIndex", n.Index),
                n.IpAddress is null ? null : E("IpAddress", n.IpAddress),
                E("IsConnected", XmlFormat.Bool(n.IsConnected)),
                E("MACAddress", n.Mac),
                E("IpAddressAllocationMode", n.IpMode),
                E("NetworkAdapterType", n.AdapterType))),
            Link("edit", vmHref + "/networkConnectionSection/", MediaTypes.Prefix + "networkConnectionSection+xml"));
        return e;
    }

    private static XElement Rasd(string name, object? value) => new(Ns.Rasd + name, value);

    public static XElement CpuItem(SimVm vm, string href, bool asRoot = false)
    {
        var e = new XElement(Ns.Ovf + "Item");
        if (asRoot) e.Add(Ns.RootDeclarations());
        e.Add(Ns12(), VcAttr("href", href + "/virtualHardwareSection/cpu"), VcAttr("type", MediaTypes.RasdItem),
            Rasd("AllocationUnits", "hertz * 10^6"), Rasd("Description", "Number of Virtual CPUs"),
            Rasd("ElementName", $"{vm.Cpu} virtual CPU(s)"), Rasd("InstanceID", 4), Rasd("Reservation", 0),
            Rasd("ResourceType", 3), Rasd("VirtualQuantity", vm.Cpu), Rasd("Weight", 0),
            new XElement(Ns.Vmw + "CoresPerSocket", new XAttribute(Ns.Ovf + "required", "false"), vm.CoresPerSocket),
            Link("edit", href + "/virtualHardwareSection/cpu", MediaTypes.RasdItem));
        return e;
    }

    public static XElement MemoryItem(SimVm vm, string href, bool asRoot = false)
    {
        var e = new XElement(Ns.Ovf + "Item");
        if (asRoot) e.Add(Ns.RootDeclarations());
        e.Add(Ns12(), VcAttr("href", href + "/virtualHardwareSection/memory"), VcAttr("type", MediaTypes.RasdItem),
            Rasd("AllocationUnits", "byte * 2^20"), Rasd("Description", "Memory Size"),
            Rasd("ElementName", $"{vm.MemoryMB} MB of memory"), Rasd("InstanceID", 5), Rasd("Reservation", 0),
            Rasd("ResourceType", 4), Rasd("VirtualQuantity", vm.MemoryMB), Rasd("Weight", 0),
            Link("edit", href + "/virtualHardwareSection/memory", MediaTypes.RasdItem));
        return e;
    }

    private static XElement ScsiController(XName item) => new(item,
        Rasd("Address", 0), Rasd("Description", "SCSI Controller"), Rasd("ElementName", "SCSI Controller 0"),
        Rasd("InstanceID", 100), Rasd("ResourceSubType", "lsilogic"), Rasd("ResourceType", 6));

    /// <summary>
    /// One item per disk (ResourceType 17, capacity in MB on vcloud:capacity, bytes in VirtualQuantity): <c>ovf:Item</c>
    /// inside the VirtualHardwareSection, vCloud-namespace <c>Item</c> in a RasdItemsList (<paramref name="item"/>).
    /// </summary>
    public static IEnumerable<XElement> DiskItems(SimStore store, SimVm vm, RequestContext rc, XName? item = null)
    {
        var unit = 0;
        foreach (var d in vm.Disks)
        {
            var profile = store.StorageProfiles.TryGetValue(d.StorageProfileId, out var p) ? p : null;
            yield return new XElement(item ?? Ns.Ovf + "Item",
                Rasd("AddressOnParent", unit++), Rasd("Description", "Hard disk"), Rasd("ElementName", $"Hard disk {unit}"),
                new XElement(Ns.Rasd + "HostResource", Ns12(),
                    profile is null ? null : VcAttr("storageProfileHref", rc.Href(Ids.Path(EntityKind.StorageProfile, profile.Id))),
                    VcAttr("busType", "6"), VcAttr("busSubType", d.BusSubType), VcAttr("capacity", d.SizeMB),
                    VcAttr("storageProfileOverrideVmDefault", XmlFormat.Bool(d.StorageProfileId != vm.StorageProfileId))),
                Rasd("InstanceID", d.InstanceId), Rasd("Parent", 100), Rasd("ResourceType", 17),
                Rasd("VirtualQuantity", d.SizeMB * 1024 * 1024), Rasd("VirtualQuantityUnits", "byte"));
        }
    }

    /// <summary>GET …/virtualHardwareSection/disks: RasdItemsList (vCloud-namespace Items) with the controller and the disks.</summary>
    public static XElement DisksList(SimStore store, SimVm vm, RequestContext rc)
    {
        var href = rc.Href(Ids.Path(EntityKind.Vm, vm.Id)) + "/virtualHardwareSection/disks";
        return new XElement(Ns.V + "RasdItemsList", Ns.RootDeclarations(),
            new XAttribute("href", href), new XAttribute("type", MediaTypes.RasdItemsList),
            Link("edit", href, MediaTypes.RasdItemsList),
            ScsiController(Ns.V + "Item"), DiskItems(store, vm, rc, Ns.V + "Item"));
    }

    private static XElement HardwareSection(SimStore store, SimVm vm, string href, RequestContext rc)
    {
        var hw = href + "/virtualHardwareSection/";
        var s = new XElement(Ns.Ovf + "VirtualHardwareSection", Ns12(),
            new XAttribute(Ns.Ovf + "transport", ""),
            VcAttr("href", hw), VcAttr("type", MediaTypes.VirtualHardwareSection),
            new XElement(Ns.Ovf + "Info", "Virtual hardware requirements"),
            new XElement(Ns.Ovf + "System",
                new XElement(Ns.Vssd + "ElementName", "Virtual Hardware Family"),
                new XElement(Ns.Vssd + "InstanceID", 0),
                new XElement(Ns.Vssd + "VirtualSystemIdentifier", vm.Name),
                new XElement(Ns.Vssd + "VirtualSystemType", vm.HardwareVersion)));
        foreach (var n in vm.Nics)
            s.Add(new XElement(Ns.Ovf + "Item",
                Rasd("Address", n.Mac), Rasd("AddressOnParent", n.Index), Rasd("AutomaticAllocation", XmlFormat.Bool(n.IsConnected)),
                new XElement(Ns.Rasd + "Connection",
                    n.IpAddress is null ? null : VcAttr("ipAddress", n.IpAddress),
                    VcAttr("ipAddressingMode", n.IpMode),
                    VcAttr("primaryNetworkConnection", XmlFormat.Bool(n.Index == vm.PrimaryNicIndex)),
                    n.Network),
                Rasd("Description", $"{n.AdapterType} ethernet adapter on \"{n.Network}\""),
                Rasd("ElementName", $"Network adapter {n.Index}"), Rasd("InstanceID", 1 + n.Index),
                Rasd("ResourceSubType", n.AdapterType), Rasd("ResourceType", 10)));
        s.Add(new XElement(Ns.Ovf + "Item",
            Rasd("Address", 0), Rasd("Description", "SCSI Controller"), Rasd("ElementName", "SCSI Controller 0"),
            Rasd("InstanceID", 100), Rasd("ResourceSubType", "lsilogic"), Rasd("ResourceType", 6)));
        s.Add(DiskItems(store, vm, rc));
        s.Add(new XElement(Ns.Ovf + "Item",
            Rasd("Address", 0), Rasd("Description", "IDE Controller"), Rasd("ElementName", "IDE Controller 0"),
            Rasd("InstanceID", 200), Rasd("ResourceType", 5)));
        s.Add(new XElement(Ns.Ovf + "Item",
            Rasd("AddressOnParent", 0), Rasd("AutomaticAllocation", "false"), Rasd("Description", "CD/DVD Drive"),
            Rasd("ElementName", "CD/DVD Drive 1"), Rasd("HostResource", ""), Rasd("InstanceID", 3000), Rasd("Parent", 200),
            Rasd("ResourceType", 15)));
        s.Add(CpuItem(vm, href), MemoryItem(vm, href));
        s.Add(Link("edit", hw, MediaTypes.VirtualHardwareSection),
            Link("down", hw + "cpu", MediaTypes.RasdItem), Link("edit", hw + "cpu", MediaTypes.RasdItem),
            Link("down", hw + "memory", MediaTypes.RasdItem), Link("edit", hw + "memory", MediaTypes.RasdItem),
            Link("down", hw + "disks", MediaTypes.RasdItemsList), Link("edit", hw + "disks", MediaTypes.RasdItemsList),
            Link("down", hw + "media", MediaTypes.RasdItemsList),
            Link("down", hw + "networkCards", MediaTypes.RasdItemsList), Link("edit", hw + "networkCards", MediaTypes.RasdItemsList),
            Link("down", hw + "serialPorts", MediaTypes.RasdItemsList), Link("edit", hw + "serialPorts", MediaTypes.RasdItemsList));
        return s;
    }
}
