using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Transfer;

/// <summary>OVF download, upload and instantiation routes (vcd-api.md §4, §5), served by the simulation's <see cref="TransferService"/>.</summary>
public static class TransferEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var service = sim.Transfers;

        app.MapPost("/api/vApp/vapp-{id}/action/enableDownload", (string id, HttpContext ctx) => service.EnableDownload(ctx, EntityKind.VApp, id));
        app.MapPost("/api/vApp/vapp-{id}/action/disableDownload", (string id, HttpContext ctx) => service.DisableDownload(ctx, EntityKind.VApp, id));
        app.MapPost("/api/vAppTemplate/vappTemplate-{id}/action/enableDownload", (string id, HttpContext ctx) => service.EnableDownload(ctx, EntityKind.VAppTemplate, id));
        app.MapPost("/api/vAppTemplate/vappTemplate-{id}/action/disableDownload", (string id, HttpContext ctx) => service.DisableDownload(ctx, EntityKind.VAppTemplate, id));
        app.MapGet("/api/vApp/vapp-{id}/ovf", (string id, HttpContext ctx) => service.GetOvf(ctx, EntityKind.VApp, id));
        app.MapGet("/api/vAppTemplate/vappTemplate-{id}/ovf", (string id, HttpContext ctx) => service.GetOvf(ctx, EntityKind.VAppTemplate, id));
        app.MapDelete("/api/vAppTemplate/vappTemplate-{id}", (string id, HttpContext ctx) => service.DeleteTemplate(ctx, id));

        app.MapPost("/api/vdc/{id}/action/instantiateOvf", (string id, HttpContext ctx) => service.InstantiateOvfAsync(ctx, id));
        app.MapPost("/api/vdc/{id}/action/uploadVAppTemplate", (string id, HttpContext ctx) => service.UploadToVdcAsync(ctx, id));
        app.MapPost("/api/vdc/{id}/action/instantiateVAppTemplate", (string id, HttpContext ctx) => service.InstantiateVAppTemplateAsync(ctx, id));
        app.MapPost("/api/catalog/{id}/catalogItems", (string id, HttpContext ctx) => service.AddCatalogItemAsync(ctx, id));
        app.MapPost("/api/catalog/{id}/action/upload", (string id, HttpContext ctx) => service.UploadToCatalogAsync(ctx, id));

        app.MapMethods("/transfer/{session}/{file}", [HttpMethods.Get, HttpMethods.Head], (string session, string file, HttpContext ctx) => service.DownloadAsync(ctx, session, file));
        app.MapPut("/transfer/{session}/{file}", (string session, string file, HttpContext ctx) => service.UploadAsync(ctx, session, file));
    }
}
