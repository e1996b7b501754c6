using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// Links the simulator advertises (as vCD does) for operations it does not simulate: each route exists, checks the entity
/// like a real operation (403 for missing or foreign ones) and then answers 501 NOT_IMPLEMENTED, so a client sees a clear
/// "not simulated" instead of a 404 that looks like a wrong URL. Also the read-only empty metadata of every entity and the
/// Session's service links.
/// </summary>
public static class UnsimulatedEndpoints
{
    private static readonly string[] VmActions =
    [
        "media/action/insertMedia", "media/action/ejectMedia", "disk/action/attach", "disk/action/detach",
        "action/createSnapshot", "action/reconfigureVm", "action/installVMwareTools", "screen/action/acquireTicket",
        "action/controlAccess",
    ];

    private static readonly string[] VdcActions =
        ["media", "action/composeVApp", "action/cloneVAppTemplate", "action/cloneMedia", "action/captureVApp"];

    private static readonly string[] CatalogActions = ["action/move", "action/copy", "action/captureVApp"];

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        foreach (var action in VmActions)
            app.MapPost($"/api/vApp/{{reference}}/{action}", (HttpContext ctx, string reference) => NotSimulated(sim, ctx, action, rc => VAppOrVm(sim, rc, reference)));
        app.MapGet("/api/vApp/{reference}/screen", (HttpContext ctx, string reference) => NotSimulated(sim, ctx, "screen thumbnail", rc => VAppOrVm(sim, rc, reference)));
        foreach (var action in VdcActions)
            app.MapPost($"/api/vdc/{{id}}/{action}", (HttpContext ctx, string id) => NotSimulated(sim, ctx, action, rc => Access.Vdc(sim, rc, id)));
        foreach (var action in CatalogActions)
            app.MapPost($"/api/catalog/{{id}}/{action}", (HttpContext ctx, string id) => NotSimulated(sim, ctx, action, rc => Access.Catalog(sim, rc, id)));

        app.MapGet("/api/vApp/{reference}/metadata", (HttpContext ctx, string reference) => EmptyMetadata(sim, ctx, rc => VAppOrVm(sim, rc, reference)));
        app.MapGet("/api/vAppTemplate/{reference}/metadata", (HttpContext ctx, string reference) =>
            EmptyMetadata(sim, ctx, rc => Access.Template(sim, rc, Access.ParseId(reference, "vappTemplate-"))));
        app.MapGet("/api/org/{id}/metadata", (HttpContext ctx, string id) => EmptyMetadata(sim, ctx, rc => Access.Org(sim, rc, id)));
        app.MapGet("/api/vdc/{id}/metadata", (HttpContext ctx, string id) => EmptyMetadata(sim, ctx, rc => Access.Vdc(sim, rc, id)));
        app.MapGet("/api/catalog/{id}/metadata", (HttpContext ctx, string id) => EmptyMetadata(sim, ctx, rc => Access.Catalog(sim, rc, id)));
        app.MapGet("/api/catalogItem/{id}/metadata", (HttpContext ctx, string id) => EmptyMetadata(sim, ctx, rc => Access.CatalogItem(sim, rc, id)));

        app.MapGet("/api/entity", IResult () => throw ApiException.MalformedId());
        app.MapGet("/api/extensibility", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            var media = MediaTypes.Prefix + "apiextensibility+xml";
            return Responses.Ok(new XElement(Ns.V + "ApiExtensibility", Ns.RootDeclarations(),
                new XAttribute("href", rc.Href("/api/extensibility")), new XAttribute("type", media)), media);
        });
        app.MapGet("/api/admin/extension", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            if (!rc.Session!.IsProvider) throw ApiException.NotAllowed("General: Administrator View");
            var media = "application/vnd.vmware.admin.vmwExtension+xml";
            return Responses.Ok(new XElement(Ns.Vmext + "VMWExtension", Ns.RootDeclarations(),
                new XAttribute("href", rc.Href("/api/admin/extension")), new XAttribute("type", media)), media);
        });
        app.MapGet("/network", (HttpContext ctx) => NotSimulated(sim, ctx, "NSX API", _ => null));
        app.MapGet("/cloudapi", (HttpContext ctx) => NotSimulated(sim, ctx, "OpenAPI root", _ => null));
    }

    private static SimEntity VAppOrVm(Simulation sim, RequestContext rc, string reference)
    {
        var (isVm, id) = Access.VAppRef(reference);
        return isVm ? Access.Vm(sim, rc, id).Vm : Access.VApp(sim, rc, id);
    }

    private static IResult NotSimulated(Simulation sim, HttpContext ctx, string operation, Func<RequestContext, object?> checkEntity)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync) checkEntity(rc);
        throw new ApiException(501, "NOT_IMPLEMENTED", $"The simulator does not simulate this operation ({operation}).");
    }

    /// <summary>The simulator keeps no metadata here: an empty Metadata element with vCD's up/add links.</summary>
    private static IResult EmptyMetadata(Simulation sim, HttpContext ctx, Func<RequestContext, SimEntity> entity)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync) entity(rc);
        var href = rc.Href(ctx.Request.Path.Value!);
        var up = href[..href.LastIndexOf("/metadata", StringComparison.Ordinal)];
        return Responses.Ok(new XElement(Ns.V + "Metadata", Ns.RootDeclarations(),
            new XAttribute("href", href), new XAttribute("type", MediaTypes.Metadata),
            Links.Link("up", up),
            Links.Link("add", href, MediaTypes.Metadata)), MediaTypes.Metadata);
    }
}
