using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// GET of the sections and hardware lists a VApp, Vm or VAppTemplate links to (<c>…/leaseSettingsSection/</c>,
/// <c>…/virtualHardwareSection/networkCards</c>, …). A section answers exactly as it is embedded in its entity, so the two
/// never disagree.
/// </summary>
public static class SectionEndpoints
{
    /// <summary>Path segment → local name of the entity's child element that the segment addresses.</summary>
    private static readonly Dictionary<string, string> Sections = new()
    {
        ["leaseSettingsSection"] = "LeaseSettingsSection",
        ["startupSection"] = "StartupSection",
        ["networkSection"] = "NetworkSection",
        ["networkConfigSection"] = "NetworkConfigSection",
        ["snapshotSection"] = "SnapshotSection",
        ["customizationSection"] = "CustomizationSection",
        ["virtualHardwareSection"] = "VirtualHardwareSection",
        ["operatingSystemSection"] = "OperatingSystemSection",
        ["guestCustomizationSection"] = "GuestCustomizationSection",
        ["runtimeInfoSection"] = "RuntimeInfoSection",
        ["vmCapabilities"] = "VmCapabilities",
    };

    /// <summary>Hardware lists (RasdItemsList) by the rasd:ResourceType of their items.</summary>
    private static readonly Dictionary<string, string[]> HardwareLists = new()
    {
        ["media"] = ["15", "16"],
        ["networkCards"] = ["10"],
        ["serialPorts"] = ["21"],
    };

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        foreach (var root in new[] { "/api/vApp", "/api/vAppTemplate" })
        {
            foreach (var (segment, element) in Sections)
                app.MapGet($"{root}/{{reference}}/{segment}", (HttpContext ctx, string reference) =>
                    Section(sim, ctx, root, reference, element));
            foreach (var (segment, types) in HardwareLists)
                app.MapGet($"{root}/{{reference}}/virtualHardwareSection/{segment}", (HttpContext ctx, string reference) =>
                    HardwareList(sim, ctx, root, reference, segment, types));
            app.MapGet($"{root}/{{reference}}/productSections", (HttpContext ctx, string reference) =>
                ProductSections(sim, ctx, root, reference));
        }
        app.MapGet("/api/vApp/{reference}/controlAccess", (HttpContext ctx, string reference) => ControlAccess(sim, ctx, reference));
        foreach (var item in new[] { "cpu", "memory", "disks" })
            app.MapGet($"/api/vAppTemplate/{{reference}}/virtualHardwareSection/{item}", (HttpContext ctx, string reference) =>
                item == "disks" ? HardwareList(sim, ctx, "/api/vAppTemplate", reference, item, ["6", "17"]) : TemplateHardwareItem(sim, ctx, reference, item));
        app.MapGet("/api/vAppTemplate/{reference}/networkConnectionSection", (HttpContext ctx, string reference) =>
            Section(sim, ctx, "/api/vAppTemplate", reference, "NetworkConnectionSection"));
        app.MapGet("/api/vAppTemplate/{reference}/owner", (HttpContext ctx, string reference) => TemplateOwner(sim, ctx, reference));
    }

    /// <summary>Renders the entity /api/vApp/{reference} or /api/vAppTemplate/{reference} names (call inside the lock).</summary>
    private static XElement Entity(Simulation sim, RequestContext rc, string root, string reference)
    {
        if (root == "/api/vApp")
        {
            var (isVm, id) = Access.VAppRef(reference);
            if (isVm)
            {
                var (vm, vapp) = Access.Vm(sim, rc, id);
                return VAppXml.Vm(sim, vm, vapp, rc);
            }
            return VAppXml.VApp(sim, Access.VApp(sim, rc, id), rc);
        }
        if (reference.StartsWith("vm-", StringComparison.OrdinalIgnoreCase))
        {
            var g = Access.ParseId(reference[3..]);
            if (sim.Store.Vms.TryGetValue(g, out var vm) && vm.InTemplate && sim.Store.Templates.TryGetValue(vm.VAppId, out var t) && Access.CanSee(rc.Session!, t.OrgId))
                return VAppXml.Vm(sim, vm, null, rc);
            throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", g);
        }
        return OrgXml.VAppTemplate(sim, Access.Template(sim, rc, Access.ParseId(reference, "vappTemplate-")), rc);
    }

    private static IResult Section(Simulation sim, HttpContext ctx, string root, string reference, string element)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var entity = Entity(sim, rc, root, reference);
            var section = entity.Elements().FirstOrDefault(e => e.Name.LocalName == element)
                ?? throw new ApiException(404, "RESOURCE_NOT_FOUND", $"{entity.Name.LocalName} \"{entity.Attribute("name")?.Value}\" has no {element}.");
            var copy = new XElement(section);
            copy.Add(Ns.RootDeclarations().Where(a => copy.Attribute(a.Name) is null));
            var type = copy.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value ?? MediaTypes.Prefix + char.ToLowerInvariant(element[0]) + element[1..] + "+xml";
            return Responses.Ok(copy, type);
        }
    }

    /// <summary>RasdItemsList of the VM's hardware items of some resource types, as vCloud-namespace Items.</summary>
    private static IResult HardwareList(Simulation sim, HttpContext ctx, string root, string reference, string segment, string[] resourceTypes)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vm = Entity(sim, rc, root, reference);
            if (vm.Name != Ns.V + "Vm") throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", Guid.Empty);
            var href = vm.Attribute("href")!.Value + "/virtualHardwareSection/" + segment;
            var items = vm.Element(Ns.Ovf + "VirtualHardwareSection")!.Elements(Ns.Ovf + "Item")
                .Where(i => resourceTypes.Contains(i.Element(Ns.Rasd + "ResourceType")?.Value))
                .Select(i => new XElement(Ns.V + "Item", i.Attributes(), i.Nodes()));
            var list = new XElement(Ns.V + "RasdItemsList", Ns.RootDeclarations(),
                new XAttribute("href", href), new XAttribute("type", MediaTypes.RasdItemsList),
                segment == "media" ? null : Links.Link("edit", href, MediaTypes.RasdItemsList),
                items);
            return Responses.Ok(list, MediaTypes.RasdItemsList);
        }
    }

    /// <summary>The simulator keeps no OVF product sections: an empty ProductSectionList.</summary>
    private static IResult ProductSections(Simulation sim, HttpContext ctx, string root, string reference)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var entity = Entity(sim, rc, root, reference);
            var href = entity.Attribute("href")!.Value;
            var media = MediaTypes.Prefix + "productSections+xml";
            return Responses.Ok(new XElement(Ns.V + "ProductSectionList", Ns.RootDeclarations(),
                new XAttribute("href", href + "/productSections/"), new XAttribute("type", media),
                Links.Link("up", href, entity.Attribute("type")!.Value),
                Links.Link("edit", href + "/productSections/", media)), media);
        }
    }

    /// <summary>Sharing of a vApp: the simulator shares nothing, so only the owner's org has access.</summary>
    private static IResult ControlAccess(Simulation sim, HttpContext ctx, string reference)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vapp = Entity(sim, rc, "/api/vApp", reference);
            if (vapp.Name != Ns.V + "VApp") throw ApiException.NoEntity("com.vmware.vcloud.entity.vapp", Guid.Empty);
            var media = MediaTypes.Prefix + "controlAccess+xml";
            return Responses.Ok(new XElement(Ns.V + "ControlAccessParams", Ns.RootDeclarations(),
                new XAttribute("href", vapp.Attribute("href")!.Value + "/controlAccess/"), new XAttribute("type", media),
                new XElement(Ns.V + "IsSharedToEveryone", "false")), media);
        }
    }

    private static IResult TemplateHardwareItem(Simulation sim, HttpContext ctx, string reference, string item)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vm = Entity(sim, rc, "/api/vAppTemplate", reference);
            var href = vm.Attribute("href")!.Value + "/virtualHardwareSection/" + item;
            var found = vm.Name == Ns.V + "Vm"
                ? vm.Element(Ns.Ovf + "VirtualHardwareSection")!.Elements(Ns.Ovf + "Item").FirstOrDefault(i => i.Attributes().Any(a => a.Name.LocalName == "href" && a.Value == href))
                : null;
            if (found is null) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", Guid.Empty);
            var copy = new XElement(found);
            copy.Add(Ns.RootDeclarations().Where(a => copy.Attribute(a.Name) is null));
            return Responses.Ok(copy, MediaTypes.RasdItem);
        }
    }

    private static IResult TemplateOwner(Simulation sim, HttpContext ctx, string reference)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var tpl = Access.Template(sim, rc, Access.ParseId(reference, "vappTemplate-"));
            var href = rc.Href(Ids.Path(EntityKind.VAppTemplate, tpl.Id));
            var owner = sim.Store.Users.TryGetValue(tpl.OwnerUserId, out var u) ? u.Name : "system";
            return Responses.Ok(new XElement(Ns.V + "Owner", Ns.RootDeclarations(), new XAttribute("href", href + "/owner"),
                new XAttribute("type", MediaTypes.Owner),
                Links.Link("up", href, MediaTypes.VAppTemplate),
                Links.Ref("User", rc.Href(Ids.Path(EntityKind.User, tpl.OwnerUserId)), owner, MediaTypes.User)), MediaTypes.Owner);
        }
    }
}
